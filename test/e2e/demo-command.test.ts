// `launchready demo` as a new user runs it: a child process, real loopback
// servers, real exit codes and report files. Known answers: the vulnerable
// demo yields exactly the planted findings; the hardened one nothing to fix
// first, with its checks actually passing (not skipped).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { ISSUE2_CHECKS, EXPECTED_VULNERABLE } from './expected.js';

let tmp: string;
const runs: Record<'vulnerable' | 'hardened', { cli: CliResult; report: Report }> = {} as never;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-e2e-'));
  for (const mode of ['vulnerable', 'hardened'] as const) {
    const out = path.join(tmp, mode);
    const cli = await runCli(['demo', '--mode', mode, '--format', 'json', '--out', out], { timeoutMs: 150_000 });
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
    runs[mode] = { cli, report };
  }
}, 300_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('launchready demo --mode vulnerable', () => {
  it('exits 1 and says NOT READY', () => {
    const { cli, report } = runs.vulnerable;
    expect(cli.stderr).not.toMatch(/internal error/);
    expect(cli.code).toBe(1);
    expect(report.verdict).toBe('not-ready');
    expect(report.verdictLine).toMatch(/^NOT READY — \d+ fix(es)? first \(\d+ findings?\)$/);
    expect(cli.stdout).toContain(report.verdictLine);
  });

  it('counts fixes: at most a third as many as findings, every finding in exactly one fix', () => {
    const { report } = runs.vulnerable;
    const findings = report.checks.flatMap((c) => c.findings.map((f) => f.fingerprint));
    const fixes = report.fixes!;
    expect(fixes.length * 3).toBeLessThanOrEqual(findings.length);
    expect(fixes.flatMap((f) => f.findings).sort()).toEqual([...findings].sort());
    const first = fixes.filter((f) => f.triage === 'fix-first' && !f.accepted);
    const closed = first.reduce((n, f) => n + f.openFindings, 0);
    expect(report.verdictLine).toBe(`NOT READY — ${first.length} fixes first (${closed} findings)`);
    for (const f of fixes) expect(f.verify).toMatch(/^launchready audit --only [a-z0-9-]+(,[a-z0-9-]+)*$/);
  });

  it('has the report JSON shape the issue promises', () => {
    const { report } = runs.vulnerable;
    expect(report.schemaVersion).toBe(2);
    expect(Object.keys(report.summary)).toEqual(expect.arrayContaining(['fixFirst', 'launchNow', 'defer']));
    for (const c of report.checks) {
      expect(c).toMatchObject({ id: expect.any(String), stage: expect.any(Number), status: expect.any(String) });
      for (const f of c.findings) {
        expect(f).toMatchObject({ checkId: c.id, severity: expect.any(String), triage: expect.any(String), title: expect.any(String), fingerprint: expect.any(String) });
      }
    }
  });

  it('finds exactly the planted problems, by check and finding title', () => {
    const { report } = runs.vulnerable;
    const found: Record<string, string[]> = {};
    for (const c of report.checks) if (c.findings.length) found[c.id] = c.findings.map((f) => f.title).sort();
    expect(Object.keys(found).sort()).toEqual(Object.keys(EXPECTED_VULNERABLE).sort());
    for (const [id, patterns] of Object.entries(EXPECTED_VULNERABLE)) {
      expect(found[id], id).toHaveLength(patterns.length);
      // Each pattern matches a finding and each finding a pattern: one to one.
      for (const p of patterns) expect(found[id]!.some((t) => p.test(t)), `${id}: ${p}`).toBe(true);
      for (const t of found[id]!) expect(patterns.some((p) => p.test(t)), `${id}: unexpected "${t}"`).toBe(true);
    }
  });

  it('nothing is an error: every gatherer reached the demo', () => {
    const { report } = runs.vulnerable;
    expect(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  });

  it('lists the serious planted problems of the issue-2 checks as fix first, and banners below that', () => {
    const { report } = runs.vulnerable;
    const byTitle = (id: string, re: RegExp) => report.checks.find((x) => x.id === id)!.findings.find((f) => re.test(f.title))!;
    for (const id of ISSUE2_CHECKS) expect(report.checks.find((x) => x.id === id)?.status, id).toBe('fail');
    expect(byTitle('unauthenticated-access', /admin\/users/).triage).toBe('fix-first');
    expect(byTitle('http-not-redirected-to-https', /^app\.acme\.test/).triage).toBe('fix-first');
    expect(byTitle('error-response-leaks-internals', /stack trace/).triage).toBe('fix-first');
    expect(byTitle('env-file-committed', /^\.env is committed/).triage).toBe('fix-first');
    // "No HSTS" is planted too: hsts-weak owns it, on every host.
    expect(byTitle('hsts-weak', /^app\.acme\.test/).triage).toBe('fix-first');
    // Header hygiene and the framework banner matter, but do not block a launch.
    expect(byTitle('missing-security-headers', /clickjacking/).triage).toBe('launch-now');
    expect(byTitle('error-response-leaks-internals', /x-powered-by/).triage).toBe('defer');
  });

  it('gives every HTTP finding a curl reproduction', () => {
    const { report } = runs.vulnerable;
    for (const c of report.checks) {
      for (const f of c.findings) if (f.location?.url) expect(f.reproduction, f.title).toMatch(/\bcurl /);
    }
  });
});

describe('launchready demo --mode hardened', () => {
  it('exits 0 and says READY', () => {
    const { cli, report } = runs.hardened;
    expect(cli.stderr).not.toMatch(/internal error/);
    expect(cli.code).toBe(0);
    expect(report.verdict).toBe('ready');
    expect(report.summary.fixFirst).toBe(0);
  });

  it('really tested: the issue-2 checks pass rather than being skipped', () => {
    const { report } = runs.hardened;
    for (const id of ISSUE2_CHECKS) expect(report.checks.find((c) => c.id === id)?.status, id).toBe('pass');
    expect(report.checks.filter((c) => c.status === 'error').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  });

  it('has no finding at all, and every check that found something in vulnerable mode passes or says why not', () => {
    const { report } = runs.hardened;
    expect(report.checks.flatMap((c) => c.findings.map((f) => `${c.id}: ${f.title}`))).toEqual([]);
    for (const id of Object.keys(EXPECTED_VULNERABLE)) {
      const c = report.checks.find((x) => x.id === id)!;
      expect(['pass', 'not-tested', 'not-applicable'], `${id}: ${c.status}`).toContain(c.status);
      if (c.status !== 'pass') expect(c.reason, id).toBeTruthy();
    }
  });
});
