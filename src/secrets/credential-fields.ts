// Values in credential positions, found by where they stand rather than by
// what they are: a JSON field or a form/query field whose name says password,
// token, secret, session or API key. Masked whatever their length, so a
// password of "secret" is hidden in the login body without touching the word
// "secret" anywhere else in a report. Tokens found this way are handed to a
// callback so the redactor can mask them wherever else they turn up.
import { maskSecret } from './mask.js';

/** Field names that hold credentials: passwords, tokens, secrets, session ids, API keys. */
const CREDENTIAL_KEY = /pass(word|wd|code|phrase)?$|^pwd$|secret|token|api[-_]?key|apikey|session[-_]?id|^sid$|^jwt$|^otp$|credential|^authorization$/i;
/** Names that contain such a word but hold no credential: the type, policy or expiry of one. */
const NOT_A_CREDENTIAL = /(type|policy|expires?|expiry|expires_in|length|count|hint|rules?|strength|_at|At|url|uri|endpoint|from|field|name|required|changed|reset|set)$/;
const PASSWORD_KEY = /pass|pwd/i;

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEY.test(key) && !NOT_A_CREDENTIAL.test(key);
}

function maskValue(key: string, value: string): string {
  // A password shows nothing at all: even its ends would help guess it.
  if (PASSWORD_KEY.test(key) && !/token/i.test(key)) return '*'.repeat(Math.min(Math.max(value.length, 3), 8));
  return maskSecret(value);
}

// "key": "value" in JSON, also inside a JSON string (quotes escaped once).
const JSON_FIELD = /(\\?")([A-Za-z_][\w-]{0,40})\1(\s*:\s*)\1((?:[^"\\]|\\(?!")[\s\S])*)\1/g;
// key=value in a form body, a query string or a cookie list.
const FORM_FIELD = /(^|[?&;\s])([A-Za-z_][\w.-]{0,40})=([^&;\s"'<>]*)/g;

/**
 * Masks credential fields in JSON and form text. `onFound` receives each raw
 * value (at least 8 characters: shorter ones are not safe to search for
 * elsewhere) so it can be masked where it stands outside a field too.
 */
export function maskCredentialFields(text: string, onFound?: (value: string) => void): string {
  if (!/pass|pwd|secret|token|key|session|sid|jwt|otp|credential|authorization/i.test(text)) return text;
  let out = text.replace(JSON_FIELD, (whole, q: string, key: string, sep: string, value: string) => {
    if (!value || !isCredentialKey(key) || /^\*+$|…/.test(value)) return whole;
    if (value.length >= 8) onFound?.(value);
    return `${q}${key}${q}${sep}${q}${maskValue(key, value)}${q}`;
  });
  out = out.replace(FORM_FIELD, (whole, pre: string, key: string, value: string) => {
    if (!value || !isCredentialKey(key) || /^\*+$|…/.test(value)) return whole;
    const raw = safeDecode(value);
    if (raw.length >= 8) onFound?.(raw);
    return `${pre}${key}=${maskValue(key, raw)}`;
  });
  return out;
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

// A JWT (JWS compact form): two base64url JSON parts starting {" and a signature, possibly empty (alg none).
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
// A credential written out with its scheme: "Bearer …", "Token …" (the RealWorld scheme).
const SCHEMED = /\b(Bearer|Token|Basic)\s+([A-Za-z0-9._~+/=-]{12,})/g;

/** Masks JWTs and scheme-prefixed credentials anywhere in a text; reports each raw token. */
export function maskTokens(text: string, onFound?: (value: string) => void): string {
  if (!text.includes('eyJ') && !/Bearer|Token|Basic/.test(text)) return text;
  return text
    .replace(JWT, (jwt) => {
      onFound?.(jwt);
      return maskSecret(jwt);
    })
    .replace(SCHEMED, (whole, scheme: string, value: string) => {
      if (value.includes('…')) return whole;
      onFound?.(value);
      return `${scheme} ${maskSecret(value)}`;
    });
}
