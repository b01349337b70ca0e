import { describe, expect, it } from 'vitest';
import expired from '../../src/checks/access/expired-session-accepted.js';
import logout from '../../src/checks/access/session-valid-after-logout.js';
import pwchange from '../../src/checks/access/session-valid-after-password-change.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

describe('expired-session-accepted', () => {
  const t = (status: number, confirmStatus: number | null) =>
    trial('expired-token', 'replay', 'GET /api/me', { status, confirmStatus, ageSeconds: 5, ttlSeconds: 3 }, { steps: [['replay', status]] });
  it('fails when an old session works twice', () => {
    const out = expired.run({ accessProbes: accessSet([t(200, 200)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]!.reproduction).toContain('/api/me');
  });
  it('passes on 401', () => expect(expired.run({ accessProbes: accessSet([t(401, null)]) }, CTX).status).toBe('pass'));
  it('is not-tested without a configured lifetime', () => {
    const out = expired.run({ accessProbes: accessSet([trial('expired-token', 'replay', 'session lifetime', {}, { skipped: 'auth.flows.sessionTtlSeconds is not set' })]) }, CTX);
    expect(out.status).toBe('not-tested');
    expect(out.status === 'not-tested' && out.reason).toContain('sessionTtlSeconds');
  });
});

for (const [name, check, family, label] of [
  ['session-valid-after-logout', logout, 'session-after-logout', 'after logout'],
  ['session-valid-after-password-change', pwchange, 'session-after-password-change', 'after change'],
] as const) {
  describe(name, () => {
    const t = (beforeStatus: number, afterStatus: number, confirmStatus: number | null) =>
      trial(family, 'replay', 'POST /api/auth/logout', { beforeStatus, afterStatus, confirmStatus, logoutStatus: 204 }, { steps: [['before', beforeStatus], [label, afterStatus]] });
    it('fails when the old session still works twice', () => {
      const out = check.run({ accessProbes: accessSet([t(200, 200, 200)]) }, CTX);
      expect(out.status).toBe('fail');
      if (out.status === 'fail') expect(out.findings[0]!.reproduction).toMatch(/^curl /);
    });
    it('passes when the session is refused', () => expect(check.run({ accessProbes: accessSet([t(200, 401, null)]) }, CTX).status).toBe('pass'));
    it('is not judged when the session never worked', () => expect(check.run({ accessProbes: accessSet([t(401, 200, 200)]) }, CTX).status).toBe('not-tested'));
  });
}
