// The road of a new user with an app of their own (issue 12), walked as they
// would walk it: `launchready init` on the app's folder, the printed
// variables set, one HAR per role recorded by headless Chromium clicking
// through the app's own UI, then `launchready audit --har …`. The app
// (test/targets/invoices-app) has a login, three roles and an outsider, no API
// document, and one planted bug: a viewer can delete invoices. The same app
// is then audited from policy lines alone, and from the policy `init --har`
// drafts. Set LAUNCHREADY_TIMINGS=1 to print how long each step took.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { recordRole } from '../targets/invoices-app/record.js';
import { startInvoicesApp, type InvoicesApp } from '../targets/invoices-app/server.js';

const ROLES = ['owner', 'staff', 'viewer', 'outsider'] as const;
const timings: [string, number][] = [];
async function timed<T>(step: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    timings.push([step, Math.round(performance.now() - t0)]);
  }
}

let tmp: string;
let repo: string;
let app: InvoicesApp;
let env: NodeJS.ProcessEnv;
let drafted: string;
const hars = () => ROLES.map((r) => path.join(repo, 'recordings', `${r}.har`));

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-new-user-'));
  repo = path.join(tmp, 'tiny-invoices');
  await cp(path.join(REPO_ROOT, 'test/targets/invoices-app'), repo, { recursive: true });
  app = await startInvoicesApp();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await rm(tmp, { recursive: true, force: true });
  if (process.env.LAUNCHREADY_TIMINGS) process.stderr.write(`new-user timings (ms):\n${timings.map(([s, ms]) => `  ${s}: ${ms}`).join('\n')}\n`);
});

async function audit(args: string[], name: string): Promise<{ run: CliResult; report: Report; files: string[] }> {
  const out = path.join(tmp, name);
  const run = await timed(`audit (${name})`, () => runCli(['audit', '--quiet', '--out', out, ...args], { cwd: repo, env, timeoutMs: 300_000 }));
  const files = await Promise.all((await readdir(out)).map((f) => readFile(path.join(out, f), 'utf8')));
  return { run, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report, files };
}

const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;
const titles = (r: Report, id: string) => check(r, id).findings.map((f) => f.title);

/** Every password and every credential of the recordings: none may appear in any output. */
async function credentials(): Promise<string[]> {
  const out = ROLES.map((r) => app.users[r].password);
  for (const file of hars()) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/Bearer ([0-9a-f]{48})/g)) out.push(m[1]!);
  }
  return [...new Set(out)];
}

describe('a new user audits an app with no API document', () => {
  it('with only the app URL, the audit runs what needs nothing else and says which lines unlock the rest', async () => {
    const file = path.join(repo, 'first-look.yml');
    await writeFile(file, `project: { name: tiny-invoices }\nenvironments:\n  production: { appUrl: "${app.url}" }\n`);
    const { run, report } = await audit(['--config', file], 'first-look');
    expect(run.code, run.stderr).toBe(4);
    expect(report.verdict).toBe('incomplete');
    // What the page's own script calls, probed without credentials.
    expect(report.coverage.operations).toMatchObject({ sources: [`page ${app.url}`], count: 8 });
    expect(check(report, 'unauthenticated-access').reason).toBe(
      'no roles configured, so no signed-in answer to compare with; without credentials: GET /api/invoices → 401, GET /api/me → 401, GET /api/members → 401',
    );
    // The edge and response checks ran.
    expect(check(report, 'missing-security-headers').status).toBe('fail');
    const unlocks = report.coverage.families.filter((f) => f.family === 'access control').flatMap((f) => f.gaps.map((g) => g.unlock));
    expect(unlocks).toContain('add roles under auth.roles (owner, staff, viewer and an outsider in another tenant) with auth.login; launchready init drafts both and prints the variables to set');
  }, 300_000);

  it('init drafts a config that runs with only the printed exports', async () => {
    const r = await timed('init', () => runCli(['init', repo, '--app-url', app.url], { cwd: tmp }));
    expect(r.code, r.stderr).toBe(0);
    const exports = [...r.stdout.matchAll(/export (LAUNCHREADY_\w+)=/g)].map((m) => m[1]!);
    expect(exports).toEqual(ROLES.flatMap((role) => [`LAUNCHREADY_${role.toUpperCase()}_USERNAME`, `LAUNCHREADY_${role.toUpperCase()}_PASSWORD`]));
    env = Object.fromEntries(ROLES.flatMap((role) => [[`LAUNCHREADY_${role.toUpperCase()}_USERNAME`, app.users[role].email], [`LAUNCHREADY_${role.toUpperCase()}_PASSWORD`, app.users[role].password]]));
    drafted = await readFile(path.join(repo, 'launchready.yml'), 'utf8');
    expect(drafted).toContain('# From the code: the route is declared at server.ts:');
    expect(drafted).toContain('path: "/api/auth/login"');
    // A server on this machine is the user's own: write probes are on.
    expect(drafted).toMatch(/This URL is on this machine.*\n\s+allowWrites: true/);
  });

  it('records one HAR per role by clicking through the app', async () => {
    await timed('record 4 HARs', async () => {
      for (const role of ROLES) await recordRole(app.url, role, app.users[role], path.join(repo, 'recordings', `${role}.har`));
    });
    for (const file of hars()) expect(JSON.parse(await readFile(file, 'utf8')).log.entries.length).toBeGreaterThan(5);
  }, 180_000);

  it('audit --har finds the viewer who can delete, and nothing in the output carries a credential', async () => {
    const { run, report, files } = await audit(hars().flatMap((h) => ['--har', h]), 'with-har');
    expect(run.code, run.stderr).toBe(1);
    expect(report.coverage.operations).toMatchObject({ sources: [`har ${hars().join(', ')}`], count: 8, undocumented: [] });
    expect(titles(report, 'function-level-authorization-missing')).toEqual(['DELETE /api/invoices/{id} is open to viewer']);
    expect(check(report, 'function-level-authorization-missing').findings[0]!.detail).toMatch(/^No policy rule covers DELETE \/api\/invoices\/\{id\}; in the HAR recordings only owner and staff did it, so viewer should not/);
    // Tenancy holds, and the members list refused the roles it should (no false finding).
    expect(check(report, 'object-level-authorization-missing').status).toBe('pass');
    expect(report.notes).toContain('recorded sign-in and account requests are not probed as operations: POST /api/auth/login, POST /api/auth/logout');
    // No API document: no method is "undocumented" (critic #9).
    expect(check(report, 'undocumented-method-answered')).toMatchObject({ status: 'not-applicable', reason: expect.stringMatching(/^no API document \(api\.openapi\): the operations came from har /) });
    // The recordings, outside git, are the audit's input: a note, not a committed secret (critic #7).
    expect(check(report, 'secret-in-repository').findings.filter((f) => f.location?.path?.endsWith('.har'))).toEqual([]);
    expect(report.notes.some((n) => /recordings\/owner\.har.*: HAR recording\(s\) with live credentials, not tracked by git/.test(n))).toBe(true);
    const secrets = await credentials();
    expect(secrets.length).toBeGreaterThan(4);
    for (const text of [...files, run.stdout, run.stderr]) for (const s of secrets) expect(text).not.toContain(s);
  }, 300_000);

  it('init --har drafts the policy from what each role did, and the audit judges by it', async () => {
    const r = await timed('init --har', () => runCli(['init', repo, '--force', '--app-url', app.url, '--har', ...hars()], { cwd: tmp }));
    expect(r.code, r.stderr).toBe(0);
    const yml = await readFile(path.join(repo, 'launchready.yml'), 'utf8');
    expect(yml).toContain('  - { operation: "DELETE /api/invoices/{id}", allow: [owner, staff] }');
    expect(yml).toContain('  - { operation: "GET /api/members", allow: [owner] }');
    expect(yml).toContain('  logout: { method: POST, path: "/api/auth/logout" }   # from the recordings');
    expect(yml).toContain('    - { path: "recordings/viewer.har", role: viewer }');
    const { run, report } = await audit([], 'init-har');
    expect(run.code, run.stderr).toBe(1);
    expect(titles(report, 'function-level-authorization-missing')).toEqual(['DELETE /api/invoices/{id} is open to viewer']);
    expect(check(report, 'function-level-authorization-missing').findings[0]!.detail).toMatch(/^The policy does not allow viewer/);
    // auth.logout came from the recordings, so the logout check ran.
    expect(check(report, 'session-valid-after-logout').status).not.toBe('not-tested');
  }, 300_000);

  it('with a partial API document as well, the union is probed and the coverage block lists what the document lacks', async () => {
    const secured = { security: [{ bearer: [] }], responses: { 200: { description: 'ok' } } };
    const doc = {
      openapi: '3.0.3',
      info: { title: 'tiny-invoices (partial)', version: '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      paths: {
        '/api/invoices': { get: secured },
        '/api/invoices/{invoiceId}': { parameters: [{ name: 'invoiceId', in: 'path', required: true, schema: { type: 'integer' } }], get: secured, delete: secured },
      },
    };
    await writeFile(path.join(repo, 'openapi.json'), JSON.stringify(doc));
    const file = path.join(repo, 'with-doc.yml');
    // The config init --har drafted (recordings and policy), plus the document.
    await writeFile(file, (await readFile(path.join(repo, 'launchready.yml'), 'utf8')).replace(/^api:\n/m, 'api:\n  openapi: openapi.json\n'));
    const { run, report } = await audit(['--config', file], 'with-doc');
    expect(run.code, run.stderr).toBe(1);
    expect(report.coverage.operations).toEqual({
      sources: [`openapi ${path.join(repo, 'openapi.json')}`, `har ${ROLES.map((r) => `recordings/${r}.har`).join(', ')}`],
      count: 8,
      undocumented: ['GET /api/me', 'GET /api/members', 'PATCH /api/invoices/{id}', 'POST /api/invoices', 'POST /api/invoices/{id}/approve'],
    });
    // With a document, methods it does not list are probed again.
    expect(check(report, 'undocumented-method-answered').status).not.toBe('not-applicable');
    // The document's template names the operation; the policy (written with {id}) still decides it.
    expect(titles(report, 'function-level-authorization-missing')).toEqual(['DELETE /api/invoices/{invoiceId} is open to viewer']);
  }, 300_000);

  it('the policy alone finds it too, with bodies learned from the app\'s reads', async () => {
    const policy = `policy:
  - { operation: "GET /api/invoices", allow: [owner, staff, viewer, outsider] }
  - { operation: "POST /api/invoices", allow: [owner, staff, outsider] }
  - { operation: "GET /api/invoices/{id}", allow: [owner, staff, viewer, outsider] }
  - { operation: "PATCH /api/invoices/{id}", allow: [owner, staff, outsider] }
  - { operation: "DELETE /api/invoices/{id}", allow: [owner, staff, outsider] }
  - { operation: "POST /api/invoices/{id}/approve", allow: [owner, outsider] }
  - { operation: "GET /api/members", allow: [owner, outsider] }
`;
    const file = path.join(repo, 'policy-only.yml');
    await writeFile(file, drafted.replace('policy: []\n', policy));
    const { run, report } = await audit(['--config', file], 'policy-only');
    expect(run.code, run.stderr).toBe(1);
    expect(report.coverage.operations).toMatchObject({ sources: ['policy'], count: 7 });
    expect(titles(report, 'function-level-authorization-missing')).toEqual(['DELETE /api/invoices/{id} is open to viewer']);
    expect(report.notes).toContain("2 request bodies were learned from the app's own reads (no document or recording gave them)");
    expect(check(report, 'undocumented-method-answered').status).toBe('not-applicable');
  }, 300_000);

  it('the policy alone on a read-only environment says exactly what it needs', async () => {
    const file = path.join(repo, 'read-only.yml');
    const yml = drafted.replace('policy: []\n', 'policy:\n  - { operation: "GET /api/invoices", allow: [owner, staff, viewer] }\n  - { operation: "DELETE /api/invoices/{id}", allow: [owner, staff] }\n');
    await writeFile(file, yml.replace('allowWrites: true', 'allowWrites: false'));
    const { report } = await audit(['--config', file], 'read-only');
    const fl = check(report, 'function-level-authorization-missing');
    expect(fl.findings).toEqual([]);
    const gaps = report.coverage.families.flatMap((f) => f.gaps).filter((g) => g.checks.includes('function-level-authorization-missing'));
    expect(fl.status === 'pass' ? fl.reason : gaps.map((g) => `${g.reason} → ${g.unlock}`).join('; ')).toMatch(/allowWrites/);
  }, 300_000);
});
