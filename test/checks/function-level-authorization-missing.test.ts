import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/function-level-authorization-missing.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, loginFailed, trial } from '../helpers/access.js';

const read = (attacker: string, status: number, sameData: boolean | null, confirmStatus: number | null, baselineStatus = 200) =>
  trial('function-level', 'denied-role', 'GET /api/payouts', { expected: 'deny', status, sameData, confirmStatus, baselineStatus, admin: false }, { attacker });
const write = (attacker: string, status: number, changed: boolean | null) =>
  trial('function-level', 'denied-role', 'POST /api/invoices/{id}/approve', { expected: 'deny', status, changed, admin: false, baselineStatus: null }, { attacker });

describe('function-level-authorization-missing', () => {
  it('passes when denied roles get 401, 403 or 404', () => {
    const out = check.run({ accessProbes: accessSet([read('viewer', 403, null, null), read('staff', 404, null, null), write('viewer', 401, false)]) }, CTX);
    expect(out.status).toBe('pass');
    expect(out.status === 'pass' && out.reason).toContain('3 role');
  });

  it('groups every role that got through one operation into one finding', () => {
    const out = check.run({ accessProbes: accessSet([read('viewer', 200, true, 200), read('staff', 200, true, 200)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.title).toBe('GET /api/payouts is open to viewer and staff');
    expect(out.findings[0]!.identity).toEqual(['GET /api/payouts']);
  });

  it('reports a write only when the read-back shows the change, as critical', () => {
    const out = check.run({ accessProbes: accessSet([write('viewer', 200, true), write('staff', 200, false)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') {
      expect(out.findings[0]!.severity).toBe('critical');
      expect(out.findings[0]!.title).toContain('viewer');
      expect(out.findings[0]!.title).not.toContain('staff');
    }
  });

  it('does not judge a read whose baseline failed, nor an empty filtered answer', () => {
    expect(check.run({ accessProbes: accessSet([read('viewer', 200, true, 200, 500)]) }, CTX).status).toBe('not-tested');
    expect(check.run({ accessProbes: accessSet([read('viewer', 200, false, null)]) }, CTX).status).toBe('pass');
  });

  it('is error when a role could not sign in, not-tested when writes were not allowed', () => {
    expect(check.run({ accessProbes: accessSet([read('viewer', 403, null, null)], loginFailed) }, CTX).status).toBe('error');
    const skipped = trial('function-level', 'matrix', 'POST /api/invoices', {}, { skipped: 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)' });
    const out = check.run({ accessProbes: accessSet([skipped]) }, CTX);
    expect(out.status).toBe('not-tested');
    expect(out.status === 'not-tested' && out.reason).toContain('allowWrites');
  });
});
