import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/types.js';
import { gateExitCode } from '../../src/engine/audit.js';
import { fingerprintFinding, runChecks } from '../../src/engine/run-checks.js';
import { buildReport } from '../../src/report/build.js';
import { TRIAGE_TABLE, triage } from '../../src/triage/table.js';
import { SEVERITIES } from '../../src/report/model.js';
import type { Evidence } from '../../src/evidence/types.js';
import { CTX } from '../helpers/exchange.js';

const failing = defineCheck({
  meta: {
    id: 'always-fails',
    stage: 2,
    title: 't',
    failureTitle: 'f',
    severity: 'high',
    minimumBar: 'm',
    remediation: 'r',
    requires: ['repo'],
  },
  run: () => ({
    status: 'fail',
    findings: [
      { title: 'one', detail: 'd', evidence: [], identity: ['a'] },
      { title: 'dup', detail: 'd', evidence: [], identity: ['a'] },
      { title: 'low', detail: 'd', evidence: [], identity: ['b'], severity: 'low' },
    ],
  }),
});
const crashing = defineCheck({ ...failing, meta: { ...failing.meta, id: 'crashes' }, run: () => { throw new Error('boom'); } });
const evidence = { repo: { state: 'ok', value: { root: '/', isGit: true, files: [], envFiles: [] } } } as unknown as Evidence;

describe('triage table', () => {
  it('covers every severity for every profile, and stricter profiles are never more lenient', () => {
    const rank = { 'fix-first': 2, 'launch-now': 1, defer: 0 };
    for (const s of SEVERITIES) {
      expect(rank[TRIAGE_TABLE.prototype[s]]).toBeLessThanOrEqual(rank[TRIAGE_TABLE['first-customers'][s]]);
      expect(rank[TRIAGE_TABLE['first-customers'][s]]).toBeLessThanOrEqual(rank[TRIAGE_TABLE.scale[s]]);
    }
    expect(triage('high', 'first-customers')).toBe('fix-first');
    expect(triage('high', 'prototype')).toBe('launch-now');
  });
});

describe('runner and report', () => {
  it('triages, dedupes by fingerprint, and turns a crash into error', () => {
    const results = runChecks([failing as never, crashing as never], evidence, CTX);
    expect(results[0]?.findings.map((f) => f.title)).toEqual(['one', 'low']);
    expect(results[0]?.findings.map((f) => f.triage)).toEqual(['fix-first', 'defer']);
    expect(results[0]?.findings[0]?.fingerprint).toBe(fingerprintFinding('always-fails', ['a']));
    expect(results[1]?.status).toBe('error');
    expect(results[1]?.reason).toContain('boom');
  });

  it('builds the verdict line and gate from unaccepted fix-first findings', () => {
    const checks = runChecks([failing as never], evidence, CTX);
    const report = buildReport({ ctx: CTX, version: '0', checks, map: { domains: [], environments: [] }, ledger: [], notes: [] });
    expect(report.verdict).toBe('not-ready');
    expect(report.verdictLine).toBe('NOT READY — 1 fix first (2 findings)');
    expect(report.summary).toMatchObject({ fixFirst: 1, launchNow: 0, defer: 1, accepted: 0 });
    expect(gateExitCode(report, 'fix-first')).toBe(1);
    expect(gateExitCode(report, 'never')).toBe(0);

    const accepted = new Set([fingerprintFinding('always-fails', ['a'])]);
    const again = runChecks([failing as never], evidence, CTX, { accepted });
    const r2 = buildReport({ ctx: CTX, version: '0', checks: again, map: { domains: [], environments: [] }, ledger: [], notes: [] });
    expect(r2.verdict).toBe('ready');
    expect(r2.summary.accepted).toBe(1);
    expect(r2.checks[0]?.findings).toHaveLength(2);
    expect(gateExitCode(r2, 'fix-first')).toBe(0);
    expect(gateExitCode(r2, 'launch-now')).toBe(0);
  });

  it('scores a stage from its evaluated checks only', () => {
    const checks = runChecks([failing as never], evidence, CTX);
    const report = buildReport({ ctx: CTX, version: '0', checks, map: { domains: [], environments: [] }, ledger: [], notes: [] });
    expect(report.stages.find((s) => s.stage === 2)?.score).toBe(0);
    expect(report.stages.find((s) => s.stage === 5)?.score).toBeNull();
  });
});
