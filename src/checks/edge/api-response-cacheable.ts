// API and authenticated responses must not be stored by a shared cache (CDN,
// corporate proxy): one user's data would be served to the next. Judged from
// Cache-Control (RFC 9111 §3, §3.5) and the cache-status headers CDNs add.
import type { ApiResponseSample } from '../../evidence/edge-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

export function cacheDirectives(v: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (v ?? '').split(',')) {
    const [k, val] = part.trim().split('=');
    if (k) out.set(k.toLowerCase(), (val ?? '').replace(/"/g, ''));
  }
  return out;
}

/** A CDN says it served (or stored) this response from cache. */
export function cdnCacheHit(s: ApiResponseSample): string | undefined {
  const h = (n: string) => header(s.exchange, n);
  const checks: [string, RegExp][] = [
    ['cf-cache-status', /^(hit|stale|updating|revalidated)/i],
    ['x-cache', /\bhit\b/i],
    ['x-vercel-cache', /^(hit|stale|prerender)/i],
    ['cdn-cache', /^hit/i],
    ['x-proxy-cache', /^hit/i],
    ['cache-status', /;\s*hit\b|;\s*stored\b/i],
  ];
  for (const [name, re] of checks) {
    const v = h(name);
    if (v && re.test(v)) return `${name}: ${v}`;
  }
  const age = Number(h('age') ?? 0);
  if (age > 0) return `age: ${age}`;
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'api-response-cacheable',
    stage: 3,
    title: 'API and signed-in responses are not stored by shared caches',
    failureTitle: 'API or signed-in responses can be stored by a shared cache',
    severity: 'high',
    minimumBar: 'Safe caching: nothing personal is cached at the edge.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Send `Cache-Control: no-store` (or `private, no-cache`) on API and signed-in responses, and exclude /api/* from CDN caching rules.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const samples = edgeHttp.apiResponses.filter((s) => s.exchange.response && s.exchange.response.status < 400);
    if (samples.length === 0) {
      const errs = edgeHttp.apiResponses.map((s) => s.exchange.error ?? `${s.exchange.response?.status}`).join('; ');
      return { status: 'error', reason: `no successful API response to judge${errs ? `: ${errs}` : ''}` };
    }
    const findings: FindingInput[] = [];
    for (const s of samples) {
      const ex = s.exchange;
      const cc = cacheDirectives(header(ex, 'cache-control'));
      const url = new URL(ex.request.url);
      const who = s.authenticated ? 'signed-in' : 'anonymous';
      const base = { evidence: [httpEvidence(`${statusLine(ex)} (${who}): Cache-Control ${header(ex, 'cache-control') ?? '(absent)'}`, ex, 200)], reproduction: curlFor(ex), location: { url: ex.request.url } };
      const hit = cdnCacheHit(s);
      const sharedOk = cc.has('public') || cc.has('s-maxage');
      const protectedByCc = cc.has('no-store') || cc.has('private');
      if (hit) {
        findings.push({
          ...base,
          severity: s.authenticated ? 'critical' : 'medium',
          title: `${who} API response ${url.pathname} came from a shared cache (${hit})`,
          detail: s.authenticated
            ? 'A cache served a signed-in response: other users can receive this user’s data.'
            : 'The CDN caches API responses; one authenticated response cached the same way would leak to everyone.',
          identity: ['cache-hit', who, url.host, url.pathname],
        });
      } else if (s.authenticated && sharedOk && !protectedByCc) {
        findings.push({
          ...base,
          title: `signed-in response ${url.pathname} is explicitly cacheable by shared caches (${header(ex, 'cache-control')})`,
          detail: 'public or s-maxage tells CDNs and proxies to store it despite the Authorization header, and to serve it to others.',
          identity: ['shared-cacheable', url.host, url.pathname],
        });
      } else if (!protectedByCc) {
        findings.push({
          ...base,
          severity: s.authenticated ? 'medium' : 'low',
          title: `${who} API response ${url.pathname} has no Cache-Control: no-store/private`,
          detail: 'Without it, a CDN rule such as "cache everything", or a misbehaving proxy, may store the response and serve it to others.',
          identity: ['not-marked', who, url.host, url.pathname],
        });
      }
    }
    if (findings.length === 0) return { status: 'pass', reason: `${samples.length} response(s) marked no-store/private` };
    // A finding without its own severity carries the check's default (high).
    return { status: findings.some((f) => f.severity === undefined || f.severity === 'critical' || f.severity === 'high') ? 'fail' : 'warn', findings };
  },
});
