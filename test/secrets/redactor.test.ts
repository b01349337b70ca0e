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
});
