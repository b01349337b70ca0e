// Builders for inline evidence in check tests.
import type { HttpExchange, HttpProbes, UnauthProbe } from '../../src/evidence/types.js';

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
