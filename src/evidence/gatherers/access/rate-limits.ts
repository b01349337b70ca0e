// Rate limits on the abuse-prone endpoints: login, password reset, signup or
// invite, the contact form. A bounded burst must meet 429 (or a lockout:
// 423, or 503 with Retry-After) within `burst` requests. Where a limit was met,
// the bypasses: rotating X-Forwarded-For / X-Real-IP, the username's case and
// whitespace, and path variants. A bypass counts only if a plain request right
// after it is still limited (so the window did not simply reset).
import type { HttpExchange } from '../../types.js';
import type { RawResult } from '../../../probe/role-caller.js';
import { ANON } from '../../../probe/role-caller.js';
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { loginBody } from '../../../target/sign-in.js';
import { writeBody } from './bodies.js';
import { JSON_HEADERS, parseEndpoint, status, type AccessContext } from './context.js';

interface Target {
  flow: string;
  method: string;
  path: string;
  role: string;
  /** Body builder; `user` is the username to put in it, where the flow has one. */
  body(user: string): Record<string, unknown>;
  usernameField?: string;
  /** The request changes state (sends mail, creates rows): needs allowWrites. */
  write: boolean;
}

const limited = (ex: HttpExchange | undefined): boolean => {
  const s = ex?.response?.status;
  return s === 429 || s === 423 || (s === 503 && ex?.response?.headers['retry-after'] !== undefined);
};
const reachedHandler = (ex: HttpExchange | undefined): boolean => {
  const s = ex?.response?.status;
  return s !== undefined && s !== 404 && s !== 405;
};

function targets(cx: AccessContext): Target[] {
  const a = cx.config.auth;
  const f = a.flows;
  const domain = (Object.values(a.roles)[0]?.login?.username.split('@')[1] ?? 'example.com').toLowerCase();
  const nobody = `${PROBE_MARK}-nobody@${domain}`;
  const out: Target[] = [];
  const opBody = (ep: { method: string; path: string }) => {
    const op = cx.op(ep.method, ep.path);
    return op ? writeBody(op, `${PROBE_MARK} rate-limit probe`) : {};
  };
  if (a.login) {
    const uf = a.login.usernameField;
    out.push({ flow: 'login', method: a.login.method, path: a.login.path, role: ANON, usernameField: uf, write: false, body: (u) => loginBody(a.login!, u, `${PROBE_MARK}-wrong-password`) });
  }
  const reset = parseEndpoint(f.passwordResetRequest);
  const uf = a.login?.usernameField ?? 'email';
  if (reset) out.push({ flow: 'password reset', ...reset, role: ANON, usernameField: uf, write: true, body: (u) => ({ ...opBody(reset), [uf]: u }) });
  const signup = parseEndpoint(f.signup);
  if (signup) out.push({ flow: 'signup', ...signup, role: ANON, write: true, body: () => ({ ...opBody(signup), email: `${PROBE_MARK}+${Math.random().toString(36).slice(2, 8)}@example.com` }) });
  const invite = parseEndpoint(f.inviteCreate);
  const inviter = invite ? cx.allowed(cx.op(invite.method, invite.path) ?? { method: '', path: '', publicInSpec: false, hasJsonBody: true, expectationFrom: 'spec' })[0] : undefined;
  // Only an invite endpoint open to anonymous callers is burst: an owner-only one needs an owner account to abuse.
  const inviteOp = invite ? cx.op(invite.method, invite.path) : undefined;
  if (invite && inviter && inviteOp?.allowedRoles?.includes('anonymous')) out.push({ flow: 'invite', ...invite, role: inviter.name, write: true, body: () => ({ ...opBody(invite), email: `${PROBE_MARK}+${Math.random().toString(36).slice(2, 8)}@example.com` }) });
  const contact = parseEndpoint(f.contact);
  if (contact) out.push({ flow: 'contact form', ...contact, role: ANON, write: true, body: () => opBody(contact) });
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
  if (t.write && !cx.writes) return cx.skip('rate-limit', t.flow, name, 'the burst would change state (mail, rows), and writes are not allowed (allowWrites: false)');
  if (!t.write && !cx.writes) return cx.skip('rate-limit', t.flow, name, 'a burst of failed logins is not sent where writes are not allowed (allowWrites: false)');
  const send = (purpose: string, opts: { headers?: Record<string, string>; user?: string; path?: string } = {}): Promise<RawResult> =>
    cx.caller.call(t.role, {
      method: t.method,
      url: opts.path ? cx.url(opts.path) : url,
      headers: { ...JSON_HEADERS, ...opts.headers },
      body: JSON.stringify(t.body(opts.user ?? t.nobody)),
      purpose,
      noRenew: true,
      declaredAuthFlow: t.flow === 'login',
    });

  const statuses: number[] = [];
  let first: HttpExchange | undefined;
  let hit: HttpExchange | undefined;
  let last: HttpExchange | undefined;
  // Sequential on purpose: a limit counts requests, and the client's rate already spaces them.
  for (let i = 0; i < burst; i++) {
    const res = await send(`rate-limit burst on ${t.flow} (${i + 1}/${burst})`);
    last = res.exchange;
    first ??= res.exchange;
    statuses.push(res.exchange.response?.status ?? 0);
    if (limited(res.exchange)) {
      hit = res.exchange;
      break;
    }
  }
  // 404/405: maybe no such route. 401/403 on login is the handler saying "wrong password"; on the
  // other flows it means the endpoint wants a signed-in caller, so an anonymous flood never reaches it.
  const authWall = (s: number) => t.flow !== 'login' && (s === 401 || s === 403);
  let reached = statuses.some((s) => s !== 0 && s !== 404 && s !== 405 && !authWall(s));
  let unknownRoute: HttpExchange | undefined;
  if (!reached && !hit && statuses.every((s) => s === 404)) {
    // A 404 for every request may be the route missing, or the app's own
    // answer for an unknown account ("No such user"). An app-level 404 reads
    // differently from what a surely-missing route next to it gets.
    unknownRoute = (await send(`is the 404 on ${t.flow} the app's own? (a missing route for comparison)`, { path: `${t.path.replace(/\/+$/, '')}-${PROBE_MARK}-missing` })).exchange;
    reached = status(unknownRoute) === 404 && differentAnswer(first, unknownRoute);
  }
  cx.record('rate-limit', t.flow, name, t.role, [['first', first], ['limited', hit], ['last', hit ? undefined : last], ['missing route', unknownRoute]], {
    burst,
    sent: statuses.length,
    limitedAt: hit ? statuses.length : null,
    statuses: summarise(statuses),
    reachedHandler: reached,
  });
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
      bypassed: !limited(a.exchange) && !limited(b.exchange) && reachedHandler(a.exchange) && reachedHandler(b.exchange),
      controlLimited: limited(control.exchange),
    });
  }
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
