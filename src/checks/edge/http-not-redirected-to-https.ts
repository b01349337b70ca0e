// Plain HTTP must not serve the app: on every web host, the first hop from
// http:// has to be a redirect to https:// on the same host (only then can
// that host set HSTS). A host where nothing listens on plain HTTP, but that
// answers on HTTPS, has nothing to strip and passes. A host that answers on
// neither, or whose name does not exist, was not judged: the check passes
// only when every host was (nothing listening anywhere is never a pass). A
// failed DNS lookup is an error, not "nothing listens". Loops, downgrades and
// long chains further down are redirect-chain-broken's job; this check owns
// the first hop.
import type { RedirectChain } from '../../evidence/edge-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Only a refused connection means "nothing listens"; NXDOMAIN means the name does not exist. */
export const refusedConnection = (error: string | undefined): boolean => /ECONNREFUSED/.test(error ?? '');
export const noSuchName = (error: string | undefined): boolean => /ENOTFOUND|does not resolve/.test(error ?? '');

function judge(chain: RedirectChain): FindingInput | 'ok' | 'closed' | 'absent' | string {
  const first = chain.hops[0];
  if (!first) return `${chain.start}: not probed`;
  if (first.error) return refusedConnection(first.error) ? 'closed' : noSuchName(first.error) ? 'absent' : `${chain.start}: ${first.error}`;
  const from = new URL(first.request.url);
  const status = first.response!.status;
  if (!REDIRECTS.has(status)) {
    return {
      title: `${from.hostname} serves the app over plain HTTP (${status}) instead of redirecting`,
      detail: 'Pages, logins and cookies travel unencrypted: anyone on the same network can read or change them.',
      evidence: [httpEvidence(statusLine(first), first, 300)],
      reproduction: curlFor(first),
      location: { url: first.request.url },
      identity: ['served', from.hostname],
    };
  }
  const location = header(first, 'location') ?? '';
  let to: URL | undefined;
  try {
    to = new URL(location, first.request.url);
  } catch {
    to = undefined;
  }
  if (to?.protocol === 'https:' && to.hostname === from.hostname) return 'ok';
  return {
    title: `First hop from http://${from.hostname} goes to ${location || 'nowhere'}, not to https://${from.hostname}`,
    severity: 'medium',
    detail: 'The first hop from http:// should go straight to https:// on the same host: only that host can set HSTS, and anything else leaves a window where the visit can be stripped.',
    evidence: [httpEvidence(statusLine(first), first, 0)],
    reproduction: curlFor(first),
    location: { url: first.request.url },
    identity: ['wrong-target', from.hostname],
  };
}

export default defineCheck({
  meta: {
    id: 'http-not-redirected-to-https',
    stage: 3,
    title: 'Plain HTTP redirects to HTTPS on every host',
    failureTitle: 'Plain HTTP does not redirect to HTTPS',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Answer every plain-HTTP request with a 301 to the same host and path on https:// (at the load balancer or CDN), and add HSTS.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const chains = edgeHttp.chains.filter((c) => c.kind === 'http-to-https');
    if (chains.length === 0) return { status: 'not-applicable', reason: 'no web host is served over https, so there is no plain-HTTP redirect to test' };
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    let redirected = 0;
    let closed = 0;
    const unjudged: string[] = [];
    for (const c of chains) {
      const verdict = judge(c);
      const host = hostOf(c.start);
      if (verdict === 'ok') redirected++;
      else if (verdict === 'closed' && answersHttps(edgeHttp.chains, host)) closed++;
      else if (verdict === 'closed') unjudged.push(`${host} answers neither http nor https`);
      else if (verdict === 'absent') unjudged.push(`${host} does not resolve`);
      else if (typeof verdict === 'string') undecided.push(verdict);
      else findings.push(verdict);
    }
    if (findings.length) return { status: 'fail', findings };
    if (undecided.length) return { status: 'error', reason: `plain HTTP probe failed: ${undecided.join('; ')}` };
    return {
      status: 'pass',
      reason: `${redirected} hosts redirect to https${closed ? `, ${closed} answer only on https` : ''}`,
      judged: redirected + closed,
      of: chains.length,
      unit: 'hosts',
      ...(unjudged.length ? { shortfall: unjudged.join('; ') } : {}),
    };
  },
});

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** The host's https chain got an answer: it is up, only plain HTTP is closed. */
function answersHttps(chains: readonly RedirectChain[], host: string): boolean {
  return chains.some((c) => c.kind === 'https' && hostOf(c.start) === host && c.hops[0]?.response !== undefined);
}
