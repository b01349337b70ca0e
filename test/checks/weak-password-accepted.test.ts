import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/weak-password-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const t = (variant: string, weakStatus: number | null, loginStatus: number | null, controlStatus: number | null, restored: boolean | null = null) =>
  trial('weak-password', variant, 'POST /api/auth/password-reset/confirm', { length: 6, weakStatus, loginStatus, controlStatus, restored }, { steps: [['attack', weakStatus ?? undefined]] });

describe('weak-password-accepted', () => {
  it('fails when the weak password was set and signs in, one finding per route', () => {
    const out = check.run({ accessProbes: accessSet([t('password-reset', 200, 200, null, true), t('invite-accept', 201, 200, null)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') {
      expect(out.findings.map((f) => f.title)).toEqual([
        'Password reset (POST /api/auth/password-reset/confirm) accepts a 6-character password',
        'Invite acceptance (POST /api/auth/password-reset/confirm) accepts a 6-character password',
      ]);
      expect(out.findings[0]!.detail).toContain('put back');
    }
  });
  it('says so when the configured password could not be put back', () => {
    const out = check.run({ accessProbes: accessSet([t('password-reset', 200, 200, null, false)]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.detail).toContain('could NOT be put back');
  });
  it('passes when the weak password is refused and an acceptable one works', () => {
    expect(check.run({ accessProbes: accessSet([t('invite-accept', 400, null, 201)]) }, CTX).status).toBe('pass');
  });
  it('never passes on a refusal the control request shares (a bad token, not a rule)', () => {
    expect(check.run({ accessProbes: accessSet([t('password-reset', 400, null, 400)]) }, CTX).status).toBe('not-tested');
  });
  it('never fails on a 2xx the sign-in does not confirm', () => {
    expect(check.run({ accessProbes: accessSet([t('invite-accept', 201, 401, null)]) }, CTX).status).toBe('not-tested');
  });
  it('is not-tested, with the reason, when the token only goes to the mailbox', () => {
    const out = check.run({ accessProbes: accessSet([trial('weak-password', 'password-reset', 'POST /c', {}, { skipped: 'the reset token is delivered out of band only' })]) }, CTX);
    expect(out.status === 'not-tested' && out.reason).toContain('out of band');
  });
});
