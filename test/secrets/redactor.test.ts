import { describe, expect, it } from 'vitest';
import { describeSecret, maskSecret } from '../../src/secrets/mask.js';
import { Redactor } from '../../src/secrets/redactor.js';

const token = 'tok_' + 'A1b2C3d4E5f6G7h8I9j0';

describe('masking', () => {
  it('keeps only a few characters of long values and none of short ones', () => {
    expect(maskSecret(token)).toBe('tok_…I9j0');
    expect(maskSecret('hunter2')).toBe('*******');
    expect(describeSecret(token)).toMatch(/^tok_…I9j0 \(sha256:[0-9a-f]{16}\)$/);
  });

  it('scrubs known secrets, URL-encoded ones, and credential headers', () => {
    const r = new Redactor([token, 'p@ss word!']);
    expect(r.scrub(`url?t=${token}&x=1`)).not.toContain(token);
    expect(r.scrub(`pw=${encodeURIComponent('p@ss word!')}`)).not.toContain(encodeURIComponent('p@ss word!'));
    expect(r.scrubHeader('Authorization', 'Bearer abcdefghijklmnopqrstu')).toBe('Bearer abcd…rstu');
    expect(r.scrubHeader('set-cookie', 'sid=abcdefghijklmnopqrstu; Path=/; HttpOnly')).toBe('sid=abcd…rstu; Path=/; HttpOnly');
    expect(r.scrubHeader('content-type', 'application/json')).toBe('application/json');
  });

  it('masks overlapping and nested secrets without leaving any part of either', () => {
    const long = ['Qw7', 'Er8', 'Ty9', 'Ui0', 'Op1', 'As2'].join('');
    const inner = long.slice(3, 12);
    const before = 'zz' + long.slice(0, 7);
    const r = new Redactor([long, inner, before]);
    // Nested: the longer secret's own mask, once.
    expect(r.scrub(`a ${long} b`)).toBe(`a ${maskSecret(long)} b`);
    // Overlapping, the shorter one starting first: neither survives in part.
    const out = r.scrub(`x zz${long} y`);
    for (const piece of [long.slice(-6), before.slice(0, 6), inner.slice(2, 8)]) expect(out).not.toContain(piece);
    expect(out.startsWith('x ') && out.endsWith(' y')).toBe(true);
    // Repeated and URL-encoded forms in one text.
    const pw = 'p@ss word!';
    const r2 = new Redactor([pw]);
    expect(r2.scrub(`${pw}|${encodeURIComponent(pw)}|${pw}`)).toBe(`${maskSecret(pw)}|${maskSecret(pw)}|${maskSecret(pw)}`);
    expect(r2.scrub('nothing here')).toBe('nothing here');
  });
});
