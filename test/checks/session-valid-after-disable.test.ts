import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/session-valid-after-disable.js';
import type { FactValue } from '../../src/evidence/access-types.js';
import { accessSet, trial } from '../helpers/access.js';
import { CTX } from '../helpers/exchange.js';

describe('session-valid-after-disable', () => {
  const t = (facts: Record<string, FactValue>) =>
    trial('session-after-disable', 'replay', 'POST /api/admin/users/{id}/disable', { beforeStatus: 200, disableStatus: 200, afterStatus: 200, confirmStatus: 200, newLoginStatus: 401, ...facts }, {
      attacker: 'owner',
      steps: [['before disable', 200], ['disable', 200], ['after disable', typeof facts.afterStatus === 'number' ? facts.afterStatus : 200]],
    });
  const run = (...ts: ReturnType<typeof t>[]) => check.run({ accessProbes: accessSet(ts) }, CTX);

  it('fails when the disabled user\'s session works twice and a new login is refused', () => {
    const out = run(t({}));
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings[0]!.title).toBe("A disabled user's session keeps working");
    expect(out.findings[0]!.detail).toContain('new login as that user was refused (401)');
    expect(out.findings[0]!.reproduction).toMatch(/^curl /);
  });
  it('passes when the session is refused after the disable', () => expect(run(t({ afterStatus: 401, confirmStatus: null, newLoginStatus: null })).status).toBe('pass'));
  it('is not judged when the disable did nothing (the new login still works) or the session never worked', () => {
    expect(run(t({ newLoginStatus: 200 })).status).toBe('not-tested');
    expect(run(t({ beforeStatus: 401 })).status).toBe('not-tested');
    expect(run(t({ disableStatus: 403 })).status).toBe('not-tested');
  });
  it('is not-tested with the reason when the flow is not configured', () => {
    const out = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'session-after-disable', reason: 'auth.flows.userDisable is not configured' }] }) }, CTX);
    expect(out).toEqual({ status: 'not-tested', reason: 'auth.flows.userDisable is not configured' });
  });
});
