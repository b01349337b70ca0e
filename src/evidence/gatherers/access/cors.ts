// CORS: does the API hand another site's script a credentialed answer? An
// arbitrary or `null` Origin reflected together with
// Access-Control-Allow-Credentials: true is the finding; `*` without
// credentials is informational (browsers refuse to pair it with cookies).
//
// An allow-list can refuse an unrelated origin and still be wrong: checked as
// a suffix without the dot, a prefix, a regex with an unescaped dot, with the
// scheme ignored, or for every subdomain. So attacker origins are also built
// from the app's own host names (the classic bypasses PortSwigger's research
// and CORS scanners such as Corsy try), and each accepted one is a trial.
import type { LaunchConfig } from '../../../config/schema.js';
import { ANON } from '../../../probe/role-caller.js';
import type { FactValue } from '../../access-types.js';
import type { ApiOperation } from '../../types.js';
import { status, type AccessContext } from './context.js';
import { isProtected } from '../openapi.js';

export const EVIL_ORIGIN = 'https://evil.launchready.invalid';

/** How an attacker origin was built from one of the app's names. */
export type CraftedKind = 'suffix' | 'prefix' | 'dot-swap' | 'other-scheme' | 'subdomain';

export interface CraftedOrigin {
  origin: string;
  kind: CraftedKind;
  /** The app's own name it imitates. */
  from: string;
}

/** Crafted origins sent per run at most: each costs one request (two when accepted, plus a preflight). */
const MAX_CRAFTED = 10;

/**
 * Attacker origins built from the target environment's app/API hosts and the
 * configured domains: `https://evil<apex>` (suffix check without the dot),
 * `https://<host>.attacker.invalid` (prefix check), `https://<label>x<apex>`
 * (a regex whose dot matches any character), `http://<host>` (scheme not
 * checked) and `https://launchready-probe.<apex>` (every subdomain trusted).
 * Ports follow the app origin's, so an allow-list written with the port is
 * tested as written.
 */
export function craftedOrigins(config: LaunchConfig): CraftedOrigin[] {
  const envName = config.api.target ?? Object.keys(config.environments)[0] ?? '';
  const env = config.environments[envName];
  const urls = [env?.appUrl, env?.apiUrl].flatMap((u) => {
    try {
      return u ? [new URL(u)] : [];
    } catch {
      return [];
    }
  });
  const port = urls[0]?.port ? `:${urls[0].port}` : '';
  const d = config.domains;
  const norm = (h: string | undefined) => h?.toLowerCase().replace(/\.$/, '');
  const hosts = [...new Set([...urls.map((u) => u.hostname), d.app, d.api, d.www].map(norm).filter((h): h is string => !!h && !/^[\d.]+$|:/.test(h)))];
  // Without a configured apex, guess the registrable name as the last two labels.
  const apex = norm(d.apex) ?? hosts[0]?.split('.').slice(-2).join('.');
  if (!apex) return [];
  const out: CraftedOrigin[] = [{ origin: `https://evil${apex}${port}`, kind: 'suffix', from: apex }];
  for (const h of hosts) {
    out.push({ origin: `https://${h}.attacker.invalid${port}`, kind: 'prefix', from: h });
    // The dot just before the apex: swapped, it gives a name anyone can register (appxexample.test).
    if (h.endsWith(`.${apex}`)) out.push({ origin: `https://${h.slice(0, -apex.length - 1)}x${apex}${port}`, kind: 'dot-swap', from: h });
  }
  if (hosts[0]) out.push({ origin: `http://${hosts[0]}${port}`, kind: 'other-scheme', from: hosts[0] });
  out.push({ origin: `https://launchready-probe.${apex}${port}`, kind: 'subdomain', from: apex });
  return out.filter((c, i) => out.findIndex((o) => o.origin === c.origin) === i).slice(0, MAX_CRAFTED);
}

export async function cors(cx: AccessContext): Promise<void> {
  const me = cx.ops.find((o) => o.method === 'GET' && /\/(me|whoami|session|profile|account)$/i.test(o.path));
  const list = cx.ops.find((o) => o.method === 'GET' && isProtected(o) && !o.path.includes('{') && o !== me);
  const pub = cx.ops.find((o) => o.method === 'GET' && !isProtected(o) && !o.path.includes('{'));
  const targets = [me, list, pub].filter((o): o is NonNullable<typeof o> => o !== undefined);
  if (targets.length === 0) return cx.skipFamily('cors', 'no GET operation without path parameters to test');
  let craftedDone = false;
  for (const op of targets) {
    const role = isProtected(op) ? cx.allowed(op)[0]?.name : ANON;
    if (!role) continue;
    let anyOriginAccepted = false;
    for (const origin of [EVIL_ORIGIN, 'null']) {
      const facts = await probeOrigin(cx, op, role, origin, origin === 'null' ? 'null-origin' : 'arbitrary-origin');
      if (origin === EVIL_ORIGIN && ((facts.reflected && facts.allowCredentials) || facts.wildcard)) anyOriginAccepted = true;
    }
    // Crafted origins once, on the first (credentialed) target: CORS is usually one middleware.
    // When any origin at all is accepted, they add nothing: that is already the finding.
    if (craftedDone) continue;
    craftedDone = true;
    if (anyOriginAccepted) {
      cx.notes.push(`CORS: origins built from the app's names were not sent: GET ${op.path} already accepts any origin`);
      continue;
    }
    const crafted = craftedOrigins(cx.config);
    if (crafted.length === 0) cx.skip('cors', 'crafted-origin', `GET ${op.path}`, 'no host names configured to build attacker origins from');
    for (const c of crafted) await probeOrigin(cx, op, role, c.origin, `crafted-${c.kind}`, { builtFrom: c.from, origin: c.origin });
  }
}

async function probeOrigin(
  cx: AccessContext,
  op: ApiOperation,
  role: string,
  origin: string,
  variant: string,
  extra: Record<string, FactValue> = {},
): Promise<{ reflected: boolean; allowCredentials: boolean; wildcard: boolean }> {
  const call = (purpose: string) => cx.caller.call(role, { method: 'GET', url: cx.url(op.path), headers: { origin }, purpose });
  const res = await call(`CORS: Origin ${origin} on GET ${op.path}`);
  const h = res.exchange.response?.headers ?? {};
  const acao = h['access-control-allow-origin'] ?? null;
  const creds = (h['access-control-allow-credentials'] ?? '').toLowerCase() === 'true';
  const reflected = acao === origin;
  const confirm = reflected ? await call(`confirm CORS reflection of ${origin}`) : undefined;
  const preflight = reflected
    ? await cx.caller.call(ANON, {
        method: 'OPTIONS',
        url: cx.url(op.path),
        headers: { origin, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
        purpose: `CORS preflight from ${origin}`,
      })
    : undefined;
  cx.record('cors', variant, `GET ${op.path}`, role, [['request', res.exchange], ['confirm', confirm?.exchange], ['preflight', preflight?.exchange]], {
    status: status(res.exchange),
    allowOrigin: acao,
    allowCredentials: creds,
    reflected,
    confirmed: confirm ? confirm.exchange.response?.headers['access-control-allow-origin'] === origin : false,
    wildcard: acao === '*',
    ...extra,
  });
  return { reflected, allowCredentials: creds, wildcard: acao === '*' };
}
