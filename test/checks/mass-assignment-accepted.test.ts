import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/mass-assignment-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const t = (accepted: string, readBack: number | null = 200) =>
  trial('mass-assignment', 'sensitive-properties', 'PATCH /api/me', { status: 200, injected: 'role,isAdmin,tenantId', accepted, readBack });

describe('mass-assignment-accepted', () => {
  it('passes when the read-back shows none of the injected values', () => {
    expect(check.run({ accessProbes: accessSet([t('')]) }, CTX).status).toBe('pass');
  });
  it('fails as critical when role or tenant stuck', () => {
    const out = check.run({ accessProbes: accessSet([t('role,tenantId')]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') {
      expect(out.findings[0]!.severity).toBe('critical');
      expect(out.findings[0]!.title).toContain('role, tenantId');
      expect(out.findings[0]!.reproduction).toMatch(/^curl -i -X PATCH/);
    }
  });
  it('is high for business fields only', () => {
    const out = check.run({ accessProbes: accessSet([t('status,approved')]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.severity).toBe('high');
  });
  it('is not-tested without a read-back or without writes', () => {
    expect(check.run({ accessProbes: accessSet([t('', null)]) }, CTX).status).toBe('not-tested');
    const out = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'mass-assignment', reason: 'writes are not allowed (allowWrites: false, or a --read-only run)' }] }) }, CTX);
    expect(out.status).toBe('not-tested');
  });
});
