// Builders for inline evidence in check tests.
import type { Check, EvidenceFor } from '../../src/checks/types.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { Evidence, EvidenceKey, HttpExchange, HttpProbes, UnauthProbe } from '../../src/evidence/types.js';
import type { CheckResult } from '../../src/report/model.js';

export function exchange(
  url: string,
  status: number | undefined,
  opts: { method?: string; headers?: Record<string, string>; body?: string; role?: string; error?: string } = {},
): HttpExchange {
  return {
    request: { method: opts.method ?? 'GET', url, headers: {}, role: opts.role ?? 'anonymous' },
    response:
      status === undefined
        ? undefined
        : { status, headers: opts.headers ?? {}, body: opts.body ?? '', bodyTruncated: false },
    error: opts.error,
    durationMs: 5,
  };
}

export function probes(p: Partial<HttpProbes>): HttpProbes {
  return { skipped: {}, ...p };
}

export function unauthProbe(path: string, anonStatus: number, baselineStatus = 200, confirm = anonStatus): UnauthProbe {
  const url = `https://api.example.test${path}`;
  return {
    operation: { method: 'GET', path },
    expectationFrom: 'policy',
    baseline: { ...exchange(url, baselineStatus, { role: 'owner' }), role: 'owner' },
    anonymous: exchange(url, anonStatus, { body: '{"items":[]}' }),
    confirmation: anonStatus < 300 && baselineStatus < 300 ? exchange(url, confirm) : undefined,
  };
}

export const CTX = {
  projectName: 'Test',
  profile: 'first-customers' as const,
  productType: 'internal-tool',
  environment: 'production',
};

/**
 * One check through the engine, as the audit runs it: the engine's rules (a
 * pass that judged nothing is not-tested) apply, so a test can assert what
 * the report will say rather than what the check function returned.
 */
export function engineRun<K extends EvidenceKey>(check: Check<K>, evidence: EvidenceFor<K>): CheckResult {
  const gathered = Object.fromEntries(Object.entries(evidence).map(([k, v]) => [k, { state: 'ok', value: v }])) as unknown as Evidence;
  return runChecks([check as unknown as Check], gathered, CTX)[0]!;
}
