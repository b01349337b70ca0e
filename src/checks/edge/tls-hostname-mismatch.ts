// The certificate must name the host it is served for (SAN, wildcard rules
// of RFC 6125 as Node's checkServerIdentity applies them).
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'tls-hostname-mismatch',
    stage: 3,
    title: 'Certificates name the hosts they are served for',
    failureTitle: 'A certificate does not cover its host name',
    severity: 'critical',
    minimumBar: 'HTTPS everywhere, with certificates every client trusts.',
    remediation: 'Issue the certificate with every served host name in its Subject Alternative Names (or a matching wildcard).',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided, judged } = splitTls(tls.hosts);
    const findings: FindingInput[] = ok
      .filter((t) => t.hostnameError)
      .map((t) => ({
        title: `${t.host}: certificate is for ${t.chain[0]!.subjectAltNames.join(', ') || t.chain[0]!.subject}`,
        detail: 'Browsers and API clients refuse the connection with a name-mismatch error.',
        evidence: [tlsItem(t.hostnameError ?? 'name mismatch', t)],
        reproduction: `${opensslFor(t)} -verify_hostname ${t.host}`,
        identity: [t.host],
      }));
    return conclude(findings, undecided, undefined, false, judged);
  },
});
