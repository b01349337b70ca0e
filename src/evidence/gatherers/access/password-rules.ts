// Password rules, tried wherever the app sets a password: accepting an invite
// (a throwaway invitee), confirming a password reset and changing a password
// (both on the probe user, whose configured password is put back at once).
// A trivially short password must be refused. It counts as accepted only when
// signing in with it then works; a refusal counts only when the same request
// with an acceptable password succeeds, so a 4xx for another reason (a bad
// token, a missing field) is never taken for a password rule.
import { randomBytes } from 'node:crypto';
import { ANON, type RawResult } from '../../../probe/role-caller.js';
import { PROBE_MARK, propertiesOf } from '../../../probe/schema-bodies.js';
import type { AttackFamily } from '../../access-types.js';
import type { HttpExchange } from '../../types.js';
import {
  WRITES_OFF,
  acceptBody,
  acceptUrl,
  createInvite,
  loginWith,
  noteProbeAccount,
  passwordChanger,
  probeUser,
  requestReset,
  resetConfirmBody,
  resetConfirmUrl,
  resetOutOfBand,
  restoreFailed,
  verifyRestored,
} from './account-flows.js';
import { JSON_HEADERS, ok2xx, status, type AccessContext } from './context.js';
import { flow } from './flows.js';

const FAMILY: AttackFamily = 'weak-password';

/**
 * Six characters: under every published minimum (NIST SP 800-63B and OWASP
 * ASVS ask for at least 8), random so it is in no list an attacker tries
 * first, and long enough for the Redactor to mask it (it ignores shorter
 * values), so no report carries a working password of a probe account.
 */
export const WEAK_LENGTH = 6;
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const weakPassword = () => Array.from(randomBytes(WEAK_LENGTH), (b) => ALPHABET[b % ALPHABET.length]).join('');

/** One place the app sets a password, as the probe drives it. */
interface PasswordRoute {
  variant: 'invite-accept' | 'password-reset' | 'password-change';
  target: string;
  /** Who the password belongs to: the probe user's role, or anonymous for a throwaway invitee. */
  attacker: string;
  /** Steps before the attempt (creating the invite), shown as evidence. */
  setup: [string, HttpExchange | undefined][];
  set(password: string, purpose: string): Promise<RawResult>;
  login(password: string): Promise<{ exchange: HttpExchange } | undefined>;
  /** The password of the control attempt: the configured one (nothing to restore), or a strong throwaway one. */
  control: string;
  /** Puts the configured password back after the weak one was set; absent for throwaway accounts. */
  restore?(weak: string): Promise<boolean>;
  /** After any successful set: renew shared sessions, note accounts. */
  after?(): Promise<void>;
}

export async function weakPasswords(cx: AccessContext): Promise<void> {
  const f = cx.config.auth.flows;
  const configured = [f.inviteAccept && f.inviteCreate, f.passwordResetRequest && f.passwordResetConfirm, f.passwordChange].filter(Boolean);
  if (configured.length === 0) return cx.skipFamily(FAMILY, 'none of auth.flows.inviteAccept, passwordResetConfirm and passwordChange is configured');
  for (const make of [inviteRoute, resetRoute, changeRoute]) {
    const route = await make(cx);
    if (route && 'skip' in route) cx.skip(FAMILY, route.variant, route.target, route.skip);
    else if (route) await attempt(cx, route);
  }
}

type Made = PasswordRoute | { variant: PasswordRoute['variant']; target: string; skip: string } | undefined;

async function attempt(cx: AccessContext, r: PasswordRoute): Promise<void> {
  const weak = weakPassword();
  cx.redactor?.add(weak);
  const res = await r.set(weak, `set a ${WEAK_LENGTH}-character password through ${r.target}`);
  let login;
  let control;
  let restored: boolean | null = null;
  if (ok2xx(res.exchange)) {
    login = await r.login(weak);
    // Put back only what certainly changed (the weak password signed in), and prove the restore by signing in with the configured one.
    const user = probeUser(cx);
    if (r.restore && user && ok2xx(login?.exchange)) {
      restored = await r.restore(weak);
      if (restored) restored = await verifyRestored(cx, user, `weak-password (${r.variant})`);
      else restoreFailed(cx, user, `weak-password (${r.variant})`, 'the request to set it back was refused');
    }
  } else {
    control = await r.set(r.control, `the same request with an acceptable password (control)`);
  }
  if (ok2xx(res.exchange) || ok2xx(control?.exchange)) await r.after?.();
  const t = cx.record(FAMILY, r.variant, r.target, r.attacker, [...r.setup, ['attack', res.exchange], ['sign in with it', login?.exchange], ['control', control?.exchange]], {
    length: WEAK_LENGTH,
    weakStatus: status(res.exchange),
    loginStatus: status(login?.exchange),
    controlStatus: status(control?.exchange),
    restored,
  });
  // Neither side shown: the weak password "accepted" but it does not sign in (a no-op 2xx), or refused while the acceptable one is refused too.
  if (ok2xx(res.exchange) && !ok2xx(login?.exchange)) t.skipped = `the app answered ${status(res.exchange)} to the weak password, but signing in with it answered ${status(login?.exchange) ?? login?.exchange.error ?? 'nothing'}: the password was not shown to have changed (check the flow's body in auth.flows)`;
  else if (!ok2xx(res.exchange) && control && !ok2xx(control.exchange)) t.skipped = `the weak password was refused (${status(res.exchange) ?? res.exchange.error}), but so was an acceptable one (${status(control.exchange) ?? control.exchange.error}): the refusal is not about the password`;
}

async function inviteRoute(cx: AccessContext): Promise<Made> {
  const f = cx.config.auth.flows;
  const ep = flow(cx, 'inviteAccept');
  if (!ep || !f.inviteCreate) return undefined;
  const base = { variant: 'invite-accept' as const, target: `${ep.method} ${ep.path}` };
  if (!cx.writes) return { ...base, skip: WRITES_OFF };
  if (!propertiesOf(cx.op(ep.method, ep.path)?.requestSchema).some((p) => /password/i.test(p.name))) return { ...base, skip: 'the invite-accept body has no password field in the API document' };
  const inv = await createInvite(cx);
  if ('reason' in inv) return { ...base, skip: inv.reason };
  const accept = (password: string, purpose: string) => {
    const acc = acceptBody(cx, inv.token, {}, password)!;
    return cx.caller.call(ANON, { method: ep.method, url: acceptUrl(cx, ep, inv.token), headers: JSON_HEADERS, body: acc.body, purpose });
  };
  return {
    ...base,
    attacker: ANON,
    setup: [['create', inv.exchange]],
    set: accept,
    login: (pw) => loginWith(cx, inv.email, pw, 'sign in as the invitee with the password just set'),
    control: `${PROBE_MARK}-Pw-${randomBytes(6).toString('base64url')}!`,
    after: async () => noteProbeAccount(cx, inv.email, 'weak-password probe'),
  };
}

async function resetRoute(cx: AccessContext): Promise<Made> {
  const req = flow(cx, 'passwordResetRequest');
  const confirm = flow(cx, 'passwordResetConfirm');
  if (!req || !confirm) return undefined;
  const base = { variant: 'password-reset' as const, target: `${confirm.method} ${confirm.path}` };
  const user = probeUser(cx);
  if (!user) return { ...base, skip: 'no role of the home tenant signs in with a password' };
  if (!cx.writes) return { ...base, skip: `a reset request sends mail: ${WRITES_OFF}` };
  // The reset-token probe already asked once: where the token was not in its response, do not send another email.
  const seen = cx.trials.find((t) => t.family === 'reset-token-exposed' && !t.skipped);
  if (seen?.facts.tokenInResponse === false) return { ...base, skip: resetOutOfBand(cx) };
  const first = await requestReset(cx, req, user.username, 'request a password reset to try a weak password');
  if (!first.token) return { ...base, skip: resetOutOfBand(cx) };
  const token = first.token;
  const use = (tok: string, password: string, purpose: string) =>
    cx.caller.call(ANON, { method: confirm.method, url: resetConfirmUrl(cx, confirm, tok), headers: JSON_HEADERS, body: resetConfirmBody(cx, confirm, tok, password), purpose });
  return {
    ...base,
    attacker: user.role,
    setup: [['reset request', first.res.exchange]],
    set: (pw, purpose) => use(token, pw, purpose),
    login: (pw) => loginWith(cx, user.username, pw, `sign in as ${user.role} with the password just set`),
    control: user.password,
    // A new token, not the first one again: that it works twice is a finding of its own, not something to rely on.
    restore: async () => {
      const again = await requestReset(cx, req, user.username, `request a reset to put ${user.role}'s password back`);
      return again.token ? ok2xx((await use(again.token, user.password, `put ${user.role}'s configured password back`)).exchange) : false;
    },
    after: async () => void (await cx.caller.sessions.renew(user.role)),
  };
}

async function changeRoute(cx: AccessContext): Promise<Made> {
  const ep = flow(cx, 'passwordChange');
  if (!ep) return undefined;
  const base = { variant: 'password-change' as const, target: `${ep.method} ${ep.path}` };
  const user = probeUser(cx);
  if (!user) return { ...base, skip: 'no role of the home tenant signs in with a password' };
  if (!cx.writes) return { ...base, skip: WRITES_OFF };
  const s = await cx.caller.sessions.fresh(user.role);
  if (!s.ok) return { ...base, skip: s.reason };
  const change = passwordChanger(cx, ep);
  return {
    ...base,
    attacker: user.role,
    setup: [],
    set: (pw, purpose) => change(s.session.headers, user.password, pw, purpose),
    login: (pw) => loginWith(cx, user.username, pw, `sign in as ${user.role} with the password just set`),
    // Setting the configured password again: an app that refuses "same as current" leaves the probe inconclusive, never a pass.
    control: user.password,
    restore: async (weak) => {
      const w = await cx.caller.sessions.fresh(user.role, weak);
      return w.ok ? ok2xx((await change(w.session.headers, weak, user.password, `put ${user.role}'s configured password back`)).exchange) : false;
    },
    after: async () => void (await cx.caller.sessions.renew(user.role)),
  };
}
