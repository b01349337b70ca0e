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
import { fieldOf, sameValue } from './compare.js';
import { JSON_HEADERS, ok2xx, status, type AccessContext } from './context.js';
import { flow, flowBody, flowPath, type Flow } from './flows.js';

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

/** The signup body: the flow's template ({email}, {username}, {password}), else the schema's body with the account's fields by their names. */
export function signupBody(cx: AccessContext, f: Flow, acct: SignupAccount, extra: Record<string, unknown> = {}): string {
  const op = cx.op(f.method, f.path);
  const guess = () => {
    const props = propertiesOf(op?.requestSchema).map((p) => p.name);
    const body: Record<string, unknown> = op ? writeBody(op, `${PROBE_MARK} signup`) : {};
    const set = (re: RegExp, v: string, fallback: string) => {
      const hits = props.filter((p) => re.test(p));
      for (const p of hits) body[p] = v;
      if (!hits.length && (props.length === 0 || fallback === 'email' || fallback === 'password')) body[fallback] = v;
    };
    set(/e-?mail/i, acct.email, 'email');
    set(/^(user_?name|login|handle)$/i, acct.username, 'username');
    for (const p of props.filter((x) => /password/i.test(x))) body[p] = acct.password;
    if (!props.some((x) => /password/i.test(x))) body.password = acct.password;
    return body;
  };
  return JSON.stringify({ ...(JSON.parse(flowBody(f, { email: acct.email, username: acct.username, password: acct.password, newPassword: acct.password }, guess)) as object), ...extra });
}

/** Properties a signup must never let the caller set (left out when the schema offers them). */
const SENSITIVE = ['role', 'admin', 'isAdmin', 'tenantId', 'verified', 'emailVerified'] as const;

export async function signupProbe(cx: AccessContext): Promise<void> {
  const f = flow(cx, 'signup');
  if (!f) return cx.skip('mass-assignment', 'signup', 'signup', 'auth.flows.signup is not configured');
  if (!cx.writes) return cx.skip('mass-assignment', 'signup', f.name, WRITES_OFF);
  const offered = new Set(propertiesOf(cx.op(f.method, f.path)?.requestSchema).map((p) => p.name));
  const count = (r: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r)).length;
  const top = [...cx.roles].sort((a, b) => count(b.name) - count(a.name))[0]?.name ?? 'admin';
  const other = cx.roles.find((r) => r.tenant !== cx.homeTenant);
  const injected: Record<string, unknown> = { role: top, admin: true, isAdmin: true, tenantId: (other && cx.ids.tenantKeyOf(other.tenant)) ?? `${PROBE_MARK}-tenant`, verified: true, emailVerified: true };
  for (const k of Object.keys(injected)) if (offered.has(k)) delete injected[k];
  if (Object.keys(injected).length === 0) return cx.skip('mass-assignment', 'signup', f.name, `the signup schema offers every sensitive property (${SENSITIVE.join(', ')})`);

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
  cx.record('mass-assignment', 'signup', f.name, ANON, [['attack', attack.res.exchange], ['read-back', attack.me?.exchange], ['control', control.res.exchange], ['control read-back', control.me?.exchange]], {
    status: status(attack.res.exchange),
    injected: Object.keys(injected).join(','),
    accepted: accepted.join(','),
    readBack: status(attack.me?.exchange) ?? null,
    controlReadBack: status(control.me?.exchange) ?? null,
  });
}

interface SignedUp {
  res: { exchange: HttpExchange; body: string };
  login?: HttpExchange;
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
  return { res, ...(login ? { login: login.exchange } : {}), ...(me ? { me } : {}) };
}
