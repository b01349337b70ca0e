import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/malformed-token-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, loginFailed, trial } from '../helpers/access.js';

const t = (variant: string, target: string, facts: Record<string, number | boolean | null>) => trial('malformed-token', variant, target, facts);

describe('malformed-token-accepted', () => {
  it('passes when every variant is refused', () => {
    const out = check.run({ accessProbes: accessSet([t('garbage', 'GET /api/me', { status: 401, baselineStatus: 200, sameData: false, confirmStatus: null })]) }, CTX);
    expect(out.status).toBe('pass');
  });

  it('groups one variant accepted on many operations into one confirmed finding', () => {
    const out = check.run(
      {
        accessProbes: accessSet([
          t('tampered', 'GET /api/me', { status: 200, baselineStatus: 200, sameData: true, confirmStatus: 200 }),
          t('tampered', 'GET /api/invoices', { status: 200, baselineStatus: 200, sameData: true, confirmStatus: 200 }),
          t('garbage', 'GET /api/me', { status: 401, baselineStatus: 200, sameData: false, confirmStatus: null }),
        ]),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.title).toContain('2 operations');
    expect(out.findings[0]!.reproduction).toMatch(/^curl /);
  });

  it('does not report an unconfirmed success', () => {
    const out = check.run({ accessProbes: accessSet([t('tampered', 'GET /api/me', { status: 200, baselineStatus: 200, sameData: true, confirmStatus: 401 })]) }, CTX);
    expect(out.status).toBe('pass');
  });

  it('leaves operations open to anonymous callers to unauthenticated-access', () => {
    const out = check.run({ accessProbes: accessSet([t('garbage', 'GET /api/audit-log', { status: 200, baselineStatus: 200, sameData: true, confirmStatus: 200, anonymousOpen: true })]) }, CTX);
    expect(out.status).toBe('not-tested');
  });

  it('is not-tested with the reason when nothing was judged, error when a login failed', () => {
    const skipped = accessSet([], { skipped: [{ family: 'malformed-token', reason: 'no protected read operation' }] });
    expect(check.run({ accessProbes: skipped }, CTX)).toEqual({ status: 'not-tested', reason: 'no protected read operation' });
    expect(check.run({ accessProbes: accessSet([], loginFailed) }, CTX).status).toBe('error');
  });
});
