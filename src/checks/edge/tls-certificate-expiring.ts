// A certificate that expires within 7 days is an outage about to happen
// (critical); within 30 days renewal is overdue or not automated (warning).
// Days are counted from when the handshake was made, so a replay of saved
// evidence gives the same answer.
import { defineCheck, type FindingInput } from '../types.js';
import { DAY_MS, conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'tls-certificate-expiring',
    stage: 3,
    title: 'Certificates are valid for more than 30 days',
    failureTitle: 'A certificate has expired or expires soon',
    severity: 'critical',
    minimumBar: 'HTTPS everywhere; certificates renew without anyone noticing.',
    remediation: 'Renew now and automate renewal (ACME / your CDN or load balancer), with an alert 14 days before expiry.',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided } = splitTls(tls.hosts);
    const findings: FindingInput[] = [];
    for (const t of ok) {
      const leaf = t.chain[0]!;
      const days = Math.floor((Date.parse(leaf.validTo) - Date.parse(t.checkedAt)) / DAY_MS);
      const notYet = Date.parse(leaf.validFrom) > Date.parse(t.checkedAt);
      if (days > 30 && !notYet) continue;
      const expired = days < 0;
      findings.push({
        title: notYet
          ? `${t.host}: certificate is not valid until ${leaf.validFrom}`
          : expired
            ? `${t.host}: certificate expired ${-days} day(s) ago (${leaf.validTo})`
            : `${t.host}: certificate expires in ${days} day(s) (${leaf.validTo})`,
        severity: expired || notYet || days <= 7 ? 'critical' : 'medium',
        detail: expired || notYet
          ? 'Browsers refuse the connection with a full-page security error: the site and API are down for everyone.'
          : 'When it lapses, browsers block the site and API clients fail. A certificate this close to expiry means renewal is not automated or is failing.',
        evidence: [tlsItem(`certificate of ${t.host} valid until ${leaf.validTo}`, t)],
        reproduction: `${opensslFor(t)} | openssl x509 -noout -dates`,
        identity: [t.host, expired ? 'expired' : days <= 7 ? 'under-7-days' : 'under-30-days'],
      });
    }
    return conclude(findings, undecided, undefined, findings.length > 0 && findings.every((f) => f.severity === 'medium'));
  },
});
