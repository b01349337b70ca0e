// Acceptance of "masking both ways", from the command line: a role whose
// password is "secret" changes no word of any report, and the JWTs the app
// hands out (in the login answer and repeated in another body) appear in no
// report, no saved evidence and no terminal output.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acmeAuditConfig } from '../helpers/acme-audit-config.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { FRAGILE_SPEC, startFragileApp, type FragileApp } from '../targets/fragile-app.js';

let tmp: string;
let app: FragileApp;
let run: CliResult;
const texts: string[] = [];
const tokensSeen = new Set<string>();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-masking-'));
  app = await startFragileApp({ passwords: { 'vic@acme.test': 'secret' }, jwt: true });
  const dir = path.join(tmp, 'audit');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(FRAGILE_SPEC));
  await writeFile(path.join(dir, 'launchready.yml'), acmeAuditConfig({ name: 'Masking', apiUrl: app.url, passwordOf: (e) => app.passwords[e]! }));
  const out = path.join(tmp, 'out');
  run = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--out', out, '--format', 'all', '--save-evidence', path.join(tmp, 'ev')], { timeoutMs: 150_000 });
  texts.push(run.stdout, run.stderr);
  for (const d of [out, path.join(tmp, 'ev')]) for (const f of await readdir(d)) texts.push(await readFile(path.join(d, f), 'utf8'));
  // Every JWT the app signed during the run: sign in once more to learn their shape, then look for any.
  for (const t of texts) for (const m of t.matchAll(/eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{20,}/g)) tokensSeen.add(m[0]);
}, 200_000);

afterAll(async () => {
  await app?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('masking both ways', () => {
  it('the audit ran and wrote every format', () => {
    expect(run.stderr).not.toMatch(/internal error/);
    expect(texts.length).toBeGreaterThan(7);
  });

  it('a role password "secret" changes no word of any report', () => {
    const all = texts.join('\n');
    expect(all).toContain('secret-in-repository');
    expect(all).not.toMatch(/\*{3,}-in-repository|\*{6}-in-git-history/);
    expect(all).not.toContain('"password":"secret"');
    expect(all).not.toContain('password=secret');
  });

  it('no JWT the app handed out appears anywhere, whole', () => {
    // They did pass through: masked (first and last characters only) in the saved evidence.
    expect(texts.join('\n')).toMatch(/eyJh…[A-Za-z0-9_-]{4}/);
    expect([...tokensSeen]).toEqual([]);
  });
});
