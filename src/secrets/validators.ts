// Checks a matched value by decoding it, where its format allows: a regex
// can say "three base64url parts", only decoding says "a JWT that expired in
// 2019". A validator may drop a match (it is not what the rule thought) or
// lower its severity with a note saying why.
import { decodeProtectedHeader } from 'jose/decode/protected_header';
import { decodeJwt } from 'jose/jwt/decode';
import type { Severity } from '../report/model.js';

export type ValidatorId = 'jwt' | 'basic-auth-base64';

export type Verdict = { drop: true } | { drop?: false; severity?: Severity; note?: string };

export const VALIDATORS: Record<ValidatorId, (value: string, now: number) => Verdict> = {
  jwt: judgeJwt,
  'basic-auth-base64': judgeBasicAuth,
};

/**
 * A JWT (RFC 7519) decoded with jose, without verifying it: a token whose
 * header or payload is not JSON is not a JWT. An expired token (exp in the
 * past, §4.1.4) no longer opens anything by itself, but it shows which key
 * signs tokens and may be replayed where expiry is not checked: worth a
 * line, not a launch blocker.
 */
function judgeJwt(value: string, now: number): Verdict {
  let payload: ReturnType<typeof decodeJwt>;
  try {
    decodeProtectedHeader(value);
    payload = decodeJwt(value);
  } catch {
    return { drop: true };
  }
  if (typeof payload.exp === 'number' && payload.exp * 1000 < now) {
    return { severity: 'low', note: `expired ${new Date(payload.exp * 1000).toISOString().slice(0, 10)}` };
  }
  if (typeof payload.exp === 'number') return { note: `expires ${new Date(payload.exp * 1000).toISOString().slice(0, 10)}` };
  return { note: 'never expires (no exp claim)' };
}

/** Base64 of `user:password`, as Docker's config.json and npm's `_auth` keep it (RFC 7617 §2). */
function judgeBasicAuth(value: string): Verdict {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Printable ASCII user and a non-empty password: otherwise this was not a credential.
  if (colon <= 0 || colon === decoded.length - 1 || !/^[\x20-\x7e]+$/.test(decoded)) return { drop: true };
  return { note: 'base64 of user:password' };
}
