// A run of part of the checks (--only) is judged on what it was asked for: the
// smoke set leaves access control out on purpose, so its verdict must not be
// "not verified" for that, while a full run that tested no access still is.
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/types.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { ok, type Evidence, type RunContext } from '../../src/evidence/types.js';
import { buildReport } from '../../src/report/build.js';

const APP = 'https://app.example.test';
const ctx: RunContext = {
  projectName: 'Smoke',
  profile: 'first-customers',
  productType: 'internal-tool',
  environment: 'production',
  appUrl: APP,
  apiUrl: APP,
  setup: { roles: ['owner'], operations: true, domains: [], allowWrites: false, caFile: false },
};
const tlsCheck = defineCheck({
  meta: { id: 'tls-thing', stage: 3, title: 't', failureTitle: 't', severity: 'high', minimumBar: 'm', remediation: 'r', requires: ['tls'] },
  run: () => ({ status: 'pass', judged: 1 }),
});

function build(selection?: { only: string[]; checks: string[] }) {
  const checks = runChecks([tlsCheck as never], { tls: ok({ hosts: [], originProbes: [] }) } as unknown as Evidence, ctx);
  const ledger = [{ seq: 1, time: '2025-01-01T00:00:00.000Z', method: 'GET', url: `${APP}/`, role: 'anonymous', purpose: 'p', status: 200, durationMs: 1 }];
  return buildReport({ ctx, version: '0', checks, map: { domains: [], environments: [] }, ledger, notes: [], ...(selection ? { selection } : {}) });
}

describe('coverage of a selection', () => {
  it('a full run without access checks is not verified', () => {
    const r = build();
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage.incompleteBecause).toContain('access control was not tested');
  });

  it('--only smoke is judged on what it selected, and says so', () => {
    const r = build({ only: ['smoke'], checks: ['tls-thing'] });
    expect(r.verdict).toBe('ready');
    expect(r.coverage.incompleteBecause).toEqual([]);
    expect(r.selection).toEqual({ only: ['smoke'], checks: ['tls-thing'] });
  });
});
