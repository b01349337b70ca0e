// Rate limits on the abuse-prone endpoints: login, password reset, signup or
// invite, the contact form. A bounded burst must meet 429 (or a lockout:
// 423, or 503 with Retry-After) within `burst` requests. Where a limit was met,
// the bypasses: rotating X-Forwarded-For / X-Real-IP, the username's case and
// whitespace, and path variants. A bypass counts only if it got one of the
// flow's own answers from before the limit (not another route's 401 or 404),
// twice, and a plain request right after it is still limited (so the window
// did not simply reset).
import type { HttpExchange } from '../../types.js';
import type { RawResult } from '../../../probe/role-caller.js';
import { ANON } from '../../../probe/role-caller.js';
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { loginBody } from '../../../target/sign-in.js';
import { writeBody } from './bodies.js';
import { noteProbeAccount } from './account-flows.js';
import { JSON_HEADERS, ok2xx, status, type AccessContext } from './context.js';
import { flow, flowBody, type Flow } from './flows.js';
import { signupAccount, signupBody } from './signup.js';

interface Target {
  flow: string;
  method: string;
  path: string;
  role: string;
  /** Body builder (JSON text); `user` is the username to put in it, where the flow has one. */
  body(user: string): string;
  usernameField?: string;
  /** The request changes state (sends mail, creates rows): needs allowWrites. */
  write: boolean;
  /** The whole request (headers and encoded body), where the flow is not plain JSON: a login in the configured shape, with its CSRF token. */
  request?(user: string): Promise<{ headers: Record<string, string>; body: string }>;
  /** The account a successful request creates (signup), named in the notes. */
  account?: string;
}

const limited = (ex: HttpExchange | undefined): boolean => {
  const s = ex?.response?.status;
  return s === 429 || s === 423 || (s === 503 && ex?.response?.headers['retry-after'] !== undefined);
};

function targets(cx: AccessContext): Target[] {
  const a = cx.config.auth;
  const domain = (Object.values(a.roles)[0]?.login?.username.split('@')[1] ?? 'example.com').toLowerCase();
  const nobody = `${PROBE_MARK}-nobody@${domain}`;
  const out: Target[] = [];
  const opBody = (ep: Flow) => {
    const op = cx.op(ep.method, ep.path);
    return op ? writeBody(op, `${PROBE_MARK} rate-limit probe`) : {};
  };
  if (a.login) {
    const uf = a.login.usernameField;
    out.push({ flow: 'login', method: a.login.method, path: a.login.path, role: ANON, usernameField: uf, write: false, body: (u) => JSON.stringify(loginBody(a.login!, u, `${PROBE_MARK}-wrong-password`)), request: (u) => cx.caller.sessions.loginAttempt(u, `${PROBE_MARK}-wrong-password`) });
  }
  const reset = flow(cx, 'passwordResetRequest');
  const uf = a.login?.usernameField ?? 'email';
  if (reset) out.push({ flow: 'password reset', method: reset.method, path: reset.path, role: ANON, usernameField: uf, write: true, body: (u) => flowBody(reset, { email: u, username: u }, () => ({ ...opBody(reset), [uf]: u })) });
  const signup = flow(cx, 'signup');
  // One account for the whole burst: the first request creates it, the rest are the app's own "already taken", so one account is left, not `burst`.
  if (signup) {
    const acct = signupAccount(cx, 'burst');
    out.push({ flow: 'signup', method: signup.method, path: signup.path, role: ANON, write: true, account: acct.email, body: () => signupBody(cx, signup, acct) });
  }
  const invite = flow(cx, 'inviteCreate');
  const inviteOp = invite ? cx.op(invite.method, invite.path) : undefined;
  // Only an invite endpoint open to anonymous callers is burst: an owner-only one needs an owner account to abuse.
  if (invite && inviteOp?.allowedRoles?.includes('anonymous')) {
    const email = `${PROBE_MARK}+invite-burst-${Math.random().toString(36).slice(2, 8)}@example.com`;
    out.push({ flow: 'invite', method: invite.method, path: invite.path, role: ANON, write: true, body: () => flowBody(invite, { email }, () => ({ ...opBody(invite), email })) });
  }
  const contact = flow(cx, 'contact');
  if (contact) out.push({ flow: 'contact form', method: contact.method, path: contact.path, role: ANON, write: true, body: () => flowBody(contact, {}, () => opBody(contact)) });
  return out.map((t) => ({ ...t, nobody }));
}

export async function rateLimits(cx: AccessContext): Promise<void> {
  const burst = cx.config.auth.flows.rateLimitBurst;
  const list = targets(cx);
  if (list.length === 0) {
    cx.skipFamily('rate-limit', 'no auth.login or auth.flows endpoints configured');
    return;
  }
  // Login last: its limit may block this machine's further logins for a while.
  const ordered = [...list.filter((t) => t.flow !== 'login'), ...list.filter((t) => t.flow === 'login')];
  for (const t of ordered) await probeTarget(cx, t as Target & { nobody: string }, burst);
}

async function probeTarget(cx: AccessContext, t: Target & { nobody: string }, burst: number): Promise<void> {
  const name = `${t.method} ${t.path}`;
  const url = cx.url(t.path);
  // Login is a declared auth flow (read-only by intent); the others change state.
  if (t.write && !cx.writes) return cx.skip('rate-limit', t.flow, name, 'the burst would change state (mail, rows), and writes are not allowed (allowWrites: false, or a --read-only run)');
  if (!t.write && !cx.writes) return cx.skip('rate-limit', t.flow, name, 'a burst of failed logins is not sent where writes are not allowed (allowWrites: false, or a --read-only run)');
  const send = async (purpose: string, opts: { headers?: Record<string, string>; user?: string; path?: string } = {}): Promise<RawResult> => {
    const req = t.request ? await t.request(opts.user ?? t.nobody) : { headers: JSON_HEADERS, body: t.body(opts.user ?? t.nobody) };
    return cx.caller.call(t.role, {
      method: t.method,
      url: opts.path ? cx.url(opts.path) : url,
      headers: { ...req.headers, ...opts.headers },
      body: req.body,
      purpose,
      noRenew: true,
      declaredAuthFlow: t.flow === 'login',
    });
  };

  // Control for login: a role signed in with this body shape, so a 400 to the burst is the app's "wrong credentials", not "cannot parse".
  const shapeProven = t.flow === 'login' && cx.roles.some((r) => ok2xx(cx.caller.sessions.lastLogin.get(r.name)?.exchange));
  const statuses: number[] = [];
  let first: HttpExchange | undefined;
  let hit: HttpExchange | undefined;
  let last: HttpExchange | undefined;
  let success = false;
  // The answers the flow gave before the limit: a bypass must get one of them again, not some other route's 401 or 404.
  const before = new Set<string>();
  // Sequential on purpose: a limit counts requests, and the client's rate already spaces them.
  for (let i = 0; i < burst; i++) {
    const res = await send(`rate-limit burst on ${t.flow} (${i + 1}/${burst})`);
    last = res.exchange;
    first ??= res.exchange;
    if (!limited(res.exchange)) before.add(answerKey(res.exchange));
    const st = res.exchange.response?.status ?? 0;
    statuses.push(st);
    if (limited(res.exchange)) {
      hit = res.exchange;
      break;
    }
    success ||= st >= 200 && st < 300;
    // Three answers that are not the app's own and no success: the rest of the burst would teach nothing (and, for signup, could only create accounts).
    // (404s go on: an app's own "no such account" 404 is told from a missing route only after the burst.)
    if (i === 2 && !success && statuses.every((x) => ![undefined, 'missing-route?'].includes(notOwn(x, t.flow, shapeProven)))) break;
  }
  const ownReason = (st: number) => notOwn(st, t.flow, shapeProven || success);
  let unknownRoute: HttpExchange | undefined;
  let why = (hit ? statuses.slice(0, -1) : statuses).map(ownReason).find((r) => r !== undefined);
  if (why === 'missing-route?' && statuses.every((x) => x === 404) && !hit) {
    // A 404 for every request may be the route missing, or the app's own
    // answer for an unknown account ("No such user"). An app-level 404 reads
    // differently from what a surely-missing route next to it gets.
    unknownRoute = (await send(`is the 404 on ${t.flow} the app's own? (a missing route for comparison)`, { path: `${t.path.replace(/\/+$/, '')}-${PROBE_MARK}-missing` })).exchange;
    why = status(unknownRoute) === 404 && differentAnswer(first, unknownRoute) ? undefined : 'every answer was 404, like a route that does not exist next to it';
  } else if (why === 'missing-route?') why = 'the burst got 404/405, the answer of a route that does not exist';
  const reached = why === undefined;
  const trial = cx.record('rate-limit', t.flow, name, t.role, [['first', first], ['limited', hit], ['last', hit ? undefined : last], ['missing route', unknownRoute]], {
    burst,
    sent: statuses.length,
    limitedAt: hit ? statuses.length : null,
    statuses: summarise(statuses),
    reachedHandler: reached,
  });
  // The control failed: the burst never reached the app's logic, so "no 429" proves nothing. Not-tested, with the exchanges kept.
  if (!reached && !hit) trial.skipped = `the burst's answers were not the app's own answer to a well-formed request (${summarise(statuses)}: ${why})`;
  if (t.account && success) noteProbeAccount(cx, t.account, 'signup rate-limit burst; every request of the burst used this one address, so only one account was created');
  if (!hit) return;

  const variants: { variant: string; opts: { headers?: Record<string, string>; user?: string; path?: string } }[] = [];
  const ip = () => `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
  variants.push({ variant: 'x-forwarded-for', opts: { headers: { 'x-forwarded-for': ip() } } });
  variants.push({ variant: 'x-real-ip', opts: { headers: { 'x-real-ip': ip() } } });
  if (t.usernameField) variants.push({ variant: 'username-case', opts: { user: ` ${t.nobody.toUpperCase()} ` } });
  variants.push({ variant: 'trailing-slash', opts: { path: `${t.path}/` } });
  variants.push({ variant: 'path-case', opts: { path: t.path.replace(/[a-z](?=[a-z]*$)/, (c) => c.toUpperCase()) } });
  const lastChar = t.path.at(-1) ?? 'n';
  variants.push({ variant: 'percent-encoding', opts: { path: `${t.path.slice(0, -1)}%${lastChar.charCodeAt(0).toString(16).toUpperCase()}` } });

  for (const v of variants) {
    // A fresh random IP per request for the header variants: a rotating attacker.
    const a = await send(`rate-limit bypass (${v.variant}) on ${t.flow}`, v.variant.startsWith('x-') ? { headers: { [v.variant]: ip() } } : v.opts);
    const b = await send(`confirm rate-limit bypass (${v.variant}) on ${t.flow}`, v.variant.startsWith('x-') ? { headers: { [v.variant]: ip() } } : v.opts);
    const control = await send(`control: plain request still limited after ${v.variant}`);
    cx.record('rate-limit-bypass', v.variant, name, t.role, [['attack', a.exchange], ['confirm', b.exchange], ['control', control.exchange]], {
      flow: t.flow,
      status: status(a.exchange),
      confirmStatus: status(b.exchange),
      // Got through to the app's logic, both times: not limited, and the app's own answer (a 5xx or a 404 on a path variant is not a way in).
      bypassed: [a, b].every((r) => !limited(r.exchange) && ownReason(status(r.exchange) ?? 0) === undefined && before.has(answerKey(r.exchange))),
      controlLimited: limited(control.exchange),
    });
  }
}

/**
 * Why an answer in a burst is not the app's own answer to a well-formed
 * request (undefined when it is): a 5xx failed before the app's logic; a
 * 400/415/422 is about the body's shape unless the same shape was shown to
 * work (a login with it succeeded, or a 2xx in the burst); 401/403 on a flow
 * other than login is an authentication wall in front of it.
 */
function notOwn(st: number, flow: string, shapeProven: boolean): string | undefined {
  if (st === 0) return 'no answer';
  if (st >= 500) return 'a server error: the request failed before the app decided anything';
  if ((st === 400 || st === 415 || st === 422) && !shapeProven) return `a ${st} about the body's shape (no request in this shape was ever accepted); give the flow's body in auth.flows`;
  if ((st === 401 || st === 403) && flow !== 'login') return 'an authentication wall in front of the flow';
  if (st === 404 || st === 405) return 'missing-route?';
  return undefined;
}

/** An answer with what varies per request (numbers, addresses, tokens) dropped: the same key means the same handler said the same thing. */
function answerKey(ex: HttpExchange): string {
  const body = (ex.response?.body ?? '').toLowerCase().replace(/[^\s"]+@[^\s"]+/g, '<email>').replace(/[a-z0-9_-]{16,}/g, '<token>').replace(/\d+/g, '0').replace(/\s+/g, '');
  return `${status(ex)} ${body.slice(0, 500)}`;
}

/** Two 404s that differ in content type or body (ignoring what varies per request) came from different handlers. */
function differentAnswer(a: HttpExchange | undefined, b: HttpExchange | undefined): boolean {
  const kind = (ex: HttpExchange | undefined) => `${(ex?.response?.headers['content-type'] ?? '').split(';')[0]} ${(ex?.response?.body ?? '').replace(/\d+|\/[^\s"<]*/g, '')}`;
  return kind(a) !== kind(b);
}

function summarise(statuses: number[]): string {
  const runs: string[] = [];
  let i = 0;
  while (i < statuses.length) {
    let j = i;
    while (j < statuses.length && statuses[j] === statuses[i]) j++;
    runs.push(j - i > 1 ? `${statuses[i]}×${j - i}` : String(statuses[i]));
    i = j;
  }
  return runs.join(', ');
}
