// When the app sits behind a CDN, its origin must not answer for the app on
// an address published elsewhere in DNS (the mail host, a forgotten
// subdomain): attackers then bypass the CDN's WAF, rate limits and DDoS
// protection by talking to the origin directly.
import { defineCheck, type FindingInput } from '../types.js';

export default defineCheck({
  meta: {
    id: 'origin-exposed-beside-cdn',
    stage: 3,
    title: 'The origin behind the CDN is not reachable through other published names',
    failureTitle: 'The origin behind the CDN answers on an unproxied address',
    severity: 'high',
    minimumBar: 'The app sits behind its CDN/proxy and the origin is not exposed.',
    remediation:
      'Move mail and other unproxied names off the origin’s address (or proxy them), and make the origin accept connections only from the CDN’s address ranges or an authenticated tunnel.',
    requires: ['tls', 'edgeHttp'],
  },
  run({ tls, edgeHttp }) {
    if (edgeHttp.cdn.length === 0) return { status: 'not-applicable', reason: 'no host appears to sit behind a CDN' };
    const exposed = tls.originProbes.filter((p) => p.answers);
    const findings: FindingInput[] = exposed.map((p) => ({
      title: `${p.proxiedHost} (behind ${p.cdn}) is served directly at ${p.address}, the address of ${p.viaHost}`,
      detail: 'Anyone can find the origin through the unproxied name and reach the app around the CDN, skipping its firewall, rate limits and DDoS protection.',
      evidence: [{ kind: 'dns', summary: `${p.viaHost} → ${p.address}; TLS to ${p.address}:${p.port} with SNI ${p.proxiedHost}: ${p.detail}` }],
      reproduction: `curl -sI --resolve ${p.proxiedHost}:${p.port}:${p.address} https://${p.proxiedHost}${p.port === 443 ? '' : `:${p.port}`}/`,
      identity: [p.proxiedHost, p.viaHost],
    }));
    if (findings.length) return { status: 'fail', findings };
    return { status: 'pass', reason: `${tls.originProbes.length} unproxied address(es) probed; none answered for the CDN hosts; behind a CDN: ${edgeHttp.cdn.map((c) => `${c.host} (${c.provider} via ${c.signal})`).join(', ')}` };
  },
});
