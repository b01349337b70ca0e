// Authentication variants beyond "no credentials" (which unauth-probes
// covers): a malformed token, a tampered copy of a real one (a bit flipped
// in the middle of the signature), a truncated one, and for a JWT one
// re-signed with a wrong key, one without a signature and the alg:none trick;
// and a token replayed after the session lifetime. Each is judged against a
// baseline call by the role that succeeded, and an accepted forgery is
// confirmed by a second, different forgery of the same kind. JWTs are
// decoded and signed with `jose`, not by hand.
import { randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import type { ApiOperation, HttpExchange } from '../../types.js';
import { sameData, sameKindOfAnswer } from './compare.js';
import { ok2xx, opName, status, type AccessContext } from './context.js';
import type { LaunchConfig } from '../../../config/schema.js';
import type { RoleSession } from '../../../probe/sessions.js';
import { sessionCookieName, withCredential } from '../../../target/sign-in.js';
import { collectionOf, fillTemplate } from './ids.js';
import { isProtected } from '../openapi.js';

const SAMPLE = 6;

function readTargets(cx: AccessContext): { op: ApiOperation; url: string; role: string }[] {
  const out: { op: ApiOperation; url: string; role: string }[] = [];
  for (const op of cx.ops.filter((o) => o.method === 'GET' && isProtected(o))) {
    const role = cx.allowed(op).find((r) => r.tenant === cx.homeTenant);
    if (!role) continue;
    let path: string | undefined = op.path;
    if (op.path.includes('{')) {
      const id = cx.ids.of(collectionOf(op.path) ?? '', role.tenant)[0]?.id;
      path = id === undefined ? undefined : fillTemplate(op.path, id);
    }
    if (path) out.push({ op, url: cx.url(path), role: role.name });
  }
  return out.slice(0, SAMPLE);
}

/**
 * The credential of a session: the one the login returned (RoleSession.token),
 * else read back from the headers it is sent in (the configured session
 * cookie, never simply the first cookie of the jar, which may be the CSRF
 * cookie).
 */
export function tokenOf(config: LaunchConfig, session: Pick<RoleSession, 'headers' | 'token'>): string | undefined {
  if (session.token) return session.token;
  const headers = session.headers;
  const auth = headers.authorization;
  if (auth) return auth.replace(/^(Bearer|Token|JWT)\s+/i, '');
  const cookie = headers.cookie;
  if (cookie) {
    const name = sessionCookieName(config);
    const pair = cookie.split(';').map((p) => p.trim()).find((p) => p.startsWith(`${name}=`));
    return pair?.slice(name.length + 1);
  }
  return Object.values(headers)[0];
}

/** A forgery and a second, different one that confirms it: an "accepted" forgery counts only when both are. */
interface Forgery {
  variant: string;
  token: string;
  second: string;
}

/**
 * The token with one bit flipped in the byte at `at` (0..1) of its decoded
 * signature, or of the token itself when it is opaque. Never the last
 * base64url character: for an HS256 signature (32 bytes = 43 characters) its
 * low bits are padding, so swapping A for B there changes nothing the server
 * decodes (issue 10: a "forgery" that was the real token).
 */
function flipBit(token: string, at: number): string {
  const parts = token.split('.');
  if (parts.length === 3 && parts[2]) {
    const sig = Buffer.from(parts[2], 'base64url');
    if (sig.length > 0) {
      const i = Math.min(sig.length - 1, Math.floor(sig.length * at));
      sig[i] = sig[i]! ^ 0x10;
      return `${parts[0]}.${parts[1]}.${sig.toString('base64url')}`;
    }
  }
  // Opaque: change one character in the middle to another of the same alphabet (every bit of a middle character counts).
  const i = Math.min(token.length - 2, Math.max(0, Math.floor(token.length * at)));
  const c = token[i] ?? 'a';
  const swap = /[0-9]/.test(c) ? (c === '7' ? '3' : '7') : /[A-Z]/.test(c) ? (c === 'Q' ? 'K' : 'Q') : c === 'q' ? 'k' : 'q';
  return token.slice(0, i) + swap + token.slice(i + 1);
}

function isJwt(token: string): boolean {
  try {
    decodeProtectedHeader(token);
    decodeJwt(token);
    return true;
  } catch {
    return false;
  }
}

async function forgeries(token: string): Promise<Forgery[]> {
  const half = (t: string) => t.slice(0, Math.max(1, Math.floor(t.length / 2)));
  const out: Forgery[] = [
    { variant: 'garbage', token: 'launchready.malformed.token', second: 'launchready-malformed-token-2' },
    { variant: 'tampered', token: flipBit(token, 0.5), second: flipBit(token, 0.25) },
    { variant: 'truncated', token: half(token), second: token.slice(0, -Math.max(4, Math.floor(token.length / 8))) },
  ];
  if (!isJwt(token)) return out;
  const [h, p] = token.split('.') as [string, string, string];
  const header = decodeProtectedHeader(token);
  const claims = decodeJwt(token);
  // Re-signed with a key the server never had: a server that does not verify the signature at all takes it.
  const wrongKey = async () => {
    const alg = typeof header.alg === 'string' && /^HS(256|384|512)$/.test(header.alg) ? header.alg : 'HS256';
    return new SignJWT(claims as JWTPayload).setProtectedHeader({ ...header, alg }).sign(randomBytes(32));
  };
  out.push({ variant: 'jwt-wrong-key', token: await wrongKey(), second: await wrongKey() });
  out.push({ variant: 'jwt-no-signature', token: `${h}.${p}.`, second: `${h}.${p}` });
  // alg:none with the real payload: a library that trusts the header skips verification. The second spelling is what case-sensitive blocklists miss.
  const none = (alg: string) => `${Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url')}.${p}.`;
  out.push({ variant: 'jwt-alg-none', token: none('none'), second: none('None') });
  return out;
}

export async function malformedTokens(cx: AccessContext): Promise<void> {
  const targets = readTargets(cx);
  if (targets.length === 0) return cx.skipFamily('malformed-token', 'no protected read operation had an allowed role and the ids to call it');
  await Promise.all(
    targets.map(async (t) => {
      const s = await cx.caller.sessions.get(t.role);
      if (!s.ok) return cx.skip('malformed-token', 'all', opName(t.op), s.reason);
      const baseline = await cx.caller.call(t.role, { method: 'GET', url: t.url, purpose: `baseline for token probes on ${opName(t.op)}` });
      const real = tokenOf(cx.config, s.session);
      if (!real) return;
      // Control: an operation that answers without any credentials is unauthenticated-access's finding, not a token-check one.
      const anon = await cx.caller.call('anonymous', { method: 'GET', url: t.url, purpose: `control without credentials on ${opName(t.op)}` });
      const anonymousOpen = ok2xx(anon.exchange) && ok2xx(baseline.exchange) && sameData(baseline.body, anon.body) && sameKindOfAnswer(baseline.exchange, anon.exchange).same;
      const accepted = (res: { exchange: HttpExchange; body: string }) =>
        ok2xx(res.exchange) && ok2xx(baseline.exchange) && sameData(baseline.body, res.body) && sameKindOfAnswer(baseline.exchange, res.exchange).same;
      for (const v of await forgeries(real)) {
        for (const tok of [v.token, v.second]) cx.redactor?.add(tok.length >= 12 && v.variant !== 'garbage' ? tok : undefined);
        const call = (token: string, purpose: string) => cx.caller.call('probe-session', { method: 'GET', url: t.url, credentials: withCredential(cx.config, s.session.headers, token), purpose });
        const res = await call(v.token, `${v.variant} token on ${opName(t.op)}`);
        const leak = accepted(res);
        // The confirmation is a second, different forgery of the same kind, not the same one again.
        const confirm = leak ? await call(v.second, `confirm with a second ${v.variant} token`) : undefined;
        cx.record('malformed-token', v.variant, opName(t.op), 'anonymous', [['attack', res.exchange], ['confirm', confirm?.exchange], ['baseline', baseline.exchange]], {
          status: status(res.exchange),
          baselineStatus: status(baseline.exchange),
          sameData: leak,
          confirmStatus: status(confirm?.exchange),
          confirmSameData: confirm ? accepted(confirm) : null,
          anonymousOpen,
        });
      }
    }),
  );
}

/** A session opened at the start, replayed after auth.flows.sessionTtlSeconds. */
export class ExpiredTokenProbe {
  private opened?: { headers: Record<string, string>; at: number; role: string };
  private reason?: string;

  async open(cx: AccessContext): Promise<void> {
    const ttl = cx.config.auth.flows.sessionTtlSeconds;
    if (!ttl) {
      this.reason = 'auth.flows.sessionTtlSeconds is not set, so there is no lifetime to test against';
      return;
    }
    const role = cx.roles.find((r) => r.tenant === cx.homeTenant && cx.config.auth.roles[r.name]?.login);
    if (!role) {
      this.reason = 'no role signs in with a password';
      return;
    }
    const s = await cx.caller.sessions.fresh(role.name);
    if (!s.ok) {
      this.reason = s.reason;
      return;
    }
    this.opened = { headers: s.session.headers, at: Date.now(), role: role.name };
  }

  async replay(cx: AccessContext, deadline: number): Promise<void> {
    const me = cx.target.me;
    const ttl = (cx.config.auth.flows.sessionTtlSeconds ?? 0) * 1000;
    if (!this.opened) return cx.skip('expired-token', 'replay', 'session lifetime', this.reason ?? 'no session was opened');
    if (!me) return cx.skip('expired-token', 'replay', 'session lifetime', 'no GET /me-like operation in the spec');
    const due = this.opened.at + ttl + 1000;
    if (due > deadline) return cx.skip('expired-token', 'replay', opName(me), `the session lifetime (${ttl / 1000} s) is longer than the time left in the run`);
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const res = await cx.caller.call('probe-session', { method: 'GET', url: cx.url(me.path), credentials: this.opened.headers, purpose: 'replay a session older than its lifetime' });
    const confirm = ok2xx(res.exchange) ? await cx.caller.call('probe-session', { method: 'GET', url: cx.url(me.path), credentials: this.opened.headers, purpose: 'confirm the expired session still works' }) : undefined;
    cx.record('expired-token', 'replay', opName(me), this.opened.role, [['replay', res.exchange], ['confirm', confirm?.exchange]], {
      status: status(res.exchange),
      confirmStatus: status(confirm?.exchange),
      ageSeconds: Math.round((Date.now() - this.opened.at) / 1000),
      ttlSeconds: ttl / 1000,
    });
  }
}
