// Each web host, followed hop by hop from http:// and from https://: no chain
// may loop, hit the hop limit, drop back from https to http, or end in a
// network error. Long chains (over 3 redirects) slow every first visit. A
// chain whose first hop got no answer was not judged: plain HTTP closed on a
// host that answers https is fine and left out, but a host that answers on
// neither (or does not resolve) keeps the check from passing; a failed DNS
// lookup is an error.
import type { RedirectChain } from '../../evidence/edge-types.js';
import type { HttpExchange } from '../../evidence/types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { header } from '../support/http.js';
import { noSuchName, refusedConnection } from './http-not-redirected-to-https.js';

const LONG_CHAIN = 3;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export function chainText(c: RedirectChain): string {
  return c.hops
    .map((h, i) => `${i + 1}. ${h.request.method} ${h.request.url} → ${h.error ? h.error : `${h.response?.status}${header(h, 'location') ? ` Location: ${header(h, 'location')}` : ''}`}`)
    .join('\n');
}

export const hostOfUrl = (u: string): string => {
  try {
    return new URL(u).hostname;
  } catch {
    return u;
  }
};

const curlChain = (c: RedirectChain) => `curl -sIL --max-redirs 20 '${c.start}'`;
const unanswered = (h: HttpExchange | undefined) => refusedConnection(h?.error) || noSuchName(h?.error);

export default defineCheck({
  meta: {
    id: 'redirect-chain-broken',
    stage: 3,
    title: 'Redirects are clean: http → https on the same host, no loops or downgrades',
    failureTitle: 'A redirect chain is broken, loops, or downgrades to HTTP',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Answer http:// with one 301 to https:// on the same host and path, then at most one more hop to the canonical host; never redirect from https back to http.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    const chains = edgeHttp.chains.filter((x) => x.kind !== 'legacy');
    const httpsUp = new Set(chains.filter((c) => c.kind === 'https' && c.hops[0]?.response).map((c) => hostOfUrl(c.start)));
    let of = 0;
    const unjudged: string[] = [];
    for (const c of chains) {
      const first = c.hops[0];
      const evidence = [{ kind: 'http' as const, summary: `redirect chain from ${c.start}`, excerpt: chainText(c) }];
      const base = { evidence, reproduction: curlChain(c), location: { url: c.start } };
      const closedHttp = c.kind === 'http-to-https' && refusedConnection(first?.error) && httpsUp.has(hostOfUrl(c.start));
      if (!closedHttp) of++;
      if (!first || (first.error && c.hops.length === 1)) {
        // Nothing listening is not a broken redirect (TLS and DNS checks cover missing hosts), but it is not a judged chain either.
        if (!unanswered(first)) undecided.push(`${c.start}: ${first?.error ?? 'not sent'}`);
        else if (!closedHttp) unjudged.push(`${c.start}: ${first?.error ?? 'not sent'}`);
        continue;
      }
      if (c.end === 'loop') {
        findings.push({ ...base, title: `Redirect loop starting at ${c.start}`, detail: 'Browsers stop with "too many redirects": the page (often login or checkout) never loads.', identity: ['loop', c.start] });
        continue;
      }
      if (c.end === 'hop-limit') {
        findings.push({ ...base, title: `More than ${edgeHttp.hopLimit} redirects from ${c.start}`, detail: 'Browsers give up after about 20 hops and each hop costs a round trip; this chain never settles.', identity: ['hop-limit', c.start] });
        continue;
      }
      const downgrade = c.hops.findIndex((h, i) => i > 0 && h.request.url.startsWith('http:') && c.hops.slice(0, i).some((p) => p.request.url.startsWith('https:')));
      if (downgrade > 0) {
        findings.push({
          ...base,
          title: `Redirect from https back to http: ${c.hops[downgrade - 1]!.request.url} → ${c.hops[downgrade]!.request.url}`,
          detail: 'The downgrade hop travels unencrypted: cookies without Secure leak and an attacker on the network can rewrite the rest of the chain.',
          identity: ['downgrade', c.start],
        });
      }
      // The first hop from http:// is http-not-redirected-to-https's job.
      if (c.end === 'error') {
        findings.push({
          ...base,
          severity: 'medium',
          title: `Redirect chain from ${c.start} ends in an error: ${c.hops.at(-1)?.error ?? 'bad Location'}`,
          detail: 'Visitors following this address get a connection error instead of the app.',
          identity: ['dead-end', c.start],
        });
      }
      const redirects = c.hops.filter((h) => h.response && REDIRECT.has(h.response.status)).length;
      if (redirects > LONG_CHAIN && c.end === 'final') {
        findings.push({
          ...base,
          severity: 'low',
          title: `${redirects} redirects from ${c.start} before the page`,
          detail: 'Each hop is a round trip on every first visit (and a new TLS handshake when the host changes).',
          identity: ['long', c.start],
        });
      }
    }
    if (findings.length) return { status: findings.every((f) => f.severity === 'low') ? 'warn' : 'fail', findings };
    if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
    return { status: 'pass', judged: of - unjudged.length, of, unit: 'redirect chains', ...(unjudged.length ? { shortfall: `no answer from ${unjudged.join('; ')}` } : {}) };
  },
});
