import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/unauthenticated-access.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { Evidence } from '../../src/evidence/types.js';
import { CTX, unauthProbe } from '../helpers/exchange.js';

const run = (probes: ReturnType<typeof unauthProbe>[], extra: Partial<{ skipped: { operation: string; reason: string }[]; loginErrors: Record<string, string> }> = {}) =>
  check.run({ unauthProbes: { probes, skipped: extra.skipped ?? [], loginErrors: extra.loginErrors ?? {} } }, CTX);

describe('unauthenticated-access', () => {
  it('passes when protected operations deny with 401, 403 or 404', () => {
    const out = run([unauthProbe('/api/a', 401), unauthProbe('/api/b', 403), unauthProbe('/api/c', 404)]);
    expect(out.status).toBe('pass');
  });

  it('fails for an operation answering 200 without credentials, twice', () => {
    const out = run([unauthProbe('/api/admin/users', 200), unauthProbe('/api/invoices', 401)]);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.title).toContain('GET /api/admin/users');
    expect(out.findings[0]?.severity).toBe('critical');
    expect(out.findings[0]?.reproduction).toMatch(/^curl -i 'https:\/\/api\.example\.test\/api\/admin\/users'$/);
  });

  it('does not report when the confirmation call was denied (flaky answer)', () => {
    const out = run([unauthProbe('/api/x', 200, 200, 401)]);
    expect(out.status).toBe('pass');
  });

  it('does not judge an operation whose baseline call failed', () => {
    const out = run([unauthProbe('/api/x', 200, 500)]);
    expect(out.status).toBe('not-tested');
  });

  it('is an error, not a pass, when no role could sign in', () => {
    const out = run([unauthProbe('/api/x', 200, 401)], { loginErrors: { owner: 'login of owner answered 401' } });
    expect(out.status).toBe('error');
  });

  it('reports error through the runner when its evidence failed', () => {
    const evidence = { unauthProbes: { state: 'error', reason: 'no role could sign in' } } as unknown as Evidence;
    const [result] = runChecks([check as never], evidence, CTX);
    expect(result?.status).toBe('error');
    expect(result?.reason).toContain('no role could sign in');
  });

  it('reports not-tested through the runner when its evidence was not gathered', () => {
    const evidence = { unauthProbes: { state: 'not-tested', reason: 'no api.openapi document configured' } } as unknown as Evidence;
    const [result] = runChecks([check as never], evidence, CTX);
    expect(result?.status).toBe('not-tested');
  });
});
