// Acceptance: "no harm left behind". An audit with writes allowed never
// calls the endpoints that wipe the database (one listed under exclude:, one
// excluded by default), and an app whose list a probe write breaks gets
// audit-left-app-broken naming that write.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { acmeAuditConfig } from '../helpers/acme-audit-config.js';
import { runCli } from '../helpers/run-cli.js';
import { FRAGILE_SPEC, startFragileApp, type FragileApp } from '../targets/fragile-app.js';

let tmp: string;
let app: FragileApp;
let report: Report;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-noharm-'));
  app = await startFragileApp();
  const dir = path.join(tmp, 'audit');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(FRAGILE_SPEC));
  await writeFile(
    path.join(dir, 'launchready.yml'),
    acmeAuditConfig({
      name: 'Fragile',
      apiUrl: app.url,
      passwordOf: (e) => app.passwords[e]!,
      environment: 'staging',
      allowWrites: true,
      policy: ['{ operation: "* /api/notes*", allow: [owner, outsider] }'],
      extra: 'exclude:\n  - POST /api/reset-db\n',
    }),
  );
  const r = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--format', 'json', '-q'], { timeoutMs: 150_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  report = JSON.parse(r.stdout) as Report;
}, 200_000);

afterAll(async () => {
  await app?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('no harm left behind', () => {
  it('never calls the wiping endpoints: POST /api/reset-db (exclude:) and GET /createdb (by default)', () => {
    expect(app.wipes).toEqual({});
    expect(report.ledger.some((e) => /reset-db|createdb/.test(e.url))).toBe(false);
    expect(report.notes).toContain('not called: POST /api/reset-db (exclude: POST /api/reset-db)');
    expect(report.notes.some((n) => n.startsWith('not called: GET /createdb (excluded by default: its path says createdb'))).toBe(true);
  });

  it('the list a probe write broke is audit-left-app-broken, with the write that most likely did it', () => {
    const check = report.checks.find((c) => c.id === 'audit-left-app-broken')!;
    expect(check.status).toBe('fail');
    const f = check.findings.find((x) => x.title.startsWith('GET /api/notes answers 500 after the audit'));
    expect(f, JSON.stringify(check.findings.map((x) => x.title))).toBeDefined();
    expect(f!.detail, f!.detail).toMatch(/Most likely cause \(failed write to the same collection\): request #\d+, POST http:\/\/127\.0\.0\.1:\d+\/api\/notes → 500/);
    expect(f!.reproduction).toMatch(/^curl -i .*\/api\/notes'$/);
  });

  it('the notes list every side effect of the audit', () => {
    expect(report.notes.some((n) => /^side effect of the audit, created or triggered: POST \/api\/notes/.test(n))).toBe(true);
  });
});
