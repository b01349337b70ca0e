// How the app signs a user in and wants the credential back, as the config
// describes it (auth.login, auth.send, auth.csrf). One place builds every
// login request (sessions, enumeration, rate-limit bursts, invitees signing
// in) and reads every credential, so a nested login body, a form login, a
// token at json:user.token or in a header, and the `Token`/`JWT` schemes
// work for every probe alike.
import type { LaunchConfig } from '../config/schema.js';
import { bodyProblem, type RawResult } from '../probe/client.js';
import { cookieFrom, cookieHeader, type CookieJar } from './cookies.js';

type LoginConfig = NonNullable<LaunchConfig['auth']['login']>;
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface LoginRequest {
  headers: Record<string, string>;
  body: string;
}

/**
 * The login request for a username and password. auth.login.body is a
 * template: "{username}" and "{password}" are replaced (a whole-string
 * placeholder keeps the value's type, so `"{password}"` stays a string even
 * when the password looks like a number). Without a template the body is
 * { usernameField: username, passwordField: password }. `extra` fields (a
 * CSRF token's form field) are added at the top level.
 */
export function loginRequest(login: LoginConfig, username: string, password: unknown, extra: Obj = {}): LoginRequest {
  const form = login.contentType === 'form';
  const parsed = typeof login.body === 'string' ? parseTemplate(login.body) : undefined;
  if (typeof parsed === 'string') {
    // A raw template (e.g. "email={username}&password={password}"): filled, encoded for its content type.
    const values: Record<string, unknown> = { username, password, email: username };
    const body = parsed.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? (form ? encodeURIComponent(String(values[k])) : String(values[k])) : m));
    const extraPart = Object.keys(extra).length && form ? `&${formEncode(extra)}` : '';
    return { headers: { 'content-type': form ? FORM : JSON_TYPE }, body: body + extraPart };
  }
  const filled = { ...loginBody(login, username, password), ...extra };
  return form ? { headers: { 'content-type': FORM }, body: formEncode(filled) } : { headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(filled) };
}

/** The filled login body as an object (for probes that add or change fields before sending it as JSON). */
export function loginBody(login: LoginConfig, username: string, password: unknown): Obj {
  const template = login.body ?? { [login.usernameField]: '{username}', [login.passwordField]: '{password}' };
  const parsed = typeof template === 'string' ? parseTemplate(template) : template;
  if (typeof parsed === 'string') return { [login.usernameField]: username, [login.passwordField]: password };
  return fill(parsed, { username, password, email: username }) as Obj;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function parseTemplate(t: string): Obj | string {
  try {
    const v: unknown = JSON.parse(t);
    return isObj(v) ? v : t;
  } catch {
    return t;
  }
}

function fill(v: unknown, values: Record<string, unknown>): unknown {
  if (typeof v === 'string') {
    const whole = /^\{(\w+)\}$/.exec(v);
    if (whole?.[1] && whole[1] in values) return values[whole[1]];
    return v.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
  }
  if (Array.isArray(v)) return v.map((x) => fill(x, values));
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x, values)]));
  return v;
}

/** Nested objects as Rails/PHP-style brackets: { user: { email } } → user[email]=… */
export function formEncode(obj: Obj, prefix = ''): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (isObj(v)) parts.push(formEncode(v, key));
    else if (v !== undefined && v !== null) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.filter(Boolean).join('&');
}

/** "json:user.token" → ['json', 'user.token'] */
export function splitSource(s: string): [string, string] {
  const i = s.indexOf(':');
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** A JSON path with dots (user.token) and, for arrays, numeric steps (data.0.token). */
export function readPath(json: unknown, path: string): unknown {
  let cur: unknown = json;
  for (const part of path.split('.').filter(Boolean)) {
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else cur = isObj(cur) ? cur[part] : undefined;
  }
  return cur;
}

const SCHEME_WORD = /^(bearer|token|jwt)\s+/i;

/**
 * The credential in a login answer, per auth.login.tokenFrom: a JSON path,
 * a header (an `Authorization: Bearer …` value loses its scheme word) or a
 * cookie. Undefined when it is not there.
 */
export function readCredential(tokenFrom: string, res: Pick<RawResult, 'body' | 'setCookie' | 'headers'>): string | undefined {
  const [kind, name] = splitSource(tokenFrom);
  if (kind === 'json') {
    const v = readPath(parseJson(res.body), name);
    return typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined;
  }
  if (kind === 'header') {
    const v = res.headers?.[name.toLowerCase()];
    return v ? v.replace(SCHEME_WORD, '').trim() || undefined : undefined;
  }
  return cookieFrom(res.setCookie, name);
}

/** The cookie a cookie session is carried in: auth.send.name, else the tokenFrom cookie, else sid. */
export function sessionCookieName(config: LaunchConfig): string {
  const [kind, name] = splitSource(config.auth.login?.tokenFrom ?? '');
  return config.auth.send.name ?? (kind === 'cookie' && name ? name : 'sid');
}

/**
 * The headers that carry a credential, per auth.send: Authorization with
 * its scheme (Bearer by default; Token, JWT, or none), a custom header, or
 * a cookie. A cookie session sends the whole jar the login filled (the
 * session cookie and, where the app uses one, its CSRF cookie).
 */
export function credentialHeaders(config: LaunchConfig, token: string, jar?: CookieJar): Record<string, string> {
  const send = config.auth.send;
  if (send.as === 'cookie') {
    const name = sessionCookieName(config);
    const all: CookieJar = new Map(jar ?? []);
    all.set(name, token);
    return { cookie: cookieHeader(all) };
  }
  const scheme = send.scheme ?? (send.as === 'bearer' ? 'Bearer' : '');
  const value = scheme && scheme.toLowerCase() !== 'none' ? `${scheme} ${token}` : token;
  if (send.as === 'header') return { [send.name ?? 'x-api-key']: value };
  return { authorization: value };
}

/**
 * A role's headers with its credential replaced by `token` (a forged or
 * tampered one): the session cookie alone is swapped in a cookie session,
 * the rest of the jar (a CSRF cookie, a locale) and the CSRF header stay,
 * so a refusal is about the credential and nothing else.
 */
export function withCredential(config: LaunchConfig, headers: Record<string, string>, token: string): Record<string, string> {
  const jar: CookieJar = new Map();
  for (const pair of (headers.cookie ?? '').split(';')) {
    const i = pair.indexOf('=');
    if (i > 0) jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  const rest = Object.fromEntries(Object.entries(headers).filter(([k]) => !['cookie', 'authorization', (config.auth.send.name ?? 'x-api-key').toLowerCase()].includes(k.toLowerCase())));
  return { ...rest, ...credentialHeaders(config, token, jar) };
}

/**
 * What a login answered, in words a user can act on: "an HTML page (200)",
 * "401 with body {…}", "no token at json:user.token; the body had keys user,
 * user.email, …". Body excerpts come from the masked exchange.
 */
export function describeLoginAnswer(tokenFrom: string, res: RawResult): string {
  const ex = res.exchange;
  if (ex.error) return ex.error;
  const r = ex.response;
  if (!r) return 'no answer';
  const type = (r.headers['content-type'] ?? '').toLowerCase();
  const excerpt = oneLine(r.body, 160);
  const html = type.includes('html') || /^\s*<(!doctype|html)/i.test(r.body);
  if (r.status >= 300 && r.status < 400) return `a redirect (${r.status}) to ${r.headers.location ?? 'nowhere'}: is auth.login.path the API's login route rather than the web page?`;
  if (html) return `an HTML page (${r.status})${r.status < 400 ? ': is auth.login.path the API\'s login route rather than the web page?' : ''}`;
  // Each answer names the config lines to check (critic #4): a newcomer's draft is wrong in one of them.
  if (r.status >= 400) return `${r.status} with body ${excerpt || '(empty)'} (check auth.login.path, auth.login.body or usernameField/passwordField: the fields the login route reads; and the role's username and password)`;
  const [kind, name] = splitSource(tokenFrom);
  const names = res.setCookie.map((c) => c.split('=')[0]?.trim()).filter(Boolean);
  // The app set a cookie while the config waits for a token elsewhere: the likely fix, said as config.
  const useCookie = names.length ? ` (it set cookie ${names.join(', ')}: for a cookie session set auth.login.tokenFrom: cookie:${names[0]!} and auth.send: { as: cookie, name: ${names[0]!} })` : ' (check auth.login.tokenFrom and auth.send)';
  if (kind === 'json') {
    const json = parseJson(res.body);
    // Issue 10: say what happened to the body (cut at the limit, NUL bytes) rather than only that no token was found.
    const broken = bodyProblem(res);
    if (json === undefined && broken) return `${r.status}, but ${broken}, so no token at ${tokenFrom} could be read`;
    if (json === undefined) return `${r.status} with a body that is not JSON (${excerpt || 'empty'}), so there is no token at ${tokenFrom}${useCookie}`;
    return `${r.status} but no token at ${tokenFrom}; the body had keys ${keysOf(json).join(', ') || '(none)'}${useCookie}`;
  }
  if (kind === 'header') return `${r.status} but no ${name} header; it had ${Object.keys(r.headers).join(', ')}${useCookie}`;
  return `${r.status} but no cookie ${name}; it set ${names.length ? names.join(', ') : 'no cookie'} (check auth.login.tokenFrom and auth.send)`;
}

/** Key paths two levels deep (user, user.email, user.token): enough to spot where a token is. */
function keysOf(json: unknown): string[] {
  if (!isObj(json)) return Array.isArray(json) ? ['(a list)'] : [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(json)) {
    out.push(k);
    if (isObj(v)) for (const k2 of Object.keys(v).slice(0, 8)) out.push(`${k}.${k2}`);
  }
  return out.slice(0, 16);
}

const oneLine = (s: string, n: number) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
