import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/renderers/sarif.js';
import { SAMPLE_PROBLEM, allFindings, sampleReport } from '../fixtures/sample-report.js';
import { validateSarif } from '../helpers/sarif.js';

const validate = validateSarif;

const report = sampleReport();
const text = renderSarif(report);
const log = JSON.parse(text) as Log;
const run = log.runs[0]!;
const results = run.results!;
const byFingerprint = (fp: string): Result => results.find((r) => r.partialFingerprints?.['launchready/v1'] === fp)!;

describe('renderSarif', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
  });

  it('the schema check is live: a broken log fails it, a relative helpUri too', () => {
    expect(validate({ ...log, version: '2.0.0' })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
    const relative = structuredClone(log);
    relative.runs[0]!.tool.driver.rules![0]!.helpUri = 'docs/checks/x.md';
    expect(validate(relative)).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('format');
  });

  it('lists every check as a rule with severity, stage and help', () => {
    const driver = run.tool.driver;
    expect(driver.name).toBe('launchready');
    expect(driver.version).toBe(report.tool.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules!.map((r) => r.id)).toEqual(report.checks.map((c) => c.id));
    const env = driver.rules!.find((r) => r.id === 'env-file-committed')!;
    expect(env.shortDescription?.text).toBe('No env file with values is committed');
    expect(env.helpUri).toBe('https://github.com/launchready/launchready/blob/main/docs/checks/env-file-committed.md');
    expect(env.help?.markdown).toContain('git');
    expect(env.properties).toMatchObject({ stage: 4, 'security-severity': '9.5' });
    expect(driver.rules!.find((r) => r.id === 'unauthenticated-access')!.properties).toMatchObject({ owasp: 'API2:2023' });
    expect(driver.rules!.find((r) => r.id === 'rollback-steps-missing')!.properties!['security-severity']).toBe('0.0');
  });

  it('has one result per finding, with its fingerprint and the right rule', () => {
    const findings = allFindings(report);
    expect(results).toHaveLength(findings.length);
    for (const f of findings) {
      const r = byFingerprint(f.fingerprint);
      expect(r, f.fingerprint).toBeDefined();
      expect(r.ruleId).toBe(f.checkId);
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(f.checkId);
      expect(r.properties).toMatchObject({ triage: f.triage, severity: f.severity, accepted: f.accepted });
    }
  });

  it('maps severity to level', () => {
    expect(byFingerprint('env-file-committed:.env.production').level).toBe('error');
    expect(byFingerprint('debug-flag-enabled:src/config/production.ts:debug').level).toBe('error');
    expect(byFingerprint('missing-rate-limit:9ad0e33c41f2').level).toBe('warning');
    expect(byFingerprint('missing-security-headers:permissions-policy:app').level).toBe('note');
  });

  it('suppresses only the accepted finding', () => {
    const suppressed = results.filter((r) => r.suppressions?.length);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.partialFingerprints!['launchready/v1']).toBe('debug-flag-enabled:src/config/production.ts:debug');
    expect(suppressed[0]!.suppressions).toEqual([{ kind: 'external', justification: 'accepted in launchready baseline' }]);
  });

  it('gives every result a location: its file and line, or the config line declaring its URL', () => {
    for (const r of results) expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.ruleId).toBeTruthy();
    const file = byFingerprint('env-file-committed:.env.production').locations![0]!.physicalLocation!;
    expect(file.artifactLocation!.uri).toBe('.env.production');
    expect(file.region!.startLine).toBe(3);
    // A URL finding: the line declaring environments.production.appUrl, and the URL as its logical location.
    const url = byFingerprint('missing-rate-limit:9ad0e33c41f2').locations![0]!;
    expect(url.physicalLocation!.artifactLocation!.uri).toBe('launchready.yml');
    expect(url.physicalLocation!.region!.startLine).toBe(12);
    expect(url.logicalLocations).toEqual([{ fullyQualifiedName: 'https://app.acme-ops.example/auth/login', kind: 'resource' }]);
    const hostile = byFingerprint('unauthenticated-access:2f6c1a9e0b7d').locations![0]!;
    expect(hostile.physicalLocation!.region!.startLine).toBe(13);
    expect(hostile.logicalLocations![0]!.fullyQualifiedName).toBe('https://api.acme-ops.example/api/search?q=%3Cscript%3Ealert(1)%3C/script%3E');
    // No file and no URL: the config section it is about.
    const none = byFingerprint('rollback-steps-missing:RUNBOOK.md').locations![0]!;
    expect(none.physicalLocation!.artifactLocation!.uri).toBe('launchready.yml');
    expect(none.logicalLocations![0]!.kind).toBe('member');
  });

  it('without sources (an older report), still locates every result', () => {
    const old = sampleReport();
    delete old.sources;
    const l = JSON.parse(renderSarif(old)) as Log;
    for (const r of l.runs[0]!.results!) expect(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBeTruthy();
    expect(validate(l)).toBe(true);
  });

  it('reports checks that errored as tool execution notifications, after the target problems said once', () => {
    const inv = run.invocations![0]!;
    expect(inv.executionSuccessful).toBe(true);
    expect(inv.toolExecutionNotifications).toHaveLength(2);
    const [problem, n] = inv.toolExecutionNotifications!;
    expect(problem!.message.text).toBe(SAMPLE_PROBLEM.summary);
    expect(problem!.associatedRule).toBeUndefined();
    expect(n!.level).toBe('error');
    expect(n!.associatedRule?.id).toBe('dmarc-policy-missing');
    expect(n!.message.text).toContain('timed out');
  });
});
