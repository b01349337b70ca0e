// What a set of HAR recordings says about the app, one recording per role:
// whose recording each is, the API calls in it (templated into operations),
// which roles each operation succeeded or was refused for, the bodies the app
// accepted, the login's shape and the auth scheme, and every secret value
// in the files (for the redactor; they are never kept in the result).
import { identityOf } from '../identifiers.js';
import { credentialOf, findLogin, secretsIn, tokenSource, withoutSecrets, type Credential, type LoginSeen } from './credentials.js';
import { appOriginsOf, classify, DROP_LABEL, type DropReason } from './filter.js';
import { bodyObject, HarError, parseJsonText, readHar, type HarEntry } from './read.js';
import { templatePaths, valueNamesIn } from './templates.js';

/** The role name of a recording made without signing in. */
export const ANONYMOUS_RECORDING = 'anonymous';

export interface RecordingInput {
  /** How the file is named in messages (the path as the user wrote it). */
  file: string;
  text: string;
  /** The role the user assigned (api.har: { path, role }, or --har ROLE=FILE). */
  role?: string;
}

/** A configured role and the username it signs in with (to match a recording's login). */
export interface RoleSignIn {
  role: string;
  username?: string;
}

export interface Recording {
  file: string;
  /** Undefined when nothing told whose recording it is. */
  role?: string;
  /** How the role was decided, in words. */
  roleFrom: string;
  /** The auth scheme its requests used (never the value). */
  credential?: Omit<Credential, 'value'>;
  entries: number;
  apiCalls: number;
  dropped: Partial<Record<DropReason, number>>;
  /** The app's origin in this recording, and whether it is one of the audited environment's. */
  origin?: string;
  originMatched: boolean;
}

export interface TrafficCall {
  role?: string;
  status: number;
  credentialed: boolean;
  /** The request body, credentials taken out (JSON or form fields). */
  body?: Record<string, unknown>;
  form: boolean;
  /** Path parameter values of this call. */
  values: Record<string, string>;
  /** The JSON answer, for GETs (ids and objects per role). */
  response?: unknown;
}

export interface TrafficOperation {
  method: string;
  /** Path template, as recorded (with the API's own prefix). */
  path: string;
  calls: TrafficCall[];
  /** Roles whose recording called it and the app did it (2xx; for writes a redirect that is not to a login page too). */
  observedBy: string[];
  /** Roles the app refused (401, 403, or a redirect to the login page). */
  refusedFor: string[];
  /** A call without any credential succeeded. */
  anonymousOk: boolean;
}

/** The login as recorded, without any value: enough to draft auth.login. */
export interface LoginShape {
  method: string;
  path: string;
  contentType: 'json' | 'form';
  usernameField: string;
  passwordField: string;
  body?: Record<string, unknown>;
  tokenFrom?: string;
}

export interface Traffic {
  recordings: Recording[];
  operations: TrafficOperation[];
  login?: LoginShape;
  /** How requests carried the credential, when the recordings agree. */
  send?: Omit<Credential, 'value'>;
  /** Sign-in and account endpoints left out of the operations ("POST /api/logout"): replaying them would end or change the probes' own sessions. */
  authFlows: string[];
  /** Every secret value in the files; register each with the redactor. */
  secrets: string[];
  notes: string[];
}

/** Sign-in, sign-out and account-changing paths: recorded, but never probed as ordinary operations. */
const AUTH_FLOW = /(^|\/)(auth|log_?out|log-out|sign_?out|sign-out|logoff|log_?in|log-in|sign_?in|sign-in|session|signup|sign-up|register|password|passwords|reset|forgot|2fa|mfa|otp|totp|oauth|sso|csrf|csrf-token|sanctum)(\/|$)/i;

const LOGOUT = /(^|\/)(log_?out|log-out|sign_?out|sign-out|logoff)(\/|$)/i;

/** A sign-in, sign-out or account-changing request: recorded or read, but never probed as an ordinary operation. Reads under /auth (GET /api/auth/me) are harmless and tell who a role is; a sign-out never is, whatever its method. */
export function isAuthFlow(method: string, path: string): boolean {
  return LOGOUT.test(path) || (method !== 'GET' && AUTH_FLOW.test(path));
}

const ok2xx = (s: number) => s >= 200 && s < 300;
const toLogin = (e: HarEntry) => /(log_?in|sign_?in|session|auth)/i.test(e.responseHeaders.get('location') ?? '');

function succeeded(e: HarEntry): boolean {
  if (ok2xx(e.status)) return true;
  // A form post answered with a redirect did its work, unless it was sent to the login page.
  return e.method !== 'GET' && e.status >= 300 && e.status < 400 && !toLogin(e);
}

function refused(e: HarEntry): boolean {
  return e.status === 401 || e.status === 403 || (e.status >= 300 && e.status < 400 && toLogin(e));
}

const words = (file: string): string[] => (file.split('/').pop() ?? file).toLowerCase().replace(/\.har$/i, '').split(/[^a-z0-9]+/).filter(Boolean);

interface Parsed {
  input: RecordingInput;
  entries: HarEntry[];
  api: HarEntry[];
  login?: LoginSeen;
  credential?: Credential;
  rec: Recording;
}

/**
 * Reads every recording. A file that is not a HAR is reported in `notes`
 * and skipped; it throws only when no file could be read.
 * @throws HarError when none of the inputs is a readable HAR.
 */
export function analyseTraffic(inputs: readonly RecordingInput[], opts: { origins: readonly string[]; roles: readonly RoleSignIn[] }): Traffic {
  const notes: string[] = [];
  const parsed: Parsed[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    let entries: HarEntry[];
    try {
      entries = readHar(input.text, input.file);
    } catch (err) {
      errors.push((err as Error).message);
      continue;
    }
    const { origins, matched } = appOriginsOf(entries, opts.origins);
    const dropped: Partial<Record<DropReason, number>> = {};
    const api: HarEntry[] = [];
    for (const e of entries) {
      const c = classify(e, origins);
      if (c === 'api') api.push(e);
      else dropped[c] = (dropped[c] ?? 0) + 1;
    }
    const login = findLogin(entries);
    // Cookies the login set are this app's session, whatever their names.
    const sessionCookies = new Set(login?.entry.setCookies.map((c) => c.name) ?? []);
    const credential = api.filter((e) => !login || e.index > login.entry.index).map((e) => credentialOf(e, sessionCookies)).find(Boolean);
    if (login) login.tokenFrom = tokenSource(login.entry, credential);
    const origin = [...origins][0];
    parsed.push({
      input,
      entries,
      api,
      ...(login ? { login } : {}),
      ...(credential ? { credential } : {}),
      rec: {
        file: input.file,
        roleFrom: '',
        ...(credential ? { credential: { as: credential.as, ...(credential.name ? { name: credential.name } : {}), ...(credential.scheme !== undefined ? { scheme: credential.scheme } : {}) } } : {}),
        entries: entries.length,
        apiCalls: api.length,
        dropped,
        ...(origin ? { origin } : {}),
        originMatched: matched,
      },
    });
  }
  if (parsed.length === 0) throw new HarError(errors.join('; ') || 'no recordings given');
  notes.push(...errors.map((e) => `recording skipped: ${e}`));

  attributeRoles(parsed, opts.roles);
  for (const p of parsed) {
    const d = Object.entries(p.rec.dropped).map(([k, n]) => `${n} ${DROP_LABEL[k as DropReason]}`);
    notes.push(`recording ${p.input.file}: ${p.rec.role ?? 'role unknown'} (${p.rec.roleFrom}); ${p.api.length} API calls of ${p.entries.length} requests${d.length ? `, left out ${d.join(', ')}` : ''}${p.rec.origin && !p.rec.originMatched ? `; recorded on ${p.rec.origin}, replayed on the audited environment` : ''}`);
  }

  // Values the app's answers carry (slugs, usernames): they tell parameters from fixed words.
  const valueNames = new Map<string, string>();
  for (const p of parsed) for (const e of p.api) if (/json/i.test(e.responseMime)) valueNamesIn(parseJsonText(e.responseText), valueNames);

  const all = parsed.flatMap((p) => p.api.map((e) => ({ p, e })));
  const templated = templatePaths(all.map(({ e }) => ({ method: e.method, path: e.url.pathname })), valueNames);
  const authFlows = new Set<string>();
  const ops = new Map<string, TrafficOperation>();
  all.forEach(({ p, e }, i) => {
    const t = templated[i]!;
    const key = `${e.method} ${t.template}`;
    const isLogin = p.login?.entry === e || (p.login && e.method === p.login.method && e.url.pathname === p.login.path);
    if (isLogin || isAuthFlow(e.method, t.template)) {
      authFlows.add(key);
      return;
    }
    const op = ops.get(key) ?? { method: e.method, path: t.template, calls: [], observedBy: [], refusedFor: [], anonymousOk: false };
    const sessionCookies = new Set(p.login?.entry.setCookies.map((c) => c.name) ?? []);
    const cred = credentialOf(e, sessionCookies);
    const body = bodyObject(e.requestBody);
    const response = e.method === 'GET' && /json/i.test(e.responseMime) ? parseJsonText(e.responseText) : undefined;
    op.calls.push({
      ...(p.rec.role ? { role: p.rec.role } : {}),
      status: e.status,
      credentialed: cred !== undefined,
      ...(body ? { body: withoutSecrets(body) as Record<string, unknown> } : {}),
      form: /x-www-form-urlencoded/i.test(e.requestBody?.mimeType ?? ''),
      values: t.values,
      ...(response !== undefined ? { response } : {}),
    });
    const role = p.rec.role;
    if (role && role !== ANONYMOUS_RECORDING && cred) {
      if (succeeded(e) && !op.observedBy.includes(role)) op.observedBy.push(role);
      if (refused(e) && !op.refusedFor.includes(role)) op.refusedFor.push(role);
    }
    if (!cred && ok2xx(e.status) && (e.method !== 'GET' || /json/i.test(e.responseMime))) op.anonymousOk = true;
    ops.set(key, op);
  });
  // A role refused once and allowed once (a stale page, a race) counts as allowed.
  for (const op of ops.values()) op.refusedFor = op.refusedFor.filter((r) => !op.observedBy.includes(r));

  const logins = parsed.flatMap((p) => (p.login ? [p.login] : []));
  const login = logins[0];
  const creds = parsed.flatMap((p) => (p.credential ? [p.credential] : []));
  const schemes = new Set(creds.map((c) => `${c.as} ${c.name ?? ''} ${c.scheme ?? ''}`));
  if (schemes.size > 1) notes.push(`the recordings carry credentials in ${schemes.size} different ways; auth.send is drafted from the first`);
  const send = creds[0] ? { as: creds[0].as, ...(creds[0].name ? { name: creds[0].name } : {}), ...(creds[0].scheme !== undefined ? { scheme: creds[0].scheme } : {}) } : undefined;
  return {
    recordings: parsed.map((p) => p.rec),
    operations: [...ops.values()],
    ...(login
      ? {
          login: {
            method: login.method,
            path: login.path,
            contentType: login.contentType,
            usernameField: login.usernameField,
            passwordField: login.passwordField,
            ...(login.body ? { body: login.body } : {}),
            ...((login.tokenFrom ?? logins.find((l) => l.tokenFrom)?.tokenFrom) ? { tokenFrom: login.tokenFrom ?? logins.find((l) => l.tokenFrom)!.tokenFrom! } : {}),
          },
        }
      : {}),
    ...(send ? { send } : {}),
    authFlows: [...authFlows].sort(),
    secrets: secretsIn(parsed.flatMap((p) => p.entries)),
    notes,
  };
}

/**
 * Whose recording each is, in order of trust: the role the user assigned;
 * the configured role whose username its login used; the role whose
 * username its token's claims carry; a role named in its file name
 * (owner.har); none of those: the next role not yet taken, in the order the
 * recordings and auth.roles are listed. A recording whose requests carry no
 * credential at all is the anonymous visitor's.
 */
function attributeRoles(parsed: Parsed[], roles: readonly RoleSignIn[]): void {
  const byUser = new Map(roles.filter((r) => r.username).map((r) => [r.username!.toLowerCase(), r.role]));
  const names = roles.map((r) => r.role);
  for (const p of parsed) {
    if (p.input.role) {
      p.rec.role = p.input.role;
      p.rec.roleFrom = 'as configured';
      continue;
    }
    const user = p.login?.username?.toLowerCase();
    if (user && byUser.has(user)) {
      p.rec.role = byUser.get(user)!;
      p.rec.roleFrom = `its login is auth.roles.${p.rec.role}'s user`;
      continue;
    }
    if (p.credential && p.credential.as !== 'cookie') {
      const claims = [...identityOf(undefined, p.credential.value).values()].map((v) => v.toLowerCase());
      const hit = claims.find((c) => byUser.has(c));
      if (hit) {
        p.rec.role = byUser.get(hit)!;
        p.rec.roleFrom = `its token names auth.roles.${p.rec.role}'s user`;
        continue;
      }
    }
    const w = words(p.input.file);
    const named = names.find((n) => w.includes(n.toLowerCase()));
    if (named) {
      p.rec.role = named;
      p.rec.roleFrom = 'its file name';
      continue;
    }
    if (!p.credential && !p.login) {
      p.rec.role = ANONYMOUS_RECORDING;
      p.rec.roleFrom = 'no request in it carries a credential';
    }
  }
  const taken = new Set(parsed.map((p) => p.rec.role).filter(Boolean));
  const free = names.filter((n) => !taken.has(n));
  for (const p of parsed) {
    if (p.rec.role) continue;
    const next = free.shift();
    if (next) {
      p.rec.role = next;
      p.rec.roleFrom = 'its place in the list (nothing in it names a configured role): check it';
    } else {
      p.rec.roleFrom = 'nothing in it names a configured role, and every role has a recording';
    }
  }
}
