// Which write most likely broke a read, and which collection a read belongs to.
import { describe, expect, it } from 'vitest';
import { collectionOf, likelyCause, sideEffects } from '../../src/evidence/gatherers/baseline-replay.js';
import type { LedgerEntry } from '../../src/report/model.js';

const B = 'http://127.0.0.1:9000';
const entry = (seq: number, method: string, path: string, status: number | null, purpose = 'probe'): LedgerEntry => ({
  seq,
  time: '2025-01-01T00:00:00.000Z',
  method,
  url: `${B}${path}`,
  role: 'owner',
  purpose,
  status,
  durationMs: 1,
});

describe('baseline replay', () => {
  it('a read belongs to the collection before its last parameter', () => {
    expect(collectionOf('GET /api/notes/{id}', `${B}/api/notes/7`)).toBe('/api/notes');
    expect(collectionOf('GET /api/notes', `${B}/api/notes`)).toBe('/api/notes');
    expect(collectionOf('GET /v1/orgs/{org}/members', `${B}/v1/orgs/acme/members`)).toBe('/v1/orgs/acme/members');
    expect(collectionOf('GET /health', `${B}/items/42`)).toBe('/items');
  });

  it('blames a failed write to the same collection first, then any write to it, then a failed write, then the last', () => {
    const ledger = [
      entry(1, 'POST', '/api/notes', 500),
      entry(2, 'POST', '/api/other', 500),
      entry(3, 'DELETE', '/api/notes/3', 204),
      entry(4, 'GET', '/api/notes', 500),
      entry(5, 'PATCH', '/api/other/1', 200),
    ];
    expect(likelyCause(ledger, '/api/notes', 10)).toMatchObject({ seq: 1, rule: 'failed write to the same collection' });
    expect(likelyCause(ledger.filter((e) => e.seq !== 1), '/api/notes', 10)).toMatchObject({ seq: 3, rule: 'same collection' });
    expect(likelyCause(ledger, '/api/feed', 10)).toMatchObject({ seq: 2, rule: 'last failed write' });
    expect(likelyCause(ledger.filter((e) => e.seq !== 2 && e.seq !== 1), '/api/feed', 10)).toMatchObject({ seq: 5, rule: 'last write' });
    // Only writes before the broken read count, and a write that got no answer did nothing we know of.
    expect(likelyCause([entry(1, 'POST', '/api/notes', null), entry(9, 'POST', '/api/notes', 500)], '/api/notes', 5)).toBeUndefined();
  });

  it('lists the side effects: writes that succeeded, grouped, logins left out', () => {
    const notes = sideEffects(
      [entry(1, 'POST', '/api/auth/login', 200, 'log in'), entry(2, 'POST', '/api/notes', 201), entry(3, 'POST', '/api/notes', 201), entry(4, 'DELETE', '/api/notes/12', 204), entry(5, 'PATCH', '/api/notes/12', 403)],
      [],
    );
    expect(notes).toEqual(['side effect of the audit, created or triggered: POST /api/notes ×2', 'side effect of the audit, deleted: DELETE /api/notes/{id}']);
  });
});
