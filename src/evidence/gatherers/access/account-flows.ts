// Account flows an attacker walks: user enumeration on login and password
// reset, a reset token returned in the response or usable twice, a revoked
// invite still accepted, an invite whose role or tenant the invitee can
// change, and a session still valid after logout or a password change.
// Every flow needs its endpoints in auth.flows; a missing one is not-tested.
import { randomBytes } from 'node:crypto';
import type { LaunchConfig } from '../../../config/schema.js';
import { ANON, type RawResult } from '../../../probe/role-caller.js';
import { PROBE_MARK, propertiesOf } from '../../../probe/schema-bodies.js';
import type { HttpExchange } from '../../types.js';
import { credentialHeaders as sendCredential, readCredential } from '../../../target/sign-in.js';
import { writeBody } from './bodies.js';
import { listsNaming } from './discovery.js';
import { fieldOf, sameValue } from './compare.js';
import { JSON_HEADERS, ok2xx, parseJson, readField, status, type AccessContext } from './context.js';
import { fillBody, flow, flowBody, flowName, flowPath, userRecord, type Flow } from './flows.js';

export const WRITES_OFF = 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)';

/** The probe's user: the least privileged role of the home tenant that signs in with a password. */
export function probeUser(cx: AccessContext): { role: string; username: string; password: string } | undefined {
  const roles = cx.config.auth.roles;
  const count = (r: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r)).length;
  const r = cx.roles
    .filter((x) => x.tenant === cx.homeTenant && roles[x.name]?.login)
    .sort((a, b) => count(a.name) - count(b.name))[0];
  const login = r ? roles[r.name]?.login : undefined;
  return r && login ? { role: r.name, username: login.username, password: login.password } : undefined;
}

// Keys whose values differ on every request whoever asks: left out of the comparison.
const VOLATILE_KEY = /^(time(stamp)?|date|now|request_?id|trace_?id|correlation_?id|nonce|csrf|_?csrf_?token|took|duration(_?ms)?|elapsed)$/i;

/** A value with what varies per request (the inputs, tokens, dates, large numbers) dropped; small numbers, which are statuses and codes, stay. */
function normalise(v: string, inputs: string[]): string {
  let out = v;
  for (const s of inputs) out = out.split(s).join('<input>');
  return out
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z?/g, '<time>')
    .replace(/[A-Za-z0-9_-]{16,}/g, '<token>')
    .replace(/\d{4,}|\d+\.\d+/g, '0');
}

/**
 * Two views of an answer's body: its shape (the JSON keys, nested, with value
 * types) and its message (the values, normalised). Nested statuses such as
 * `{"code": 404}` vs `{"code": 401}` are values, so they stay apart.
 */
function bodyViews(ex: HttpExchange, inputs: string[]): { shape: string; message: string } {
  const text = ex.response?.body ?? '';
  const json = parseJson(text);
  if (json === undefined || typeof json !== 'object' || json === null) {
    const t = normalise(text, inputs).slice(0, 400);
    return { shape: `text ${(ex.response?.headers['content-type'] ?? '').split(';')[0]}`, message: t };
  }
  const strip = (_k: string, v: unknown) => (_k && VOLATILE_KEY.test(_k) ? undefined : v);
  const shape = JSON.stringify(json, (k, v: unknown) => (k && VOLATILE_KEY.test(k) ? undefined : typeof v === 'object' && v !== null ? v : typeof v));
  const message = normalise(JSON.stringify(json, strip), inputs);
  return { shape, message };
}

// Headers that differ per request or only with the body's length.
const VOLATILE_HEADER = /^(date|etag|content-length|age|expires|last-modified|keep-alive|connection|transfer-encoding|server-timing|report-to|nel|cf-ray|x-request-id|x-correlation-id|x-trace-id|x-response-time|x-runtime|traceparent|x-ratelimit-.*|ratelimit.*|retry-after|vary)$/i;

/** The headers an answer carries, without the volatile ones; a Set-Cookie counts by its cookie names. */
function headerView(ex: HttpExchange, inputs: string[]): string {
  const h = ex.response?.headers ?? {};
  return Object.keys(h)
    .filter((k) => !VOLATILE_HEADER.test(k))
    .sort()
    .map((k) => (k === 'set-cookie' ? `${k}: ${(h[k] ?? '').split(/,(?=\s*[^;=]+=)/).map((c) => c.split('=')[0]!.trim()).sort().join(',')}` : `${k}: ${normalise(h[k] ?? '', inputs)}`))
    .join('\n');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function userEnumeration(cx: AccessContext): Promise<void> {
  const a = cx.config.auth;
  const user = probeUser(cx);
  if (!user) return cx.skipFamily('user-enumeration', 'no role of the home tenant signs in with a username and password');
  const domain = user.username.split('@')[1] ?? 'example.com';
  const nobody = `${PROBE_MARK}-nobody@${domain}`;

  if (a.login) {
    if (!cx.writes) {
      cx.skip('user-enumeration', 'login', `${a.login.method} ${a.login.path}`, 'failed logins are not sent where writes are not allowed (allowWrites: false, or a --read-only run): they can lock accounts');
    } else {
      const wrong = `${PROBE_MARK}-wrong-password`;
      const call = (username: string, purpose: string) =>
        cx.caller.sessions.loginAttempt(username, wrong).then((req) => cx.caller.call(ANON, { method: a.login!.method, url: cx.url(a.login!.path), ...req, purpose, declaredAuthFlow: true }));
      // Two of each, interleaved: a difference must hold both times to count.
      const known: RawResult[] = [];
      const unknown: RawResult[] = [];
      const pair = async () => {
        known.push(await call(user.username, 'user enumeration: existing user, wrong password'));
        unknown.push(await call(nobody, 'user enumeration: unknown user'));
      };
      for (let i = 0; i < 2; i++) await pair();
      await confirmTiming(known, unknown, pair);
      // A role signed in with this body shape, so a 400 here is the app's answer to the credentials, not to the shape.
      const shapeProven = cx.roles.some((r) => ok2xx(cx.caller.sessions.lastLogin.get(r.name)?.exchange));
      record(cx, 'login', `${a.login.method} ${a.login.path}`, known, unknown, [user.username, nobody, wrong], shapeProven);
    }
  }
  const reset = flow(cx, 'passwordResetRequest');
  if (!reset) return cx.skip('user-enumeration', 'password-reset', 'password reset', 'auth.flows.passwordResetRequest is not configured');
  if (!cx.writes) return cx.skip('user-enumeration', 'password-reset', `${reset.method} ${reset.path}`, `a reset request sends mail: ${WRITES_OFF}`);
  const call = (username: string, purpose: string) => resetRequestCall(cx, reset, username, purpose);
  const known: RawResult[] = [];
  const unknown: RawResult[] = [];
  const pair = async () => {
    known.push(await call(user.username, 'user enumeration: reset for an existing user'));
    unknown.push(await call(nobody, 'user enumeration: reset for an unknown user'));
  };
  for (let i = 0; i < 2; i++) await pair();
  await confirmTiming(known, unknown, pair);
  record(cx, 'password-reset', `${reset.method} ${reset.path}`, known, unknown, [user.username, nobody], known.some((r) => ok2xx(r.exchange)) || unknown.some((r) => ok2xx(r.exchange)));
}

/** Samples per side before a timing difference may count. */
const TIMING_SAMPLES = 6;

/**
 * Timing counts only when the gap is large (over 150 ms and 3×) and every
 * sample of one side is slower than every sample of the other. Only samples
 * with each side's first status are compared: a rate limit that starts
 * answering 429 half-way makes those answers fast for reasons that have
 * nothing to do with the account.
 */
function judgeTiming(known: RawResult[], unknown: RawResult[]): { differs: boolean; existingMs: number; unknownMs: number } {
  const sameStatus = (rs: RawResult[]) => rs.filter((r) => status(r.exchange) === status(rs[0]?.exchange)).map((r) => r.exchange.durationMs);
  const k = sameStatus(known);
  const u = sameStatus(unknown);
  const existingMs = median(k);
  const unknownMs = median(u);
  const apart = Math.min(...k) > Math.max(...u) || Math.max(...k) < Math.min(...u);
  const large = Math.abs(existingMs - unknownMs) > 150 && Math.max(existingMs, unknownMs) > 3 * Math.max(1, Math.min(existingMs, unknownMs));
  return { differs: apart && large && k.length >= 2 && u.length >= 2, existingMs, unknownMs };
}

/**
 * A timing difference seen in two pairs could be a busy machine: before it
 * counts, more interleaved pairs must show it too (the "second request" that
 * confirms every finding). By chance alone, six samples of one side all
 * slower than six of the other happens about once in 460 runs.
 */
async function confirmTiming(known: RawResult[], unknown: RawResult[], pair: () => Promise<void>): Promise<void> {
  while (judgeTiming(known, unknown).differs && known.length < TIMING_SAMPLES) await pair();
}

/**
 * Each view of the answers differs only when it is the same on every try of
 * one side and different from every try of the other: a difference seen once
 * is noise (a rate limit starting, a concurrent write).
 */
function consistentlyApart<T>(known: RawResult[], unknown: RawResult[], view: (ex: HttpExchange) => T): boolean {
  const k = known.map((r) => JSON.stringify(view(r.exchange)));
  const u = unknown.map((r) => JSON.stringify(view(r.exchange)));
  return k.length >= 2 && u.length >= 2 && k.every((x) => x === k[0]) && u.every((x) => x === u[0]) && k[0] !== u[0];
}

function record(cx: AccessContext, variant: string, target: string, known: RawResult[], unknown: RawResult[], inputs: string[], shapeProven: boolean): void {
  const steps: [string, HttpExchange | undefined][] = [
    ['existing user', known[0]?.exchange],
    ['unknown user', unknown[0]?.exchange],
    ['existing user again', known[1]?.exchange],
    ['unknown user again', unknown[1]?.exchange],
  ];
  const statusDiffers = known.every((k) => unknown.every((u) => status(k.exchange) !== status(u.exchange)));
  const shapeDiffers = consistentlyApart(known, unknown, (ex) => bodyViews(ex, inputs).shape);
  const messageDiffers = !shapeDiffers && consistentlyApart(known, unknown, (ex) => bodyViews(ex, inputs).message);
  const headersDiffer = consistentlyApart(known, unknown, (ex) => headerView(ex, inputs));
  const { differs: timingDiffers, existingMs: kt, unknownMs: ut } = judgeTiming(known, unknown);
  const t = cx.record('user-enumeration', variant, target, ANON, steps, {
    statusDiffers,
    bodyDiffers: shapeDiffers || messageDiffers,
    shapeDiffers,
    messageDiffers,
    headersDiffer,
    timingDiffers,
    existingMs: kt,
    unknownMs: ut,
  });
  // The control: identical answers prove nothing when neither side reached the app's logic (a 5xx, a body it cannot parse).
  const all = [...known, ...unknown].map((r) => status(r.exchange));
  const notOwn = (st: number | null) => st === null || st >= 500 || (!shapeProven && (st === 400 || st === 415));
  if (all.every(notOwn)) t.skipped = `every answer was ${[...new Set(all)].join('/')}: the requests did not reach the app's logic, so equal answers prove nothing`;
}

/** Reset token returned in the response (a leak), and used twice. */
export async function resetToken(cx: AccessContext): Promise<void> {
  const f = cx.config.auth.flows;
  const req = flow(cx, 'passwordResetRequest');
  const confirm = flow(cx, 'passwordResetConfirm');
  const user = probeUser(cx);
  if (!req || !user) {
    cx.skipFamily('reset-token-exposed', 'auth.flows.passwordResetRequest is not configured');
    cx.skipFamily('reset-token-reuse', 'auth.flows.passwordResetRequest is not configured');
    return;
  }
  if (!cx.writes) {
    cx.skip('reset-token-exposed', 'response', `${req.method} ${req.path}`, `a reset request sends mail: ${WRITES_OFF}`);
    cx.skip('reset-token-reuse', 'twice', confirm ? `${confirm.method} ${confirm.path}` : 'password reset', `${WRITES_OFF}`);
    return;
  }
  const { res, token: tok, field } = await requestReset(cx, req, user.username, 'request a password reset for the probe user');
  cx.record('reset-token-exposed', 'response', `${req.method} ${req.path}`, ANON, [['reset request', res.exchange]], {
    status: status(res.exchange),
    tokenInResponse: tok !== undefined,
    field,
  });
  if (!confirm) return cx.skip('reset-token-reuse', 'twice', 'password reset', 'auth.flows.passwordResetConfirm is not configured');
  const name = `${confirm.method} ${confirm.path}`;
  if (!tok) {
    const why = resetOutOfBand(cx);
    if (!f.passwordChange) cx.skip('session-after-password-change', 'password-reset', name, why);
    return cx.skip('reset-token-reuse', 'twice', name, why);
  }
  // A session opened before the reset must not survive it.
  const older = meOp(cx) ? await cx.caller.sessions.fresh(user.role) : undefined;
  const olderBefore = older?.ok ? await whoAmI(cx, older.session.headers, 'a session opened before the password reset works') : undefined;
  const use = (token: string, password: string, purpose: string) =>
    cx.caller.call(ANON, { method: confirm.method, url: resetConfirmUrl(cx, confirm, token), headers: JSON_HEADERS, body: resetConfirmBody(cx, confirm, token, password), purpose });
  // A temporary password, not the configured one again: only a change that shows (the new password signs in) proves the reset happened.
  const temp = temporaryPassword(cx);
  const first = await use(tok, temp, 'use the reset token (to a temporary password)');
  if (!ok2xx(first.exchange)) return cx.skip('reset-token-reuse', 'twice', name, `the first use of the token answered ${status(first.exchange) ?? first.exchange.error}`);
  const proof = await proveChange(cx, user, temp);
  if (!proof.proven) {
    const why = `the reset answered ${status(first.exchange)}, but ${proof.how}: the reset did not happen, so nothing after it can be judged (check the confirm body in auth.flows.passwordResetConfirm)`;
    cx.record('reset-token-reuse', 'twice', name, ANON, [['first use', first.exchange], ['sign in with the new password', proof.exchange]], { firstStatus: status(first.exchange), secondStatus: null }).skipped = why;
    if (!f.passwordChange) cx.skip('session-after-password-change', 'password-reset', name, why);
    return;
  }
  if (older?.ok && !f.passwordChange) {
    const after = await whoAmI(cx, older.session.headers, 'replay the session opened before the password reset');
    const confirm2 = after && ok2xx(after.exchange) ? await whoAmI(cx, older.session.headers, 'replay it again') : undefined;
    cx.record('session-after-password-change', 'password-reset', name, user.role, [['before change', olderBefore?.exchange], ['change', first.exchange], ['proof', proof.exchange], ['after change', after?.exchange], ['confirm', confirm2?.exchange]], {
      beforeStatus: status(olderBefore?.exchange),
      changeStatus: status(first.exchange),
      changeProven: proof.how,
      afterStatus: status(after?.exchange),
      confirmStatus: status(confirm2?.exchange),
    });
  }
  // The same token again, now with the configured password: if it works it also puts the password back (shown by signing in with it).
  const second = await use(tok, user.password, 'use the same reset token again (with the configured password)');
  const check = ok2xx(second.exchange) ? await loginWith(cx, user.username, user.password, 'did the second use set the password? (sign in with it)') : undefined;
  const secondTookEffect = check ? ok2xx(check.exchange) : null;
  cx.record('reset-token-reuse', 'twice', name, ANON, [['first use', first.exchange], ['second use', second.exchange], ['sign in after the second use', check?.exchange]], {
    firstStatus: status(first.exchange),
    secondStatus: status(second.exchange),
    secondTookEffect,
  });
  if (secondTookEffect === true) return;
  // Put the configured password back with a new token (never by relying on the first one working twice).
  const again = await requestReset(cx, req, user.username, `request a reset to put ${user.role}'s password back`);
  if (!again.token) return restoreFailed(cx, user, 'password-reset', 'a second reset request returned no token');
  const back = await use(again.token, user.password, `put ${user.role}'s configured password back`);
  if (!ok2xx(back.exchange)) return restoreFailed(cx, user, 'password-reset', `the reset back answered ${status(back.exchange) ?? back.exchange.error}`);
  await verifyRestored(cx, user, 'password-reset');
}

/** A throwaway strong password (registered for masking). */
export function temporaryPassword(cx: AccessContext): string {
  const temp = `${PROBE_MARK}-Tmp-${randomBytes(6).toString('base64url')}!`;
  cx.redactor?.add(temp);
  return temp;
}

type ProbeUser = NonNullable<ReturnType<typeof probeUser>>;

/**
 * The control of every "after a password change" verdict: the change must be
 * shown to have happened. The new password signs in (its session is handed
 * back for the restore), or else the configured one is refused. A 2xx to a
 * body whose field names the app ignores changes nothing, and an old session
 * surviving such a "change" proves nothing.
 */
export async function proveChange(cx: AccessContext, user: ProbeUser, newPassword: string): Promise<{ proven: boolean; how: string; exchange?: HttpExchange; headers?: Record<string, string> }> {
  const withNew = await loginWith(cx, user.username, newPassword, `sign in as ${user.role} with the new password (proof the change happened)`);
  if (withNew && ok2xx(withNew.exchange)) return { proven: true, how: 'the new password signs in', exchange: withNew.exchange, ...(withNew.headers ? { headers: withNew.headers } : {}) };
  const withOld = await loginWith(cx, user.username, user.password, `sign in as ${user.role} with the old password (did the change happen?)`);
  if (!withOld) return { proven: false, how: 'auth.login is not configured, so the change cannot be shown', exchange: withNew?.exchange };
  if (ok2xx(withOld.exchange)) return { proven: false, how: `the new password is refused (${status(withNew?.exchange) ?? withNew?.exchange.error}) and the old one still signs in`, exchange: withOld.exchange };
  return { proven: true, how: 'the old password is refused', exchange: withOld.exchange };
}

/** Signs in with the configured password after a restore; a failure is said loudly (notes and passwordsNotRestored). */
export async function verifyRestored(cx: AccessContext, user: ProbeUser, probe: string): Promise<boolean> {
  const res = await loginWith(cx, user.username, user.password, `verify ${user.role}'s configured password works again`);
  if (res && ok2xx(res.exchange)) return true;
  restoreFailed(cx, user, probe, `signing in with the configured password afterwards answered ${status(res?.exchange) ?? res?.exchange.error ?? 'nothing'}`);
  return false;
}

export function restoreFailed(cx: AccessContext, user: ProbeUser, probe: string, reason: string): void {
  cx.passwordsNotRestored.push({ role: user.role, username: user.username, probe, reason });
  cx.notes.push(`PASSWORD NOT RESTORED: the ${probe} probe changed the password of ${user.role} (${user.username}) and could not put it back (${reason}). Sign-ins as ${user.role} fail until it is reset by hand.`);
}

/** Asks for a password reset of `username`; the token, where the response carries it (then registered for masking). */
export async function requestReset(cx: AccessContext, req: Flow, username: string, purpose: string): Promise<{ res: RawResult; token?: string; field: string }> {
  const res = await resetRequestCall(cx, req, username, purpose);
  const field = cx.config.auth.flows.resetTokenFrom.slice('json:'.length);
  const v = readField(parseJson(res.body), field);
  const token = typeof v === 'string' && v.length > 0 ? v : undefined;
  cx.redactor?.add(token);
  return { res, field, ...(token ? { token } : {}) };
}

/** The reset request for `username`: the flow's body template ({email}, {username}), else the schema's body with the login's username field. */
function resetRequestCall(cx: AccessContext, req: Flow, username: string, purpose: string): Promise<RawResult> {
  const uf = cx.config.auth.login?.usernameField ?? 'email';
  const op = cx.op(req.method, req.path);
  const vars = { email: username, username };
  const body = flowBody(req, vars, () => ({ ...(op ? writeBody(op) : {}), [uf]: username }));
  return cx.caller.call(ANON, { method: req.method, url: cx.url(flowPath(req, vars) ?? req.path), headers: JSON_HEADERS, body, purpose });
}

export function resetOutOfBand(cx: AccessContext): string {
  return `the reset token is delivered out of band only (not at ${cx.config.auth.flows.resetTokenFrom} in the response), so the probe cannot use it; test this by hand with a token from the reset email`;
}

/** The reset-confirm body: the token and the new password in the fields the schema names. */
export function resetConfirmBody(cx: AccessContext, confirm: Flow, token: string, password: string): string {
  const op = cx.op(confirm.method, confirm.path);
  const props = propertiesOf(op?.requestSchema).map((p) => p.name);
  const tokenField = props.find((p) => /token|code/i.test(p)) ?? 'token';
  const passwordField = props.find((p) => /password/i.test(p)) ?? 'password';
  return flowBody(confirm, { token, password, newPassword: password }, () => ({ ...(op ? writeBody(op) : {}), [tokenField]: token, [passwordField]: password }));
}

/** The reset-confirm URL: a token in the path ({token}) is filled in. */
export const resetConfirmUrl = (cx: AccessContext, confirm: Flow, token: string): string => cx.url(flowPath(confirm, { token }) ?? confirm.path);

/** Probe accounts cannot be deleted through an API; the report names each so someone removes it. */
export function noteProbeAccount(cx: AccessContext, email: string, why: string): void {
  const all = probeAccounts(cx);
  if (!all.some((a) => a.email === email)) all.push({ email, why });
}

/** Every account the probes created this run (by a unique marked address), settled at the end. */
const probeAccounts = (cx: AccessContext) => cx.memo('probe accounts', (): { email: string; why: string }[] => []);

/**
 * At the end of the run: each probe account is queued for deletion where the
 * API document has a DELETE on a users collection that a signed-in role may
 * call and a list shows the account's id; every other one is named in the
 * notes for someone to remove.
 */
export async function settleProbeAccounts(cx: AccessContext): Promise<void> {
  const accounts = probeAccounts(cx).splice(0);
  const del = cx.writes ? cx.ops.find((o) => o.method === 'DELETE' && /\/(users|members|accounts)\/\{[^}]+\}$/i.test(o.path) && cx.allowed(o).some((r) => r.tenant === cx.homeTenant)) : undefined;
  const role = del ? cx.allowed(del).find((r) => r.tenant === cx.homeTenant) : undefined;
  for (const a of accounts) {
    const id = del && role ? (await listsNaming(cx, a.email))[0]?.id : undefined;
    const path = del && id !== undefined ? flowPath({ method: 'DELETE', path: del.path, name: '' }, { id }) : undefined;
    if (path && role) cx.created.push({ url: cx.url(path), role: role.name });
    else cx.notes.push(`the probe account ${a.email} was created (${a.why}); remove it after the audit`);
  }
}

export interface Invite {
  token: string;
  id?: string;
  email: string;
  role?: string;
  exchange: HttpExchange;
}

export async function createInvite(cx: AccessContext): Promise<Invite | { reason: string }> {
  const f = cx.config.auth.flows;
  const ep = flow(cx, 'inviteCreate');
  if (!ep) return { reason: 'auth.flows.inviteCreate is not configured' };
  const op = cx.op(ep.method, ep.path);
  const inviter = op ? cx.allowed(op).find((r) => r.tenant === cx.homeTenant) : undefined;
  if (!inviter) return { reason: `no signed-in role may call ${ep.method} ${ep.path}` };
  const email = `${PROBE_MARK}+${Math.random().toString(36).slice(2, 10)}@example.com`;
  const body: Record<string, unknown> = { ...writeBody(op!), email };
  // Invite with the least privileged role the schema offers, so escalation is visible.
  const roleProp = propertiesOf(op!.requestSchema).find((p) => p.name === 'role');
  const roleEnum = Array.isArray(roleProp?.schema.enum) ? (roleProp.schema.enum as unknown[]).map(String) : [];
  const count = (r: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r)).length;
  const least = roleEnum.filter((r) => cx.config.auth.roles[r]).sort((a, b) => count(a) - count(b))[0] ?? roleEnum.at(-1);
  if (least) body.role = least;
  const vars = { email, username: email.split('@')[0] };
  const res = await cx.caller.call(inviter.name, { method: ep.method, url: cx.url(flowPath(ep, vars) ?? ep.path), headers: JSON_HEADERS, body: flowBody(ep, vars, () => body), purpose: 'create an invite for a probe address' });
  const json = parseJson(res.body);
  const token = readField(json, f.inviteTokenFrom.slice('json:'.length));
  const id = readField(json, 'id');
  if (!ok2xx(res.exchange)) return { reason: `creating an invite answered ${status(res.exchange) ?? res.exchange.error}` };
  if (typeof token !== 'string' || !token) return { reason: `the invite token is not at ${f.inviteTokenFrom} in the create response (delivered by email only), so the probe cannot accept it` };
  cx.redactor?.add(token);
  return { token, id: typeof id === 'string' || typeof id === 'number' ? String(id) : undefined, email, role: least, exchange: res.exchange };
}

/** The accept body for an invite token; every password field gets `password`, by default a fresh strong one. */
export function acceptBody(cx: AccessContext, token: string, extra: Record<string, unknown> = {}, password?: string): { ep: Flow; body: string } | undefined {
  const ep = flow(cx, 'inviteAccept');
  if (!ep) return undefined;
  const op = cx.op(ep.method, ep.path);
  const props = propertiesOf(op?.requestSchema).map((p) => p.name);
  const tokenField = props.find((p) => /token|code/i.test(p)) ?? 'token';
  // The throwaway account's password is a live credential like any other: masked wherever it appears.
  const pw = password ?? `${PROBE_MARK}-Pw-${Math.random().toString(36).slice(2, 10)}!`;
  cx.redactor?.add(pw);
  const guess = () => {
    const body: Record<string, unknown> = { ...(op ? writeBody(op, `${PROBE_MARK} invitee`) : {}), [tokenField]: token };
    for (const p of props) if (/password/i.test(p)) body[p] = pw;
    return body;
  };
  const filled = JSON.parse(flowBody(ep, { token, password: pw, newPassword: pw }, guess)) as Record<string, unknown>;
  return { ep, body: JSON.stringify({ ...filled, ...extra }) };
}

/** The invite-accept URL: a token in the path ({token}) is filled in. */
export const acceptUrl = (cx: AccessContext, ep: Flow, token: string): string => cx.url(flowPath(ep, { token }) ?? ep.path);

export async function invites(cx: AccessContext): Promise<void> {
  const f = cx.config.auth.flows;
  if (!f.inviteCreate || !f.inviteAccept) {
    const why = 'auth.flows.inviteCreate and inviteAccept are not both configured';
    cx.skipFamily('revoked-invite', why);
    cx.skipFamily('invite-tampering', why);
    return;
  }
  if (!cx.writes) {
    cx.skip('revoked-invite', 'accept-after-revoke', flowName(cx, 'inviteAccept'), WRITES_OFF);
    cx.skip('revoked-invite', 'accept-twice', flowName(cx, 'inviteAccept'), WRITES_OFF);
    cx.skip('invite-tampering', 'role-and-tenant', flowName(cx, 'inviteAccept'), WRITES_OFF);
    return;
  }
  // Revoked invite.
  const revoke = flow(cx, 'inviteRevoke');
  const inv = await createInvite(cx);
  if ('reason' in inv) cx.skip('revoked-invite', 'accept-after-revoke', flowName(cx, 'inviteAccept'), inv.reason);
  else if (!revoke) cx.skip('revoked-invite', 'accept-after-revoke', flowName(cx, 'inviteAccept'), 'auth.flows.inviteRevoke is not configured');
  else if (revoke.path.includes('{') && !inv.id) cx.skip('revoked-invite', 'accept-after-revoke', flowName(cx, 'inviteAccept'), 'the invite-create response carries no id to revoke');
  else {
    const revOp = cx.op(revoke.method, revoke.path);
    const owner = revOp ? cx.allowed(revOp).find((r) => r.tenant === cx.homeTenant) : cx.roles[0];
    const rev = (await cx.caller.call(owner?.name ?? ANON, { method: revoke.method, url: cx.url(flowPath(revoke, { id: inv.id ?? '' }) ?? revoke.path), ...(revoke.body ? { headers: JSON_HEADERS, body: flowBody(revoke, { id: inv.id ?? '' }, () => ({})) } : {}), purpose: 'revoke the probe invite' })).exchange;
    const acc = acceptBody(cx, inv.token)!;
    const accept = ok2xx(rev) ? await cx.caller.call(ANON, { method: acc.ep.method, url: acceptUrl(cx, acc.ep, inv.token), headers: JSON_HEADERS, body: acc.body, purpose: 'accept the revoked invite' }) : undefined;
    const login = accept && ok2xx(accept.exchange) ? await loginAs(cx, inv.email, acc.body) : undefined;
    if (accept && ok2xx(accept.exchange)) noteProbeAccount(cx, inv.email, 'a revoked invite was accepted');
    if (!ok2xx(rev)) cx.skip('revoked-invite', 'accept-after-revoke', flowName(cx, 'inviteAccept'), `revoking the invite answered ${status(rev) ?? rev.error}`);
    else
      cx.record('revoked-invite', 'accept-after-revoke', `${acc.ep.method} ${acc.ep.path}`, ANON, [['create', inv.exchange], ['revoke', rev], ['accept', accept?.exchange], ['login as invitee', login?.exchange]], {
        revokeStatus: status(rev),
        acceptStatus: status(accept?.exchange),
        loginStatus: status(login?.exchange),
      });
  }
  await usedInvite(cx, flowName(cx, 'inviteAccept'));

  // Role and tenant chosen by the invitee.
  const inv2 = await createInvite(cx);
  if ('reason' in inv2) return cx.skip('invite-tampering', 'role-and-tenant', flowName(cx, 'inviteAccept'), inv2.reason);
  const other = cx.roles.find((r) => r.tenant !== cx.homeTenant);
  const otherKey = other ? cx.ids.tenantKeyOf(other.tenant) : undefined;
  const count = (r: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r)).length;
  const top = [...cx.roles].filter((r) => r.tenant === cx.homeTenant).sort((a, b) => count(b.name) - count(a.name))[0]?.name ?? 'owner';
  const extra: Record<string, unknown> = { role: top, ...(otherKey ? { tenantId: otherKey } : {}) };
  const acc = acceptBody(cx, inv2.token, extra)!;
  const accept = await cx.caller.call(ANON, { method: acc.ep.method, url: acceptUrl(cx, acc.ep, inv2.token), headers: JSON_HEADERS, body: acc.body, purpose: 'accept an invite with a changed role and tenant in the body' });
  const login = ok2xx(accept.exchange) ? await loginAs(cx, inv2.email, acc.body) : undefined;
  if (ok2xx(accept.exchange)) noteProbeAccount(cx, inv2.email, 'invite-tampering probe');
  const me = login?.headers ? await whoAmI(cx, login.headers) : undefined;
  const gotRole = me ? fieldOf(me.body, 'role') : fieldOf(accept.body, 'role');
  const gotTenant = me ? fieldOf(me.body, 'tenantId') : fieldOf(accept.body, 'tenantId');
  cx.record('invite-tampering', 'role-and-tenant', `${acc.ep.method} ${acc.ep.path}`, ANON, [['create', inv2.exchange], ['accept', accept.exchange], ['who am I', me?.exchange]], {
    invitedRole: inv2.role ?? null,
    askedRole: top,
    gotRole: typeof gotRole === 'string' ? gotRole : null,
    askedTenant: otherKey ?? null,
    gotTenant: typeof gotTenant === 'string' || typeof gotTenant === 'number' ? String(gotTenant) : null,
    acceptStatus: status(accept.exchange),
    roleChanged: typeof gotRole === 'string' && gotRole === top && gotRole !== inv2.role,
    tenantChanged: otherKey !== undefined && String(gotTenant) === otherKey,
  });
}

/**
 * A used invite accepted again by someone else (another name, email and
 * password where the body has them). Judged by revoked-invite-accepted: the
 * root cause is the same (the accept handler does not check that the invite
 * is still pending and does not consume it). Confirmed by signing in with the
 * second password, or with the session the second acceptance handed out.
 */
async function usedInvite(cx: AccessContext, target: string): Promise<void> {
  const inv = await createInvite(cx);
  if ('reason' in inv) return cx.skip('revoked-invite', 'accept-twice', target, inv.reason);
  const acc1 = acceptBody(cx, inv.token)!;
  const accept = (body: string, purpose: string) => cx.caller.call(ANON, { method: acc1.ep.method, url: acceptUrl(cx, acc1.ep, inv.token), headers: JSON_HEADERS, body, purpose });
  const first = await accept(acc1.body, 'accept a fresh probe invite');
  if (!ok2xx(first.exchange)) return cx.skip('revoked-invite', 'accept-twice', target, `accepting a fresh invite answered ${status(first.exchange) ?? first.exchange.error}`);
  noteProbeAccount(cx, inv.email, 'used-invite probe');
  const props = propertiesOf(cx.op(acc1.ep.method, acc1.ep.path)?.requestSchema).map((p) => p.name);
  const someoneElse: Record<string, unknown> = {};
  for (const p of props) if (/^(full_?)?name$/i.test(p)) someoneElse[p] = `${PROBE_MARK} second holder`;
  for (const p of props) if (/e-?mail/i.test(p)) someoneElse[p] = `${PROBE_MARK}+second-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const acc2 = acceptBody(cx, inv.token, someoneElse)!;
  const second = await accept(acc2.body, 'accept the used invite again, as someone else');
  const login = ok2xx(second.exchange) ? await loginAs(cx, inv.email, acc2.body) : undefined;
  const session = ok2xx(second.exchange) && !ok2xx(login?.exchange) ? tokenFrom(cx.config, second) : undefined;
  cx.redactor?.add(session);
  const me = session ? await whoAmI(cx, credentialHeaders(cx.config, session), 'use the session the second acceptance handed out') : undefined;
  const [id1, id2] = [fieldOf(first.body, 'id'), fieldOf(second.body, 'id')];
  cx.record('revoked-invite', 'accept-twice', target, ANON, [['create', inv.exchange], ['first accept', first.exchange], ['accept', second.exchange], ['login as invitee', login?.exchange], ['second session', me?.exchange]], {
    firstStatus: status(first.exchange),
    acceptStatus: status(second.exchange),
    loginStatus: status(login?.exchange),
    sessionStatus: status(me?.exchange),
    sameAccount: id1 !== undefined && id2 !== undefined && ok2xx(second.exchange) ? sameValue(id1, id2) : null,
  });
}

/** Signs in as `username` through auth.login (as the invitee: the body's password field is used). */
export async function loginAs(cx: AccessContext, email: string, acceptBodyJson: string): Promise<{ exchange: HttpExchange; headers?: Record<string, string> } | undefined> {
  const sent = parseJson(acceptBodyJson) as Record<string, unknown>;
  const password = Object.entries(sent).find(([k]) => /password/i.test(k))?.[1];
  return loginWith(cx, email, password, 'log in as the invitee');
}

export async function loginWith(cx: AccessContext, username: string, password: unknown, purpose: string): Promise<{ exchange: HttpExchange; headers?: Record<string, string> } | undefined> {
  const l = cx.config.auth.login;
  if (!l) return undefined;
  const res = await cx.caller.call(ANON, { method: l.method, url: cx.url(l.path), ...(await cx.caller.sessions.loginAttempt(username, password)), purpose, declaredAuthFlow: true });
  const token = tokenFrom(cx.config, res);
  if (token) cx.redactor?.add(token);
  // The answer was masked before its token was known: scrub it again, since probes keep it as evidence.
  return { exchange: token ? scrubbed(cx, res.exchange) : res.exchange, headers: token ? credentialHeaders(cx.config, token) : undefined };
}

/** The exchange scrubbed again by the run's redactor (for answers that carried a credential the redactor learnt only afterwards). */
export function scrubbed(cx: AccessContext, ex: HttpExchange): HttpExchange {
  return cx.redactor ? (JSON.parse(cx.redactor.scrub(JSON.stringify(ex))) as HttpExchange) : ex;
}

// Issue 11: one reader of credentials and one writer of credential headers for every probe (src/target/sign-in.ts).
export function tokenFrom(config: LaunchConfig, res: RawResult): string | undefined {
  return readCredential(config.auth.login?.tokenFrom ?? 'json:token', res);
}

export function credentialHeaders(config: LaunchConfig, token: string): Record<string, string> {
  return sendCredential(config, token);
}

export function meOp(cx: AccessContext) {
  return cx.target.me;
}

export async function whoAmI(cx: AccessContext, headers: Record<string, string>, purpose = 'who am I with this session') {
  const me = meOp(cx);
  return me ? cx.caller.call('probe-session', { method: 'GET', url: cx.url(me.path), credentials: headers, purpose }) : undefined;
}

/** A separate session for the probe user, logged out; then the old credential is replayed. */
export async function sessionAfterLogout(cx: AccessContext): Promise<void> {
  const lo = cx.config.auth.logout;
  const user = probeUser(cx);
  if (!lo) return cx.skipFamily('session-after-logout', 'auth.logout is not configured');
  if (!user) return cx.skipFamily('session-after-logout', 'no role signs in with a password');
  // Logout is a POST: we treat it as state-changing, so it is not sent without allowWrites.
  if (!cx.writes && lo.method !== 'GET') return cx.skip('session-after-logout', 'replay', `${lo.method} ${lo.path}`, WRITES_OFF);
  if (!meOp(cx)) return cx.skip('session-after-logout', 'replay', `${lo.method} ${lo.path}`, 'no GET /me-like operation in the spec to test the session with');
  const s = await cx.caller.sessions.fresh(user.role);
  if (!s.ok) return cx.skip('session-after-logout', 'replay', `${lo.method} ${lo.path}`, s.reason);
  const before = await whoAmI(cx, s.session.headers, 'the separate session works before logout');
  const out = await cx.caller.call('probe-session', { method: lo.method, url: cx.url(lo.path), ...(lo.body ? { headers: JSON_HEADERS, body: JSON.stringify(fillBody(lo.body, {})) } : {}), credentials: s.session.headers, purpose: 'log the separate session out', declaredAuthFlow: true });
  const after = await whoAmI(cx, s.session.headers, 'replay the logged-out session');
  const confirm = after && ok2xx(after.exchange) ? await whoAmI(cx, s.session.headers, 'replay the logged-out session again') : undefined;
  cx.record('session-after-logout', 'replay', `${lo.method} ${lo.path}`, user.role, [['before logout', before?.exchange], ['logout', out.exchange], ['after logout', after?.exchange], ['confirm', confirm?.exchange]], {
    beforeStatus: status(before?.exchange),
    logoutStatus: status(out.exchange),
    afterStatus: status(after?.exchange),
    confirmStatus: status(confirm?.exchange),
  });
}

/** Calls the password-change endpoint with a session's credentials, the current and new password in the fields the schema names. */
export function passwordChanger(cx: AccessContext, ep: Flow) {
  const op = cx.op(ep.method, ep.path);
  const props = propertiesOf(op?.requestSchema).map((p) => p.name);
  const current = props.find((p) => /current|old/i.test(p)) ?? 'currentPassword';
  const next = props.find((p) => /new/i.test(p)) ?? 'newPassword';
  const user = probeUser(cx);
  // Path parameters ({username}, {id}) come from the user's own record: read once, through the session that changes the password.
  let record: Promise<Record<string, unknown> | undefined> | undefined;
  const recordOf = (headers: Record<string, string>) => (record ??= whoAmI(cx, headers, "read the user's own record for the flow's path").then((r) => (r && ok2xx(r.exchange) ? userRecord(parseJson(r.body)) : undefined)));
  return async (headers: Record<string, string>, from: string, to: string, purpose: string) => {
    const vars = { password: from, newPassword: to, ...(user ? { username: user.username, email: user.username } : {}) };
    const path = ep.path.includes('{') ? flowPath(ep, { ...vars, username: undefined, email: undefined }, await recordOf(headers)) ?? flowPath(ep, vars) : ep.path;
    const body = flowBody(ep, vars, () => ({ ...(op ? writeBody(op) : {}), [current]: from, [next]: to }));
    return cx.caller.call('probe-session', { method: ep.method, url: cx.url(path ?? ep.path), headers: JSON_HEADERS, credentials: headers, body, purpose });
  };
}

/** Session A stays open while session B changes the password; then A is replayed. The password is changed back. */
export async function sessionAfterPasswordChange(cx: AccessContext): Promise<void> {
  const ep = flow(cx, 'passwordChange');
  const user = probeUser(cx);
  if (!ep) {
    // Without a password-change endpoint the reset flow stands in (see resetToken).
    if (!cx.config.auth.flows.passwordResetConfirm) cx.skipFamily('session-after-password-change', 'neither auth.flows.passwordChange nor passwordResetConfirm is configured');
    return;
  }
  if (!user) return cx.skipFamily('session-after-password-change', 'no role signs in with a password');
  const name = `${ep.method} ${ep.path}`;
  if (!cx.writes) return cx.skip('session-after-password-change', 'replay', name, WRITES_OFF);
  if (!meOp(cx)) return cx.skip('session-after-password-change', 'replay', name, 'no GET /me-like operation in the spec');
  const a = await cx.caller.sessions.fresh(user.role);
  const b = await cx.caller.sessions.fresh(user.role);
  if (!a.ok || !b.ok) return cx.skip('session-after-password-change', 'replay', name, a.ok ? (b as { reason: string }).reason : a.reason);
  const temp = temporaryPassword(cx);
  const change = passwordChanger(cx, ep);
  const before = await whoAmI(cx, a.session.headers, 'session A works before the password change');
  const ch = await change(b.session.headers, user.password, temp, 'change the password with session B');
  if (!ok2xx(ch.exchange)) return cx.skip('session-after-password-change', 'replay', name, `the password change answered ${status(ch.exchange) ?? ch.exchange.error}`);
  const proof = await proveChange(cx, user, temp);
  if (!proof.proven) {
    // Nothing changed, so nothing to put back; the old session proves nothing either way.
    const t = cx.record('session-after-password-change', 'replay', name, user.role, [['before change', before?.exchange], ['change', ch.exchange], ['proof', proof.exchange]], { beforeStatus: status(before?.exchange), changeStatus: status(ch.exchange) });
    t.skipped = `the password change answered ${status(ch.exchange)}, but ${proof.how}: the change did not happen (the app may ignore the field names sent; give the body in auth.flows.passwordChange)`;
    return;
  }
  const after = await whoAmI(cx, a.session.headers, 'replay session A after the password change');
  const confirm = after && ok2xx(after.exchange) ? await whoAmI(cx, a.session.headers, 'replay session A again') : undefined;
  // Change it back with a session on the temporary password, then prove it by signing in with the configured one.
  const c = proof.headers ?? (await cx.caller.sessions.fresh(user.role, temp).then((x) => (x.ok ? x.session.headers : undefined)));
  const back = c ? await change(c, temp, user.password, 'change the password back') : undefined;
  const restored = back && ok2xx(back.exchange) ? await verifyRestored(cx, user, 'session-after-password-change') : false;
  if (!back || !ok2xx(back.exchange)) restoreFailed(cx, user, 'session-after-password-change', back ? `changing it back answered ${status(back.exchange) ?? back.exchange.error}` : 'no session on the temporary password');
  // The shared session of this role may have ended with the change: renew it.
  await cx.caller.sessions.renew(user.role);
  cx.record('session-after-password-change', 'replay', name, user.role, [['before change', before?.exchange], ['change', ch.exchange], ['proof', proof.exchange], ['after change', after?.exchange], ['confirm', confirm?.exchange]], {
    beforeStatus: status(before?.exchange),
    changeStatus: status(ch.exchange),
    changeProven: proof.how,
    afterStatus: status(after?.exchange),
    confirmStatus: status(confirm?.exchange),
    restored,
  });
}
