// Authentication variants beyond "no credentials" (which unauth-probes
// covers): a malformed token, a tampered copy of a real one (and, for a JWT,
// the alg:none trick), and a token replayed after the session lifetime.
// Each is judged against a baseline call by the role that succeeded.
import type { ApiOperation } from '../../types.js';
import { sameData } from './compare.js';
import { ok2xx, opName, status, type AccessContext } from './context.js';
import { credentialHeaders } from './account-flows.js';
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

function tokenOf(headers: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (auth) return auth.replace(/^Bearer\s+/i, '');
  const cookie = headers.cookie;
  if (cookie) return cookie.slice(cookie.indexOf('=') + 1);
  return Object.values(headers)[0];
}

function variants(token: string): { variant: string; token: string }[] {
  const flip = (c: string) => (c === 'A' ? 'B' : 'A');
  const out = [
    { variant: 'garbage', token: 'launchready.malformed.token' },
    { variant: 'tampered', token: token.slice(0, -1) + flip(token.at(-1) ?? 'A') },
    { variant: 'truncated', token: token.slice(0, Math.max(1, Math.floor(token.length / 2))) },
  ];
  const parts = token.split('.');
  if (parts.length === 3) {
    // alg:none with the real payload: a library that trusts the header skips verification.
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    out.push({ variant: 'jwt-alg-none', token: `${header}.${parts[1]}.` });
  }
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
      const real = tokenOf(s.session.headers);
      if (!real) return;
      // Control: an operation that answers without any credentials is unauthenticated-access's finding, not a token-check one.
      const anon = await cx.caller.call('anonymous', { method: 'GET', url: t.url, purpose: `control without credentials on ${opName(t.op)}` });
      const anonymousOpen = ok2xx(anon.exchange) && ok2xx(baseline.exchange) && sameData(baseline.body, anon.body);
      for (const v of variants(real)) {
        cx.redactor?.add(v.token.length >= 12 && v.variant !== 'garbage' ? v.token : undefined);
        const creds = credentialHeaders(cx.config, v.token);
        const res = await cx.caller.call('probe-session', { method: 'GET', url: t.url, credentials: creds, purpose: `${v.variant} token on ${opName(t.op)}` });
        const leak = ok2xx(res.exchange) && ok2xx(baseline.exchange) && sameData(baseline.body, res.body);
        const confirm = leak ? await cx.caller.call('probe-session', { method: 'GET', url: t.url, credentials: creds, purpose: `confirm ${v.variant} token` }) : undefined;
        cx.record('malformed-token', v.variant, opName(t.op), 'anonymous', [['attack', res.exchange], ['confirm', confirm?.exchange], ['baseline', baseline.exchange]], {
          status: status(res.exchange),
          baselineStatus: status(baseline.exchange),
          sameData: leak,
          confirmStatus: status(confirm?.exchange),
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
