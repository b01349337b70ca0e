// Sessions beyond logout and password changes: whether disabling a user ends
// the sessions that user already has open, and the attributes of the session
// cookie the login (and invite accept) hands out.
import { ANON, type RawResult } from '../../../probe/role-caller.js';
import type { HttpExchange } from '../../types.js';
import { acceptBody, acceptUrl, createInvite, scrubbed, credentialHeaders, loginAs, meOp, noteProbeAccount, tokenFrom, whoAmI, WRITES_OFF } from './account-flows.js';
import { listsNaming } from './discovery.js';
import { writeBody } from './bodies.js';
import { fieldOf } from './compare.js';
import { JSON_HEADERS, ok2xx, parseJson, status, type AccessContext } from './context.js';
import { flow, flowBody, flowPath, userRecord } from './flows.js';
import { deletesCookie, parseSetCookie, sameSiteOf, type SetCookie } from './set-cookie.js';

/**
 * Invites a throwaway user, opens a session for it, disables it as a role the
 * policy allows, and replays that session twice. Configured test users are
 * never disabled. Returns the invite-accept answer, whose Set-Cookie the
 * session-cookie probe judges too.
 */
export async function sessionAfterDisable(cx: AccessContext): Promise<RawResult | undefined> {
  const f = cx.config.auth.flows;
  const ep = flow(cx, 'userDisable');
  if (!ep) {
    cx.skipFamily('session-after-disable', 'auth.flows.userDisable is not configured');
    return undefined;
  }
  const target = `${ep.method} ${ep.path}`;
  const skip = (reason: string): undefined => {
    cx.skip('session-after-disable', 'replay', target, reason);
    return undefined;
  };
  if (!cx.writes) return skip(WRITES_OFF);
  if (!f.inviteCreate || !f.inviteAccept) return skip('the probe disables only a throwaway user it invites itself, and auth.flows.inviteCreate and inviteAccept are not both configured');
  if (!meOp(cx)) return skip('no GET /me-like operation in the spec to test the session with');
  const op = cx.op(ep.method, ep.path);
  const admin = op ? cx.allowed(op).find((r) => r.tenant === cx.homeTenant) : undefined;
  if (!admin) return skip(`no signed-in role of the home tenant may call ${target}`);

  const inv = await createInvite(cx);
  if ('reason' in inv) return skip(inv.reason);
  queueInviteRevoke(cx, inv.id, admin.name);
  const acc = acceptBody(cx, inv.token)!;
  const accepted = await cx.caller.call(ANON, { method: acc.ep.method, url: acceptUrl(cx, acc.ep, inv.token), headers: JSON_HEADERS, body: acc.body, purpose: 'accept the invite of a throwaway user (to be disabled)' });
  if (!ok2xx(accepted.exchange)) {
    skip(`accepting the invite answered ${status(accepted.exchange) ?? accepted.exchange.error}`);
    return accepted;
  }
  noteProbeAccount(cx, inv.email, 'a throwaway user, disabled by the session-after-disable probe');

  // The accept answer may sign the new user in (as the demo's does); otherwise log in with the password just chosen.
  const token = tokenFrom(cx.config, accepted);
  if (token) cx.redactor?.add(token);
  const headers = token ? credentialHeaders(cx.config, token) : (await loginAs(cx, inv.email, acc.body))?.headers;
  if (!headers) {
    skip('the invite-accept answer carries no session and logging in as the new user gave none');
    return accepted;
  }
  const before = await whoAmI(cx, headers, "the throwaway user's session works before it is disabled");
  if (!before || !ok2xx(before.exchange)) {
    skip(`the throwaway user's session did not work before the disable (${status(before?.exchange) ?? before?.exchange.error})`);
    return accepted;
  }
  const id = userId(before.body, inv.email) ?? userId(accepted.body, inv.email) ?? (await listsNaming(cx, inv.email))[0]?.id;
  // {id} is the throwaway user's; other parameters come from that user's own record (its GET /me answer).
  const path = id ? flowPath(ep, { id, email: inv.email }, userRecord(parseJson(before.body))) : undefined;
  if (!path) {
    skip(id ? `${ep.path} needs more than one id` : 'the new user\'s id is in neither the GET /me answer, the accept answer, nor any list the admin can read');
    return accepted;
  }
  const disabled = await cx.caller.call(admin.name, {
    method: ep.method,
    url: cx.url(path),
    ...(op?.requestSchema || ep.body ? { headers: JSON_HEADERS, body: flowBody(ep, { id, email: inv.email }, () => (op ? writeBody(op) : {})) } : {}),
    purpose: 'disable the throwaway user',
  });
  if (!ok2xx(disabled.exchange)) {
    skip(`disabling the throwaway user answered ${status(disabled.exchange) ?? disabled.exchange.error}`);
    return accepted;
  }
  const after = await whoAmI(cx, headers, "replay the disabled user's session");
  const confirm = after && ok2xx(after.exchange) ? await whoAmI(cx, headers, "replay the disabled user's session again") : undefined;
  // Read-back that the disable took effect at all: a new login must be refused. Only needed (and sent) when the old session still works.
  const relogin = confirm && ok2xx(confirm.exchange) ? await loginAs(cx, inv.email, acc.body) : undefined;
  if (confirm && ok2xx(confirm.exchange)) await logOut(cx, headers);
  const t = cx.record('session-after-disable', 'replay', target, admin.name, [['before disable', before.exchange], ['disable', disabled.exchange], ['after disable', after?.exchange], ['confirm', confirm?.exchange], ['new login', relogin?.exchange]], {
    beforeStatus: status(before.exchange),
    disableStatus: status(disabled.exchange),
    afterStatus: status(after?.exchange),
    confirmStatus: status(confirm?.exchange),
    newLoginStatus: status(relogin?.exchange),
  });
  // The control: the surviving session is judged only once the disable is shown to have happened (a new login refused).
  const nl = status(relogin?.exchange);
  if (relogin && (nl === null || nl < 400 || nl >= 500)) {
    t.skipped = `the disable answered ${status(disabled.exchange)}, but ${nl !== null && nl < 400 ? `a new login as that user still works (${nl})` : `a new login as that user answered ${nl ?? relogin.exchange.error}`}: the disable was not shown to have happened`;
  } else if (confirm && ok2xx(confirm.exchange) && !relogin) {
    t.skipped = 'the disabled user\'s session still works, but without auth.login the probe cannot show the disable happened (a new login refused)';
  }
  return accepted;
}

/** The user's id from a /me or accept answer, when the answer is about that user (its email matches, or it has none). */
function userId(body: string, email: string): string | undefined {
  const id = fieldOf(body, 'id');
  const mail = fieldOf(body, 'email');
  if (typeof mail === 'string' && mail.toLowerCase() !== email.toLowerCase()) return undefined;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** The accepted invite is revoked at the end through the run's cleanup, where the revoke is a documented DELETE. */
function queueInviteRevoke(cx: AccessContext, id: string | undefined, role: string): void {
  const revoke = flow(cx, 'inviteRevoke');
  const path = revoke && id !== undefined ? flowPath(revoke, { id }) : undefined;
  if (revoke?.method === 'DELETE' && path) cx.created.push({ url: cx.url(path), role });
}

async function logOut(cx: AccessContext, headers: Record<string, string>): Promise<void> {
  const lo = cx.config.auth.logout;
  if (lo) await cx.caller.call('probe-session', { method: lo.method, url: cx.url(lo.path), credentials: headers, purpose: "log the disabled user's session out (clean-up)", declaredAuthFlow: true });
}

// ---- Session cookie attributes ----

interface Sighting {
  /** Which flow answered: login or invite-accept. */
  flow: string;
  target: string;
  /** The role that logged in, or anonymous (invite accept). */
  who: string;
  raw: RawResult;
}

/**
 * Judges the session cookies the login answers already carried (no extra
 * request unless only one login was seen: then a second one confirms), plus
 * the invite-accept answer where the disable probe made one. One trial per
 * flow and cookie; its second sighting is the confirmation.
 */
export async function sessionCookies(cx: AccessContext, accepted: RawResult | undefined): Promise<void> {
  const login = cx.config.auth.login;
  const loginTarget = login ? `${login.method} ${login.path}` : 'login';
  let seen: Sighting[] = cx.roles.flatMap((r) => {
    const raw = cx.caller.sessions.lastLogin.get(r.name);
    // A login may answer 302 (a form login redirecting home): any answer below 400 that signed the role in counts.
    return raw && (status(raw.exchange) ?? 500) < 400 ? [{ flow: 'login', target: loginTarget, who: r.name, raw }] : [];
  });
  if (seen.length === 1) {
    // Logging in is declared, so it is sent even without allowWrites.
    await cx.caller.sessions.fresh(seen[0]!.who);
    const again = cx.caller.sessions.lastLogin.get(seen[0]!.who);
    if (again && again !== seen[0]!.raw && (status(again.exchange) ?? 500) < 400) seen.push({ ...seen[0]!, raw: again });
  }
  const inviteAccept = flow(cx, 'inviteAccept');
  if (accepted && ok2xx(accepted.exchange) && inviteAccept) seen = [...seen, { flow: 'invite-accept', target: `${inviteAccept.method} ${inviteAccept.path}`, who: ANON, raw: accepted }];
  if (seen.length === 0) return cx.skipFamily('session-cookie', 'no successful login answer was seen (roles with a configured token do not log in), so there is no session cookie to judge');

  const cookies = seen.map((s) => ({ s, cookies: sessionCookiesOf(cx, s.raw) }));
  if (cookies.every((c) => c.cookies.length === 0)) {
    const first = seen[0]!;
    cx.record('session-cookie', 'none', first.target, first.who, [[first.flow, scrubbed(cx, first.raw.exchange)]], { cookie: null });
    return;
  }
  const recorded = new Set<string>();
  for (const { s, cookies: mine } of cookies) {
    for (const c of mine) {
      const key = `${s.flow} ${c.name}`;
      if (recorded.has(key)) continue;
      recorded.add(key);
      // The confirmation: the next answer that set the same cookie, from the same flow where there is one.
      const later = cookies.filter((x) => x.s !== s && x.cookies.some((y) => y.name === c.name));
      const second = later.find((x) => x.s.flow === s.flow) ?? later[0];
      const again = second?.cookies.find((y) => y.name === c.name);
      cx.record('session-cookie', s.flow, s.target, s.who, [[s.flow, scrubbed(cx, s.raw.exchange)], ['confirm', second ? scrubbed(cx, second.s.raw.exchange) : undefined]], {
        cookie: c.name,
        secure: c.attributes.has('secure'),
        httpOnly: c.attributes.has('httponly'),
        sameSite: sameSiteOf(c),
        https: isHttps(s.raw.exchange),
        sameAgain: again ? attributesKey(again) === attributesKey(c) : null,
      });
    }
  }
}

/** Set-Cookie values of an answer that carry a session: the configured cookie, else session-like names or the session token itself. */
function sessionCookiesOf(cx: AccessContext, raw: RawResult): SetCookie[] {
  const a = cx.config.auth;
  const configured = [a.send.as === 'cookie' ? (a.send.name ?? 'sid') : undefined, a.login?.tokenFrom.startsWith('cookie:') ? a.login.tokenFrom.slice('cookie:'.length) : undefined].filter(Boolean);
  const token = tokenFrom(cx.config, raw);
  return raw.setCookie
    .map((l) => parseSetCookie(l))
    .filter((c): c is SetCookie => c !== undefined && !deletesCookie(c))
    .filter((c) => (configured.length ? configured.includes(c.name) : (SESSION_NAME.test(c.name) && !CSRF_NAME.test(c.name)) || (token !== undefined && c.value === token)));
}

// Names session cookies go by: sid, connect.sid, session, __Host-session, auth_token, jwt, remember_me…
const SESSION_NAME = /sid|sess|token|auth|jwt|remember/i;
// CSRF tokens are meant to be read by the page's scripts: not session cookies.
const CSRF_NAME = /csrf|xsrf/i;

const attributesKey = (c: SetCookie) => `${c.attributes.has('secure')} ${c.attributes.has('httponly')} ${sameSiteOf(c)}`;

function isHttps(ex: HttpExchange): boolean {
  try {
    return new URL(ex.request.url).protocol === 'https:';
  } catch {
    return false;
  }
}
