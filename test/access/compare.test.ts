// "The same data" is what turns a 200 into a finding: a leak must be judged
// on content, and a concurrent write between two calls must not hide it.
import { describe, expect, it } from 'vitest';
import { sameData } from '../../src/evidence/gatherers/access/compare.js';

const rows = (...xs: object[]) => JSON.stringify(xs);

describe('sameData', () => {
  it('counts a shared id as the same data, disjoint ids as different', () => {
    expect(sameData(rows({ id: 1 }, { id: 2 }), rows({ id: 2 }, { id: 3 }))).toBe(true);
    expect(sameData(JSON.stringify({ items: [{ id: 'a' }] }), JSON.stringify({ items: [{ id: 'b' }] }))).toBe(false);
  });

  it('counts one identical row of an id-less list (an audit trail) as the same data, though a row was appended between the calls', () => {
    const before = rows({ at: '2026-11-29T09:00:00Z', actor: 'olivia', action: 'invoice.create' });
    const after = rows({ at: '2026-11-29T09:00:00Z', actor: 'olivia', action: 'invoice.create' }, { at: '2026-11-29T09:00:01Z', actor: 'sam', action: 'invoice.update' });
    expect(sameData(before, after)).toBe(true);
  });

  it('does not count an empty list, or id-less rows that all differ, as the same data', () => {
    expect(sameData(rows({ action: 'a' }), rows())).toBe(false);
    expect(sameData(rows({ action: 'a' }), rows({ action: 'b' }))).toBe(false);
  });

  it('compares single objects without ids on their stable content', () => {
    expect(sameData(JSON.stringify({ name: 'Acme', updatedAt: 1 }), JSON.stringify({ name: 'Acme', updatedAt: 2 }))).toBe(true);
    expect(sameData(JSON.stringify({ name: 'Acme' }), JSON.stringify({ name: 'Globex' }))).toBe(false);
  });
});
