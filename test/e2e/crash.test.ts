// Acceptance: an app that a single request kills. Run as its own process
// under a supervisor, audited from the command line as a user would: the
// request that kills it is request-crashes-server, with the request in the
// reproduction; and an app that dies for good leaves no check that needed it
// passing, and no verdict but incomplete.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { acmeAuditConfig } from '../helpers/acme-audit-config.js';
import { runCli } from '../helpers/run-cli.js';
import { CRASHY_SPEC } from '../targets/crashy-spec.js';
import { supervise, type Supervised } from '../targets/supervisor.js';

let tmp: string;
const apps: Supervised[] = [];
const password = (role: string) => `pw-${role}-${process.pid}`;
const USERS = {
  'olivia@acme.test': { password: password('owner'), role: 'owner', tenant: 'acme' },
  'vic@acme.test': { password: password('viewer'), role: 'viewer', tenant: 'acme' },
  'gary@globex.test': { password: password('outsider'), role: 'owner', tenant: 'globex' },
};

async function audit(name: string, app: Supervised): Promise<{ code: number | null; report: Report }> {
  const dir = path.join(tmp, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(CRASHY_SPEC));
  const config = acmeAuditConfig({ name, apiUrl: app.url, passwordOf: (e) => USERS[e as keyof typeof USERS].password, ratePerSecond: 100 });
  await writeFile(path.join(dir, 'launchready.yml'), config);
  const r = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--format', 'json', '-q'], { timeoutMs: 120_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-crash-'));
});

afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('an app that one request kills', () => {
  it('under a supervisor: request-crashes-server names the request, and the audit carries on after it', async () => {
    const app = await supervise('crashy-app.ts', { restart: true, restartDelayMs: 1_000, env: { CRASH: 'anonymous-reports', USERS: JSON.stringify(USERS) } });
    apps.push(app);
    const { code, report } = await audit('Crashy', app);
    const crash = report.checks.find((c) => c.id === 'request-crashes-server')!;
    expect(crash.status).toBe('fail');
    expect(crash.findings).toHaveLength(1);
    const f = crash.findings[0]!;
    expect(f.title).toBe('GET /api/reports crashes the server');
    expect(f.severity).toBe('critical');
    expect(f.reproduction).toBe(`curl -i '${app.url}/api/reports'`);
    // The policy lets every role call every GET: no role limit to try, so function-level is not applicable and the verdict stays NOT READY.
    expect(report.checks.find((c) => c.id === 'function-level-authorization-missing')?.status).toBe('not-applicable');
    expect(report.verdict).toBe('not-ready');
    expect(code).toBe(1);
    // The coverage block says once that the app went down and came back.
    expect(report.coverage.targetProblems.filter((p) => p.kind === 'was-down')).toHaveLength(1);
    // The audit carried on once the app was back: the app answered again, and tenant isolation was judged.
    const back = report.coverage.targetProblems.find((p) => p.kind === 'was-down')!;
    expect(report.ledger.some((e) => e.seq > back.firstSeq! && e.status === 200 && !e.purpose.startsWith('liveness'))).toBe(true);
    expect(['pass', 'fail']).toContain(report.checks.find((c) => c.id === 'object-level-authorization-missing')?.status);
  }, 150_000);

  it('dead for good after its 20th request: no check that needed it passes, and the verdict is incomplete', async () => {
    const app = await supervise('crashy-app.ts', { restart: false, restartDelayMs: 0, env: { CRASH: 'nth:20', USERS: JSON.stringify(USERS) } });
    apps.push(app);
    const { code, report } = await audit('Dies', app);
    expect(report.verdict).toBe('incomplete');
    expect(code).toBe(4);
    expect(report.coverage.targetProblems.find((p) => p.kind === 'went-down')?.firstSeq).toBe(20);
    expect(report.verdictLine).toMatch(/stopped answering at request #20/);
    const targetFacing = report.checks.filter((c) => ['access control', 'target liveness', 'app responses'].includes(c.family));
    const passed = targetFacing.filter((c) => c.status === 'pass').map((c) => c.id);
    // The access probes all ran after the app died: none of them passes. The HTTP and unauthenticated
    // probes ran first; those checks may pass only when every one of their requests came before #20.
    const earlier: Record<string, RegExp> = {
      'unauthenticated-access': /^(baseline for|no credentials on|confirm no credentials)/,
      'error-response-leaks-internals': /^(health endpoint|error page|malformed)/,
      'critical-page-unavailable': /^(app home page|login page|health endpoint)/,
    };
    expect(passed.filter((id) => !earlier[id])).toEqual([]);
    for (const id of passed) {
      const own = report.ledger.filter((e) => earlier[id]!.test(e.purpose));
      expect(own.length, id).toBeGreaterThan(0);
      expect(own.every((e) => e.seq < 20), id).toBe(true);
    }
    const accessErrors = report.checks.filter((c) => c.family === 'access control' && c.status === 'error');
    expect(accessErrors.length).toBeGreaterThan(0);
    // Tenant isolation found no ids because the harvest reads met the dead app: an error that says
    // where the app went away, not "no id of tenant acme was found", which blames the app's data.
    const bola = report.checks.find((c) => c.id === 'object-level-authorization-missing')!;
    expect(bola.status).toBe('error');
    expect(bola.reason).toMatch(/stopped answering at request #20/);
    expect(report.checks.filter((c) => /no id of tenant/.test(c.reason ?? '')).map((c) => c.id)).toEqual([]);
    // A skip for a reason of configuration stays one: it would not have been tested with the app alive either.
    expect(report.checks.find((c) => c.id === 'user-enumeration-possible')).toMatchObject({ status: 'not-tested', reason: expect.stringContaining('allowWrites: false') });
    expect(report.checks.find((c) => c.id === 'request-crashes-server')?.status).toBe('error');
    // Once the engine has waited for it in vain, nothing more is sent to the dead app.
    const lastWait = Math.max(...report.ledger.filter((e) => e.purpose.startsWith('liveness')).map((e) => e.seq));
    expect(report.ledger.filter((e) => e.seq > lastWait)).toEqual([]);
  }, 150_000);
});
