// Forged tokens signed with a guessable key (issue 11, item 8). When a
// role's credential is an HMAC-signed JWT (HS256/384/512), every candidate
// key (common defaults, the app's name, the repository's secrets) is first
// tried offline against the role's own token: a key that verifies its
// signature is the app's signing key, found without a single request. Only
// then is a token forged with it (another role's identity, or a raised role
// claim) and sent, and the forgery counts when the app treats it as that
// identity; a second, different forgery confirms. Decoding, verifying and
// signing go through `jose`.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SignJWT, compactVerify, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { describeSecret, fingerprintSecret, maskSecret } from '../../../secrets/mask.js';
import type { HttpExchange } from '../../types.js';
import { meOp } from './account-flows.js';
import { withCredential } from '../../../target/sign-in.js';
import { fieldOf, sameKindOfAnswer, sameValue } from './compare.js';
import { ok2xx, opName, status, type AccessContext } from './context.js';
import type { KeyCandidate } from './key-candidates.js';
import { tokenOf } from './tokens.js';

const FAMILY = 'weak-jwt-key' as const;
/** Reasons that make the check not-applicable rather than not-tested. */
export const NO_SHARED_KEY = 'no shared signing key to guess';
const HMAC = /^HS(256|384|512)$/;

interface JwtRole {
  role: string;
  token: string;
  alg: string;
  claims: JWTPayload;
}

// Claims that say who the caller is and what they may do.
const IDENTITY = /^(sub|id|uid|user_?id|userId|email|username|user_?name|name|role|roles|scope|scopes|isAdmin|is_admin|admin|tenantId|tenant_id|tenant|orgId|org_id|workspaceId)$/;
const PRIVILEGE = /^(role|roles|isAdmin|is_admin|admin|scope|scopes)$/;

function jwtOf(role: string, token: string | undefined): JwtRole | 'other-jwt' | undefined {
  if (!token) return undefined;
  try {
    const h = decodeProtectedHeader(token);
    const claims = decodeJwt(token);
    if (typeof h.alg !== 'string') return undefined;
    return HMAC.test(h.alg) ? { role, token, alg: h.alg, claims } : 'other-jwt';
  } catch {
    return undefined;
  }
}

export async function weakJwtKeys(cx: AccessContext, candidates: () => Promise<KeyCandidate[]>): Promise<void> {
  const jwts: JwtRole[] = [];
  let asymmetric = false;
  for (const r of cx.roles) {
    const s = await cx.caller.sessions.get(r.name);
    const j = s.ok ? jwtOf(r.name, tokenOf(cx.config, s.session)) : undefined;
    if (j === 'other-jwt') asymmetric = true;
    else if (j) jwts.push(j);
  }
  if (jwts.length === 0) {
    return cx.skipFamily(FAMILY, asymmetric ? `the tokens are JWTs signed with a key pair (not HS256/384/512): ${NO_SHARED_KEY}` : `the credentials are not HMAC-signed JWTs: ${NO_SHARED_KEY}`);
  }
  const count = (role: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(role)).length;
  // The attacker is the least privileged JWT role; its own token is the one re-signed.
  const attacker = [...jwts].sort((a, b) => count(a.role) - count(b.role))[0]!;
  const keys = await candidates();
  const enc = new TextEncoder();
  const signedBy = hmacVerifier(attacker.token, attacker.alg);
  let found = keys.find((k) => k.value && signedBy(k.value));
  // The fast check found it; jose confirms it the standard way before anything is forged.
  if (found && !(await compactVerify(attacker.token, enc.encode(found.value), { algorithms: [attacker.alg] }).then(() => true, () => false))) found = undefined;
  const base = {
    alg: attacker.alg,
    candidates: keys.length,
    repositoryCandidates: keys.filter((k) => k.kind === 'repository').length,
    codeCandidates: keys.filter((k) => k.kind === 'code').length,
    listCandidates: keys.filter((k) => k.kind === 'list').length,
  };
  const me = meOp(cx);
  const target = me ? opName(me) : 'JWT signature';
  if (!found) {
    cx.record(FAMILY, 'offline', target, attacker.role, [], { ...base, keyFound: false });
    return;
  }
  cx.redactor?.add(found.value.length >= 8 ? found.value : undefined);
  const keyFacts = { keyFound: true, keySource: found.source, keyKind: found.kind, keyMasked: maskSecret(found.value), keyFingerprint: fingerprintSecret(found.value), key: describeSecret(found.value) };
  if (!me) {
    cx.record(FAMILY, 'offline', target, attacker.role, [], { ...base, ...keyFacts, status: null, accepted: null });
    return;
  }
  // The victim: the most privileged other role with a JWT (of the attacker's tenant, where tenants are shared), whose identity claims the forgery takes.
  // With one-user tenants every other user is a victim worth impersonating (a platform admin most of all).
  const victim = [...jwts]
    .filter((j) => j.role !== attacker.role && (cx.tenantBy === 'user' || cx.tenantOf(j.role) === cx.tenantOf(attacker.role)))
    .sort((a, b) => count(b.role) - count(a.role))[0];
  const forge = async () => {
    const claims: JWTPayload = { ...attacker.claims, iat: Math.floor(Date.now() / 1000), jti: randomBytes(8).toString('hex') };
    if (victim) {
      for (const [k, v] of Object.entries(victim.claims)) if (IDENTITY.test(k)) claims[k] = v;
    } else {
      for (const k of Object.keys(claims)) if (PRIVILEGE.test(k)) claims[k] = typeof claims[k] === 'boolean' ? true : topRole(cx);
    }
    const token = await new SignJWT(claims).setProtectedHeader({ ...decodeProtectedHeader(attacker.token), alg: attacker.alg }).sign(enc.encode(found.value));
    cx.redactor?.add(token);
    return token;
  };
  const whoAmI = (headers: Record<string, string>, purpose: string) => cx.caller.call('probe-session', { method: 'GET', url: cx.url(me.path), credentials: headers, purpose, noRenew: true });
  const victimSession = victim ? await cx.caller.sessions.get(victim.role) : undefined;
  const baseline = await whoAmI(victimSession?.ok ? victimSession.session.headers : (await sessionHeaders(cx, attacker.role)) ?? {}, `baseline: who ${victim?.role ?? attacker.role} is`);
  const accepted = (ex: HttpExchange, body: string) => ok2xx(ex) && ok2xx(baseline.exchange) && sameKindOfAnswer(baseline.exchange, ex).same && sameIdentity(baseline.body, body);
  const own = (await sessionHeaders(cx, attacker.role)) ?? {};
  const forged = (token: string) => withCredential(cx.config, own, token);
  const first = await whoAmI(forged(await forge()), `a token forged with the guessed key (${victim ? `as ${victim.role}` : 'raised role'})`);
  const ok1 = accepted(first.exchange, first.body);
  const second = ok1 ? await whoAmI(forged(await forge()), 'confirm with a second, different forgery') : undefined;
  cx.record(FAMILY, victim ? 'other-subject' : 'raised-role', target, attacker.role, [['attack', first.exchange], ['confirm', second?.exchange], ['baseline', baseline.exchange]], {
    ...base,
    ...keyFacts,
    status: status(first.exchange),
    accepted: ok1,
    confirmStatus: status(second?.exchange),
    confirmAccepted: second ? accepted(second.exchange, second.body) : null,
  }, victim?.role);
}

function topRole(cx: AccessContext): string {
  const count = (role: string) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(role)).length;
  return [...cx.roles].sort((a, b) => count(b.name) - count(a.name))[0]?.name ?? 'admin';
}

async function sessionHeaders(cx: AccessContext, role: string): Promise<Record<string, string> | undefined> {
  const s = await cx.caller.sessions.get(role);
  return s.ok ? s.session.headers : undefined;
}

/** The "who am I" answer names the same user: same id or email where it has them, else the same content. */
function sameIdentity(a: string, b: string): boolean {
  for (const f of ['id', 'email', 'username', 'sub']) {
    const [x, y] = [fieldOf(a, f), fieldOf(b, f)];
    if (x !== undefined && y !== undefined) return sameValue(x, y);
  }
  return a.trim() === b.trim();
}

/**
 * Whether a key signed the token: the HMAC of "header.payload" compared with
 * the decoded signature. Our own rather than jose's compactVerify for the
 * sweep: jose imports a CryptoKey and re-parses the token per call (about
 * 20 µs a key), which a public list of 100,000 keys turns into seconds; one
 * HMAC is about 1 µs. A hit is confirmed with jose before it is used.
 */
export function hmacVerifier(token: string, alg: string): (key: string) => boolean {
  const dot = token.lastIndexOf('.');
  const input = Buffer.from(token.slice(0, dot), 'ascii');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  const hash = `sha${alg.slice(2)}`;
  return (key) => {
    const mac = createHmac(hash, key).update(input).digest();
    return mac.length === signature.length && timingSafeEqual(mac, signature);
  };
}
