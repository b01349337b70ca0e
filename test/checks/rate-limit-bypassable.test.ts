import { describe, expect, it } from 'vitest';
import check from '../../src/checks/abuse/rate-limit-bypassable.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const t = (variant: string, bypassed: boolean, controlLimited: boolean) =>
  trial('rate-limit-bypass', variant, 'POST /api/auth/login', { flow: 'login', status: bypassed ? 401 : 429, confirmStatus: bypassed ? 401 : 429, bypassed, controlLimited }, { attacker: 'anonymous' });

describe('rate-limit-bypassable', () => {
  it('passes when every variant stays limited', () => {
    expect(check.run({ accessProbes: accessSet([t('x-forwarded-for', false, true), t('trailing-slash', false, true)]) }, CTX).status).toBe('pass');
  });
  it('groups the variants that got through per flow', () => {
    const out = check.run({ accessProbes: accessSet([t('x-forwarded-for', true, true), t('x-real-ip', true, true), t('trailing-slash', false, true)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.title).toContain('x-forwarded-for and x-real-ip');
  });
  it('does not count a bypass when the window had simply expired', () => {
    expect(check.run({ accessProbes: accessSet([t('x-forwarded-for', true, false)]) }, CTX).status).toBe('not-tested');
  });
});
