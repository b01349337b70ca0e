// The certificate must name the host it is served for, by browsers' rules:
// the subjectAltName only (no fallback to the subject CN, which browsers have
// ignored for years), a wildcard only as the whole left-most label standing
// for one label (RFC 9525 §6.3). Judged again from the stored names, so saved
// evidence replays by the same rules.
import { sanCoversHost, sanEntries } from '../../probe/server-identity.js';
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
      .filter((t) => !sanCoversHost(t.host, t.chain[0]!.subjectAltNames))
      .map((t) => {
        const leaf = t.chain[0]!;
        const names = sanEntries(leaf.subjectAltNames).filter((e) => e.type === 'DNS' || e.type === 'IP Address');
        const cnOnly = names.length === 0;
        return {
          title: cnOnly
            ? `${t.host}: certificate has no subjectAltName, only the subject ${leaf.subject} (browsers ignore the CN)`
            : `${t.host}: certificate is for ${names.map((e) => e.value).join(', ')}`,
          detail: cnOnly
            ? 'Browsers match host names against the Subject Alternative Name extension only; a certificate that names the host only in its CN fails with a name-mismatch error (Chrome since version 58), even though some older tools accept it.'
            : 'Browsers and API clients refuse the connection with a name-mismatch error.',
          evidence: [tlsItem(t.hostnameError ?? 'name mismatch', t)],
          reproduction: `${opensslFor(t)} -verify_hostname ${t.host}`,
          identity: [t.host],
        };
      });
    return conclude(findings, undecided, undefined, false, judged);
  },
});
