import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/jwt-signing-key-guessable.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const found = { alg: 'HS256', candidates: 60, keyFound: true, keySource: '.env line 2', keyKind: 'repository', keyMasked: 'abcd…wxyz', keyFingerprint: 'sha256:0123456789abcdef', key: 'abcd…wxyz (sha256:0123456789abcdef)' };

describe('jwt-signing-key-guessable', () => {
  it('is critical when a forgery with the found key is accepted twice', () => {
    const out = check.run({ accessProbes: accessSet([trial('weak-jwt-key', 'other-subject', 'GET /api/me', { ...found, status: 200, accepted: true, confirmStatus: 200, confirmAccepted: true })]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => [f.title, f.severity])).toEqual([['A token forged with the guessable signing key is accepted (HS256, key from .env line 2)', 'critical']]);
    expect(out.findings[0]!.detail).toContain('abcd…wxyz (sha256:0123456789abcdef)');
  });

  it('is high when the key verifies the signature but the forgery was refused', () => {
    const out = check.run({ accessProbes: accessSet([trial('weak-jwt-key', 'raised-role', 'GET /api/me', { ...found, status: 401, accepted: false, confirmStatus: null, confirmAccepted: null })]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.severity).toBe('high');
  });

  it('passes when no candidate verifies the signature', () => {
    const out = check.run({ accessProbes: accessSet([trial('weak-jwt-key', 'offline', 'GET /api/me', { alg: 'HS256', candidates: 60, keyFound: false }, { steps: [] })]) }, CTX);
    expect(out.status).toBe('pass');
  });

  it('is not applicable to opaque tokens, and not tested (never pass) when nothing ran', () => {
    const opaque = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'weak-jwt-key', reason: 'the credentials are not HMAC-signed JWTs: no shared signing key to guess' }] }) }, CTX);
    expect(opaque.status).toBe('not-applicable');
    expect(check.run({ accessProbes: accessSet([]) }, CTX).status).toBe('not-tested');
  });
});
