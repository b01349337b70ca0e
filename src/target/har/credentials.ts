// The credentials inside a recording: how each request carries one (the
// auth scheme: Authorization with Bearer/Token/JWT, a custom header, a
// session cookie), the login request that obtained it (its shape drafts
// auth.login; its username tells whose recording this is), and every secret
// value in the file, which the redactor must mask before anything is
// written: session tokens, cookies, passwords, API keys, reset codes.
import { bodyObject, parseJsonText, type HarEntry } from './read.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Credential {
  as: 'bearer' | 'header' | 'cookie';
  /** Header or cookie name (for as: header / cookie). */
  name?: string;
  /** The word before the token in Authorization (Bearer, Token, JWT); '' for a bare token. */
  scheme?: string;
  value: string;
}

/** Headers that carry a credential by name (beside Authorization). */
const CREDENTIAL_HEADER = /^(x-(api|auth|access|session)-?(key|token)|api-?key|x-token|x-user-token|private-token)$/i;
/** Cookie names that hold a session, as frameworks name them; CSRF cookies are not credentials. */
export const SESSION_COOKIE = /(sess|sid$|^sid|token|auth|jwt|login|remember|connect\.sid|_session|identity|user)/i;
const NOT_A_SESSION = /(csrf|xsrf|consent|locale|lang|theme|^_ga|^_gid|^_fbp|analytics|tz|timezone)/i;

/** Properties whose values are secrets wherever they appear (bodies, answers, query strings). */
export const SECRET_KEY = /(pass(word|wd)?$|^pwd$|secret|token|api_?key|apikey|access_?key|private_?key|session|^sid$|otp|^code$|signature|^sig$|credential|refresh)/i;
const PASSWORD_KEY = /^(pass(word|wd)?|pwd|current_?password|new_?password|password_?confirmation)$/i;
const USERNAME_KEY = /^(email|e_?mail|username|user_?name|login|user|identifier|handle|phone)$/i;

/** The credential a request carries, if any: Authorization first, then a credential header, then a session cookie. */
export function credentialOf(e: HarEntry, sessionCookies: ReadonlySet<string> = new Set()): Credential | undefined {
  const auth = e.requestHeaders.get('authorization');
  if (auth) {
    const m = /^(\S+)\s+(\S+)$/.exec(auth.trim());
    if (m && !/^basic$/i.test(m[1]!)) return { as: 'bearer', scheme: m[1]!, value: m[2]! };
    if (!m) return { as: 'bearer', scheme: '', value: auth.trim() };
    return { as: 'header', name: 'authorization', value: auth.trim() };
  }
  for (const [name, value] of e.requestHeaders) if (CREDENTIAL_HEADER.test(name) && value) return { as: 'header', name, value };
  const cookie = e.requestCookies.find((c) => c.value && (sessionCookies.has(c.name) || (SESSION_COOKIE.test(c.name) && !NOT_A_SESSION.test(c.name))));
  return cookie ? { as: 'cookie', name: cookie.name, value: cookie.value } : undefined;
}

export interface LoginSeen {
  entry: HarEntry;
  method: string;
  path: string;
  contentType: 'json' | 'form';
  usernameField: string;
  passwordField: string;
  username?: string;
  /** The body's shape with {username}/{password} placeholders, when it is nested or has other fields. */
  body?: Obj;
  /** Where the credential came back: json:PATH, cookie:NAME or header:NAME. */
  tokenFrom?: string;
}

/** Dotted paths of every scalar in a JSON value, for finding the token's place in the login answer. */
function scalarPaths(v: unknown, prefix = '', depth = 0, out: [string, unknown][] = []): [string, unknown][] {
  if (depth > 5) return out;
  if (isObj(v)) for (const [k, x] of Object.entries(v)) scalarPaths(x, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  else if (!Array.isArray(v)) out.push([prefix, v]);
  return out;
}

/**
 * The login in a recording: the first answered write whose body carries a
 * password field (at the top level or one wrapper down, {"user": {...}}).
 * `later` are the requests after it, read to learn where the credential
 * they carry came from.
 */
export function findLogin(entries: readonly HarEntry[]): LoginSeen | undefined {
  for (const e of entries) {
    if (e.method === 'GET' || e.status === 0 || e.status >= 400) continue;
    const body = bodyObject(e.requestBody);
    if (!body) continue;
    const wrapper = Object.entries(body).find(([, v]) => isObj(v) && Object.keys(v).some((k) => PASSWORD_KEY.test(k)));
    const fields = wrapper ? (wrapper[1] as Obj) : body;
    const passwordField = Object.keys(fields).find((k) => PASSWORD_KEY.test(k));
    if (!passwordField) continue;
    // A password change or a sign-up also carries a password: a login has exactly one password and nothing else much.
    if (Object.keys(fields).filter((k) => PASSWORD_KEY.test(k)).length > 1 || /(sign_?up|register|password|reset|invite)/i.test(e.url.pathname)) continue;
    const usernameField = Object.keys(fields).find((k) => USERNAME_KEY.test(k)) ?? Object.keys(fields).find((k) => k !== passwordField && typeof fields[k] === 'string') ?? 'email';
    const username = typeof fields[usernameField] === 'string' ? fields[usernameField] : undefined;
    const template: Obj = {};
    for (const [k, v] of Object.entries(fields)) template[k] = k === passwordField ? '{password}' : k === usernameField ? '{username}' : v;
    const nested = wrapper !== undefined || Object.keys(fields).length > 2;
    return {
      entry: e,
      method: e.method,
      path: e.url.pathname,
      contentType: /x-www-form-urlencoded/i.test(e.requestBody?.mimeType ?? '') ? 'form' : 'json',
      usernameField,
      passwordField,
      ...(username ? { username } : {}),
      ...(nested ? { body: wrapper ? { ...body, [wrapper[0]]: template } : template } : {}),
    };
  }
  return undefined;
}

/** Where the credential `value` came from in the login's answer: a JSON path, a Set-Cookie, or a response header. */
export function tokenSource(login: HarEntry, cred: Credential | undefined): string | undefined {
  if (!cred) return undefined;
  if (cred.as === 'cookie' && login.setCookies.some((c) => c.name === cred.name)) return `cookie:${cred.name!}`;
  const json = parseJsonText(login.responseText);
  const hit = scalarPaths(json).find(([, v]) => v === cred.value);
  if (hit) return `json:${hit[0]}`;
  for (const [name, v] of login.responseHeaders) if (name !== 'set-cookie' && v.includes(cred.value)) return `header:${name}`;
  return undefined;
}

/**
 * Looks like a generated secret rather than a word: the redactor masks every
 * occurrence of a registered value, so a cookie `theme=darkmode` or an
 * answer's `"session": "active"` must not turn every "active" in the report
 * into stars. Credentials by position (Authorization, session cookies,
 * password fields) are registered whatever they look like.
 */
const generated = (v: string): boolean => v.length >= 8 && !/\s/.test(v) && !/^\d+$/.test(v) && (/\d/.test(v) || v.length >= 16);

/** Every secret value in the entries: credentials, session cookies, passwords, tokens in answers and query strings. Values under 6 characters are left out (the redactor ignores them too). */
export function secretsIn(entries: readonly HarEntry[]): string[] {
  const out = new Set<string>();
  const add = (v: unknown, always = true) => {
    if (typeof v === 'string' && v.length >= 6 && (always || generated(v))) out.add(v);
  };
  const walk = (v: unknown, depth = 0) => {
    if (depth > 6 || !isObj(v)) {
      if (Array.isArray(v) && depth <= 6) for (const x of v) walk(x, depth + 1);
      return;
    }
    for (const [k, x] of Object.entries(v)) {
      if (SECRET_KEY.test(k) && (typeof x === 'string' || typeof x === 'number')) add(String(x), PASSWORD_KEY.test(k));
      else walk(x, depth + 1);
    }
  };
  for (const e of entries) {
    const auth = e.requestHeaders.get('authorization');
    if (auth) {
      add(auth);
      add(auth.split(/\s+/).at(-1));
    }
    for (const [name, v] of e.requestHeaders) if (CREDENTIAL_HEADER.test(name)) add(v);
    for (const c of [...e.requestCookies, ...e.setCookies]) add(c.value, SESSION_COOKIE.test(c.name) && !NOT_A_SESSION.test(c.name));
    for (const [k, v] of e.url.searchParams) if (SECRET_KEY.test(k)) add(v, false);
    walk(bodyObject(e.requestBody));
    walk(parseJsonText(e.responseText));
  }
  return [...out];
}

/** A copy of a body without credential properties (passwords, tokens, keys), deep. */
export function withoutSecrets(v: unknown, depth = 0): unknown {
  if (depth > 8) return undefined;
  if (Array.isArray(v)) return v.map((x) => withoutSecrets(x, depth + 1));
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!SECRET_KEY.test(k)) out[k] = withoutSecrets(x, depth + 1);
  return out;
}
