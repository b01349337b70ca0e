import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import type { CheckResult, Finding, Severity, Triage } from '../../src/report/model.js';
import { FIXES, FIX_OF_CHECK, countFixes, fixVerdictLine, groupFixes } from '../../src/triage/fixes.js';
import { sampleReport } from '../fixtures/sample-report.js';

let n = 0;
function finding(checkId: string, over: Partial<Finding> = {}): Finding {
  n++;
  return {
    checkId,
    severity: 'high',
    triage: 'fix-first',
    title: `${checkId} #${n}`,
    detail: 'd',
    evidence: [],
    remediation: 'r',
    fingerprint: `${checkId}:${n}`,
    accepted: false,
    ...over,
  };
}

function check(id: string, findings: Finding[], severity: Severity = 'high'): CheckResult {
  return {
    id,
    stage: 3,
    family: 'TLS',
    title: `${id} ok`,
    failureTitle: `${id} failed`,
    status: findings.length ? 'fail' : 'pass',
    severity,
    minimumBar: 'm',
    remediation: `remediation of ${id}`,
    docs: `docs/checks/${id}.md`,
    durationMs: 0,
    findings,
  };
}

const hosts = ['acme.test', 'www.acme.test', 'app.acme.test', 'api.acme.test', 'staging.acme.test'];

describe('the fix tables', () => {
  it('name only registered checks and existing fixes', () => {
    const ids = new Set(CHECKS.map((c) => c.meta.id));
    for (const [checkId, rule] of Object.entries(FIX_OF_CHECK)) {
      expect(ids.has(checkId), checkId).toBe(true);
      expect(FIXES[rule.fix], checkId).toBeDefined();
    }
  });

  it('give every registered check a root cause', () => {
    // A check left out still gets a fix of its own (see the fallback test), but then it is never grouped.
    expect(CHECKS.map((c) => c.meta.id).filter((id) => !FIX_OF_CHECK[id])).toEqual([]);
  });
});

describe('groupFixes', () => {
  it('makes one fix of one missing header on five hosts, listing every host', () => {
    const checks = [
      check('hsts-weak', hosts.map((h) => finding('hsts-weak', { location: { url: `https://${h}/` } }))),
      check('missing-security-headers', [finding('missing-security-headers', { triage: 'launch-now', severity: 'medium', location: { url: 'https://app.acme.test/' } })]),
    ];
    const fixes = groupFixes(checks);
    expect(fixes).toHaveLength(1);
    const [fix] = fixes;
    expect(fix).toMatchObject({ id: 'security-headers', triage: 'fix-first', severity: 'high', size: 'minutes', openFindings: 6, accepted: false });
    expect(fix!.where).toEqual(hosts);
    expect(fix!.verify).toBe('launchready audit --only hsts-weak,missing-security-headers');
    expect(fix!.findings).toHaveLength(6);
    // Most urgent first: the launch-now finding comes last.
    expect(fix!.findings.at(-1)).toBe(checks[1]!.findings[0]!.fingerprint);
  });

  it('puts every finding in exactly one fix, and unknown checks in a fix of their own', () => {
    const checks = [
      check('session-valid-after-logout', [finding('session-valid-after-logout')]),
      check('expired-session-accepted', [finding('expired-session-accepted')]),
      check('a-check-nobody-tabled', [finding('a-check-nobody-tabled', { triage: 'defer', severity: 'low' }), finding('a-check-nobody-tabled', { triage: 'defer', severity: 'low' })]),
      check('debug-enabled-in-production', [
        finding('debug-enabled-in-production', { location: { path: '.env.production', line: 2 } }),
        finding('debug-enabled-in-production', { location: { path: 'src/server.js', line: 32 }, triage: 'defer' }),
      ]),
      check('test-credentials-in-production', [finding('test-credentials-in-production', { location: { path: '.env.production', line: 6 } })]),
    ];
    const fixes = groupFixes(checks);
    const all = checks.flatMap((c) => c.findings.map((f) => f.fingerprint)).sort();
    expect(fixes.flatMap((f) => f.findings).sort()).toEqual(all);
    expect(fixes.map((f) => f.id).sort()).toEqual(['check:a-check-nobody-tabled', 'debug-in-code', 'production-config', 'session-revocation']);
    const own = fixes.find((f) => f.id === 'check:a-check-nobody-tabled')!;
    expect(own).toMatchObject({ title: 'a-check-nobody-tabled failed', change: 'remediation of a-check-nobody-tabled', triage: 'defer' });
    // A debug flag in an env file joins production's config; the one in code is a change of its own.
    expect(fixes.find((f) => f.id === 'production-config')!.checkIds).toEqual(['debug-enabled-in-production', 'test-credentials-in-production']);
    expect(fixes.find((f) => f.id === 'debug-in-code')!.where).toEqual(['src/server.js']);
    // Fix first before defer.
    expect(fixes.at(-1)!.triage).toBe('defer');
  });

  it('judges a fix by its open findings; a fully accepted fix does not block', () => {
    const checks = [
      check('cors-reflects-any-origin', [finding('cors-reflects-any-origin', { accepted: true })]),
      check('rate-limit-missing', [finding('rate-limit-missing', { accepted: true }), finding('rate-limit-missing', { triage: 'launch-now', severity: 'medium' })]),
    ];
    const fixes = groupFixes(checks);
    const cors = fixes.find((f) => f.id === 'cors')!;
    const rate = fixes.find((f) => f.id === 'rate-limits')!;
    expect(cors).toMatchObject({ accepted: true, openFindings: 0, triage: 'fix-first' });
    expect(rate).toMatchObject({ accepted: false, openFindings: 1, triage: 'launch-now' });
    const counts = countFixes(fixes);
    expect(counts['fix-first']).toEqual({ fixes: 0, findings: 0 });
    expect(counts['launch-now']).toEqual({ fixes: 1, findings: 1 });
    expect(fixes.at(-1)).toBe(cors);
  });

  it('is what the sample report carries', () => {
    const r = sampleReport();
    const fps = r.checks.flatMap((c) => c.findings.map((f) => f.fingerprint));
    expect(r.fixes!.flatMap((f) => f.findings).sort()).toEqual([...fps].sort());
    expect(r.fixes!.length).toBeLessThan(fps.length);
  });
});

describe('fixVerdictLine', () => {
  const counts = (ff: number, ffF: number, ln = 0): Record<Triage, { fixes: number; findings: number }> => ({
    'fix-first': { fixes: ff, findings: ffF },
    'launch-now': { fixes: ln, findings: ln * 2 },
    defer: { fixes: 0, findings: 0 },
  });
  it('counts fixes, with the findings they close', () => {
    expect(fixVerdictLine(false, counts(14, 75))).toBe('NOT READY — 14 fixes first (75 findings)');
    expect(fixVerdictLine(false, counts(1, 1))).toBe('NOT READY — 1 fix first (1 finding)');
    expect(fixVerdictLine(true, counts(0, 0, 3))).toBe('READY — nothing to fix first, 3 fixes after launch');
    expect(fixVerdictLine(true, counts(0, 0))).toBe('READY — nothing to fix first');
  });
});
