import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/object-level-authorization-missing.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const read = (status: number, sameData: boolean, confirmStatus: number | null, baselineStatus = 200) =>
  trial('object-level', 'cross-tenant', 'GET /api/invoices/{id}', { action: 'read', status, sameData, confirmStatus, baselineStatus, victimTenant: 'acme' }, { attacker: 'outsider' });

describe('object-level-authorization-missing', () => {
  it('passes on 404 for another tenant\'s id (correct behaviour)', () => {
    expect(check.run({ accessProbes: accessSet([read(404, false, null)]) }, CTX).status).toBe('pass');
  });

  it('fails on a confirmed cross-tenant read, with a reproduction', () => {
    const out = check.run({ accessProbes: accessSet([read(200, true, 200)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings[0]!.severity ?? check.meta.severity).toBe('critical');
    expect(out.findings[0]!.reproduction).toContain('/api/invoices/7');
    expect(out.findings[0]!.identity).toEqual(['cross-tenant', 'GET /api/invoices/{id}']);
  });

  it('fails on cross-tenant writes only when the owner\'s read-back changed', () => {
    const w = (changed: boolean | null, status = 200) =>
      trial('object-level', 'cross-tenant', 'DELETE /api/invoices/{id}', { action: 'delete', status, changed, victimTenant: 'acme' }, { attacker: 'outsider' });
    expect(check.run({ accessProbes: accessSet([w(true)]) }, CTX).status).toBe('fail');
    expect(check.run({ accessProbes: accessSet([w(false)]) }, CTX).status).toBe('pass');
    expect(check.run({ accessProbes: accessSet([w(null, 403)]) }, CTX).status).toBe('pass');
  });

  it('covers list leaks, neighbour ids and body ids', () => {
    const out = check.run(
      {
        accessProbes: accessSet([
          trial('object-level', 'list-leak', 'GET /api/invoices', { status: 200, leakedItems: 3, confirmStatus: 200 }, { attacker: 'outsider' }),
          trial('object-level', 'neighbour-id', 'GET /api/invoices/{id}', { status: 200, foreign: true, confirmStatus: 200 }, { attacker: 'outsider' }),
          trial('object-level', 'body-id-mismatch', 'PATCH /api/invoices/{id}', { status: 200, changed: true }, { attacker: 'outsider' }),
        ]),
      },
      CTX,
    );
    expect(out.status === 'fail' && out.findings.map((f) => f.identity[0])).toEqual(['list-leak', 'neighbour-id', 'body-id-mismatch']);
  });

  it('passes only when a by-id trial with a real foreign id was judged: lists and guessed ids alone are not tested (critic #1)', () => {
    const list = (target: string) => trial('object-level', 'list-leak', target, { status: 200, leakedItems: 0, confirmStatus: null }, { attacker: 'outsider' });
    const guessed = trial('object-level', 'neighbour-id', 'GET /api/projects/{id}', { status: 404, foreign: false, confirmStatus: null }, { attacker: 'outsider' });
    const out = check.run({ accessProbes: accessSet([list('GET /api/me'), list('GET /api/projects'), guessed], { skipped: [] }) }, CTX);
    expect(out).toEqual({
      status: 'not-tested',
      reason: 'only lists were compared (GET /api/me, GET /api/projects); guessed neighbouring ids were refused on GET /api/projects/{id}; no object of another tenant was tried by its id',
    });
    expect(check.run({ accessProbes: accessSet([list('GET /api/projects'), read(404, false, null)]) }, CTX).status).toBe('pass');
  });

  it('is not-tested with the reason when only one tenant is configured', () => {
    const out = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'object-level', reason: 'every configured role is in one tenant' }] }) }, CTX);
    expect(out).toEqual({ status: 'not-tested', reason: 'every configured role is in one tenant' });
  });
});
