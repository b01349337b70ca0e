import { describe, expect, it } from 'vitest';
import check from '../../src/checks/abuse/rate-limit-missing.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const t = (flow: string, limitedAt: number | null, sent: number, reachedHandler = true) =>
  trial('rate-limit', flow, 'POST /api/auth/login', { burst: 10, sent, limitedAt, statuses: limitedAt ? `401×${limitedAt - 1}, 429` : `401×${sent}`, reachedHandler }, { attacker: 'anonymous', steps: [['first', 401]] });

describe('rate-limit-missing', () => {
  it('passes when a 429 came within the burst, stating the threshold', () => {
    const out = check.run({ accessProbes: accessSet([t('login', 6, 6)]) }, CTX);
    expect(out.status).toBe('pass');
    expect(out.status === 'pass' && out.reason).toContain('threshold: 10 requests');
  });
  it('fails when the whole burst got through', () => {
    const out = check.run({ accessProbes: accessSet([t('login', null, 10), t('contact form', null, 10)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(out.findings[0]!.detail).toContain('within 10');
  });
  it('does not judge an endpoint that is not there', () => {
    expect(check.run({ accessProbes: accessSet([t('signup', null, 10, false)]) }, CTX).status).toBe('not-tested');
  });
});
