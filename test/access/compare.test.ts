// "The same data" is what turns a 200 into a finding: a leak must be judged
// on content, and a concurrent write between two calls must not hide it.
import { describe, expect, it } from 'vitest';
import { answerKind, sameData, sameKindOfAnswer } from '../../src/evidence/gatherers/access/compare.js';
import { exchange } from '../helpers/exchange.js';

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

describe('sameKindOfAnswer (issue 10: a 2xx is not always an answer)', () => {
  const json = { 'content-type': 'application/json' };
  const ex = (status: number, body: string, headers: Record<string, string> = json) => exchange('https://api.example.test/api/items', status, { body, headers });
  const data = ex(200, '{"items":[{"id":"1","name":"Report"}]}');

  it('refuses error objects, the login page, other shapes and empty lists', () => {
    expect(answerKind(ex(200, '{"error":"missing Token in header"}'))).toBe('error-object');
    expect(answerKind(ex(200, '{"success":false,"message":"admins only"}'))).toBe('error-object');
    expect(answerKind(ex(200, '{"status":"fail","code":401}'))).toBe('error-object');
    expect(answerKind(ex(200, '{"message":"Please log in"}'))).toBe('error-object');
    expect(answerKind(ex(200, '<!doctype html><form action="/login"><input type="password"></form>', { 'content-type': 'text/html' }))).toBe('login-page');
    expect(sameKindOfAnswer(data, ex(200, '{"error":"forbidden"}'))).toEqual({ same: false, why: 'a 2xx carrying an error object' });
    expect(sameKindOfAnswer(data, ex(200, '[{"id":"1"}]')).same).toBe(false);
    expect(sameKindOfAnswer(data, ex(200, '{"items":[]}'))).toEqual({ same: false, why: 'an empty items list' });
    expect(sameKindOfAnswer(data, ex(200, '{"total":3}')).why).toMatch(/^different keys/);
    expect(sameKindOfAnswer(data, ex(200, '<p>hi</p>', { 'content-type': 'text/html' })).same).toBe(false);
  });

  it('accepts the same data, and data that merely mentions a message', () => {
    expect(sameKindOfAnswer(data, ex(200, '{"items":[{"id":"2","name":"Other"}]}'))).toEqual({ same: true });
    expect(answerKind(ex(200, '{"id":"1","message":"token rotated on Monday","author":"a","body":"b"}'))).toBe('data');
  });
});
