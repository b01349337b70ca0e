// Anonymous signup (issue 11, item 6): the most common place mass assignment
// hurts, since the caller is nobody yet. A control account signs up with the
// plain body; a second one adds role, admin, isAdmin, tenantId, verified and
// emailVerified (those the schema does not offer). Each signs in and reads
// its own account back; a property counts as accepted when the second
// account carries the injected value and the control does not. Both accounts
// carry a unique marker, are deleted where the API offers a way, and are
// listed otherwise.
import { randomBytes } from 'node:crypto';
import { ANON } from '../../../probe/role-caller.js';
import { PROBE_MARK, propertiesOf } from '../../../probe/schema-bodies.js';
import type { HttpExchange } from '../../types.js';
import { credentialHeaders, loginWith, meOp, noteProbeAccount, scrubbed, tokenFrom, whoAmI, WRITES_OFF } from './account-flows.js';
import { writeBody } from './bodies.js';
import { wrapperOf } from '../../../target/bodies.js';
import { answerKind, fieldOf, sameValue } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext } from './context.js';
import { flow, flowBody, flowPath, signupProperties, type Flow } from './flows.js';

export interface SignupAccount {
  email: string;
  username: string;
  password: string;
}

/** A new account's details, unique per call and marked as the probe's. */
export function signupAccount(cx: AccessContext, label = 'signup'): SignupAccount {
  const suffix = randomBytes(5).toString('hex');
  const password = `${PROBE_MARK}-Pw-${randomBytes(6).toString('base64url')}!`;
  cx.redactor?.add(password);
  return { email: `${PROBE_MARK}+${label}-${suffix}@example.com`, username: `lrprobe_${label.replace(/\W/g, '')}_${suffix}`, password };
}

/** The signup body: the flow's template ({email}, {username}, {password}), else the schema's body with the account's fields by their names. `extra` goes where the account's fields are (inside a one-key wrapper such as {"user": {…}}). */
export function signupBody(cx: AccessContext, f: Flow, acct: SignupAccount, extra: Record<string, unknown> = {}): string {
  const op = cx.op(f.method, f.path);
  const guess = () => {
    const body: Record<string, unknown> = op ? writeBody(op, `${PROBE_MARK} signup`) : {};
    const wrapper = wrapperOf(op?.requestSchema);
    const inner = wrapper ? (isObj(body[wrapper]) ? body[wrapper] : (body[wrapper] = {})) : body;
    const props = signupProperties(op?.requestSchema);
    const set = (re: RegExp, v: string, fallback: string) => {
      const hits = props.filter((p) => re.test(p));
      for (const p of hits) inner[p] = v;
      if (!hits.length && (props.length === 0 || fallback === 'email' || fallback === 'password')) inner[fallback] = v;
    };
    set(/e-?mail/i, acct.email, 'email');
    set(/^(user_?name|login|handle)$/i, acct.username, 'username');
    for (const p of props.filter((x) => /password/i.test(x))) inner[p] = acct.password;
    if (!props.some((x) => /password/i.test(x))) inner.password = acct.password;
    return body;
  };
  const body = JSON.parse(flowBody(f, { email: acct.email, username: acct.username, password: acct.password, newPassword: acct.password }, guess)) as Record<string, unknown>;
  const keys = Object.keys(body);
  const into = keys.length === 1 && isObj(body[keys[0]!]) ? (body[keys[0]!] as Record<string, unknown>) : body;
  Object.assign(into, extra);
  return JSON.stringify(body);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Properties a signup must never let the caller set (the non-privilege ones are left out when the signup schema offers them). */
const SENSITIVE = ['role', 'admin', 'isAdmin', 'tenantId', 'verified', 'emailVerified'] as const;

/**
 * Names that grant privileges (admin, is_admin, isAdmin, is_staff,
 * is_superuser, role, roles, permissions, scopes, groups, access_level,
 * user_type): a signup that honours one of them makes its caller an admin
 * (OWASP API3:2023, mass assignment). Also tried when the schema documents
 * them, since a documented property is still not the caller's to set.
 */
export const PRIVILEGE_NAME = /^(is_?)?(admin|super_?user|super_?admin|staff|root|moderator)$|^(roles?|permissions?|privileges?|scopes?|groups?|access_?level|user_?type|account_?type)$/i;
const PRIVILEGED_VALUE = /admin|owner|super|staff|root/i;

type Obj = Record<string, unknown>;

/** Privilege-like properties the API document names in any request body (one wrapper deep), with their schemas: the app's own names for what a signup must not set. */
function documentedPrivileges(cx: AccessContext): Map<string, Obj> {
  const out = new Map<string, Obj>();
  for (const o of cx.ops) {
    for (const p of propertiesOf(o.requestSchema)) {
      const inner = propertiesOf(p.schema);
      for (const q of inner.length && propertiesOf(o.requestSchema).length === 1 ? inner : [p]) if (PRIVILEGE_NAME.test(q.name) && !out.has(q.name)) out.set(q.name, q.schema);
    }
  }
  return out;
}

/** The value that would grant the most, by the property's schema: true, an admin-like enum value, the top role's name; undefined when the schema offers nothing privileged. */
function privilegedValue(schema: Obj, top: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const enumOf = (s: Obj) => (Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === 'string') : undefined);
  if (type === 'boolean') return true;
  if (type === 'array') {
    const items = isObj(schema.items) ? schema.items : {};
    const e = enumOf(items);
    const v = e ? e.find((x) => PRIVILEGED_VALUE.test(x)) : top;
    return v === undefined ? undefined : [v];
  }
  if (type === 'integer' || type === 'number') return typeof schema.maximum === 'number' ? schema.maximum : undefined;
  const e = enumOf(schema);
  return e ? e.find((x) => PRIVILEGED_VALUE.test(x)) : top;
}

export async function signupProbe(cx: AccessContext): Promise<void> {
  const f = flow(cx, 'signup');
  if (!f) return cx.skip('mass-assignment', 'signup', 'signup', 'auth.flows.signup is not configured and the API document has no anonymous POST that registers an account with a password');
  if (!cx.writes) return cx.skip('mass-assignment', 'signup', f.name, WRITES_OFF);
  const offered = new Set(signupProperties(cx.op(f.method, f.path)?.requestSchema));
  const count = (r: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r)).length;
  const top = [...cx.roles].sort((a, b) => count(b.name) - count(a.name))[0]?.name ?? 'admin';
  const other = cx.roles.find((r) => r.tenant !== cx.homeTenant);
  const injected: Record<string, unknown> = { role: top, admin: true, isAdmin: true, tenantId: (other && cx.ids.tenantKeyOf(other.tenant)) ?? `${PROBE_MARK}-tenant`, verified: true, emailVerified: true };
  for (const k of Object.keys(injected)) if (offered.has(k) && !PRIVILEGE_NAME.test(k)) delete injected[k];
  for (const [k, schema] of documentedPrivileges(cx)) {
    const v = privilegedValue(schema, top);
    if (v === undefined) delete injected[k];
    else injected[k] = v;
  }
  if (Object.keys(injected).length === 0) return cx.skip('mass-assignment', 'signup', f.name, `the signup schema offers every sensitive property (${SENSITIVE.join(', ')}) and no privileged value for them`);

  const control = await signUp(cx, f, signupAccount(cx, 'control'), {}, 'sign up a control account (plain body)');
  if (!ok2xx(control.res.exchange)) return cx.skip('mass-assignment', 'signup', f.name, `signing up with a plain body answered ${status(control.res.exchange) ?? control.res.exchange.error}, so the app's answer to an extra property cannot be judged`);
  const attack = await signUp(cx, f, signupAccount(cx, 'massassign'), injected, `sign up with ${Object.keys(injected).join(', ')} in the body`);
  const accepted: string[] = [];
  for (const [k, v] of Object.entries(injected)) {
    const got = attack.me ? fieldOf(attack.me.body, k) : undefined;
    const base = control.me ? fieldOf(control.me.body, k) : undefined;
    if (got !== undefined && sameValue(got, v) && !sameValue(base, v)) accepted.push(k);
  }
  // An unverified account cannot sign in, a "verified" one can: the login itself shows the flag was taken.
  if (!ok2xx(control.login) && ok2xx(attack.login) && ok2xx(attack.res.exchange) && (injected.verified !== undefined || injected.emailVerified !== undefined)) {
    for (const k of ['verified', 'emailVerified']) if (k in injected && !accepted.includes(k)) accepted.push(k);
  }
  // The account's own record may not show its privileges: then an operation only some roles may call, tried by both new accounts, shows them.
  const privileged = accepted.some((k) => PRIVILEGE_NAME.test(k) || k === 'isAdmin') ? undefined : await privilegedCall(cx, control, attack);
  const escalated = privileged && ok2xx(privileged.attack.exchange) && answerKind(privileged.attack.exchange) === 'data' && !(ok2xx(privileged.control.exchange) && answerKind(privileged.control.exchange) === 'data');
  if (escalated) for (const k of Object.keys(injected)) if ((PRIVILEGE_NAME.test(k) || k === 'isAdmin') && !accepted.includes(k)) accepted.push(k);
  cx.record('mass-assignment', 'signup', f.name, ANON, [['attack', attack.res.exchange], ['read-back', attack.me?.exchange], ['control', control.res.exchange], ['control read-back', control.me?.exchange], ['privileged call', privileged?.attack.exchange], ['control privileged call', privileged?.control.exchange]], {
    status: status(attack.res.exchange),
    injected: Object.keys(injected).join(','),
    accepted: accepted.join(','),
    readBack: status(attack.me?.exchange) ?? null,
    controlReadBack: status(control.me?.exchange) ?? null,
    ...(f.discovered ? { discovered: true } : {}),
    ...(privileged ? { privilegedOp: privileged.op, privilegedStatus: status(privileged.attack.exchange) ?? null, controlPrivilegedStatus: status(privileged.control.exchange) ?? null } : {}),
    ...(escalated ? { escalatedVia: privileged.op } : {}),
  });
}

/**
 * A read only some configured roles may make (the policy denies at least one
 * signed-in role; no path parameter, so nobody's object is touched), called
 * with both new accounts' sessions. Undefined when there is no such read or a
 * new account has no session.
 */
async function privilegedCall(cx: AccessContext, control: SignedUp, attack: SignedUp) {
  if (!control.headers || !attack.headers) return undefined;
  const restricted = cx.ops
    .filter((o) => o.method === 'GET' && !o.path.includes('{') && o.allowedRoles && !o.allowedRoles.includes(ANON) && cx.roles.some((r) => !o.allowedRoles!.includes(r.name)) && o.allowedRoles.some((r) => cx.roles.some((x) => x.name === r)))
    .sort((a, b) => (a.allowedRoles?.length ?? 0) - (b.allowedRoles?.length ?? 0))[0];
  if (!restricted) return undefined;
  const call = (headers: Record<string, string>, purpose: string) => cx.caller.call('probe-session', { method: 'GET', url: cx.url(restricted.path), credentials: headers, purpose, noRenew: true });
  return { op: opName(restricted), control: await call(control.headers, 'the control account calls an operation only some roles may call'), attack: await call(attack.headers, 'the account signed up with privilege properties calls it too') };
}

interface SignedUp {
  res: { exchange: HttpExchange; body: string };
  login?: HttpExchange;
  /** The new account's credential headers, where it got a session. */
  headers?: Record<string, string>;
  me?: { exchange: HttpExchange; body: string };
}

/** Signs up, then reads the account back through its own session (the signup answer's, or a login with the password just chosen). */
async function signUp(cx: AccessContext, f: Flow, acct: SignupAccount, extra: Record<string, unknown>, purpose: string): Promise<SignedUp> {
  const vars = { email: acct.email, username: acct.username };
  const res = await cx.caller.call(ANON, { method: f.method, url: cx.url(flowPath(f, vars) ?? f.path), headers: JSON_HEADERS, body: signupBody(cx, f, acct, extra), purpose });
  if (!ok2xx(res.exchange)) return { res };
  noteProbeAccount(cx, acct.email, 'signup probe');
  const token = tokenFrom(cx.config, res);
  cx.redactor?.add(token);
  if (token) res.exchange = scrubbed(cx, res.exchange);
  const loginName = cx.config.auth.login?.usernameField && /user|login|name/i.test(cx.config.auth.login.usernameField) && !/mail/i.test(cx.config.auth.login.usernameField) ? acct.username : acct.email;
  const login = await loginWith(cx, loginName, acct.password, 'sign in as the account just created');
  const headers = login?.headers ?? (token ? credentialHeaders(cx.config, token) : undefined);
  const me = headers && meOp(cx) ? await whoAmI(cx, headers, 'read the new account back') : undefined;
  return { res, ...(login ? { login: login.exchange } : {}), ...(headers ? { headers } : {}), ...(me ? { me } : {}) };
}
