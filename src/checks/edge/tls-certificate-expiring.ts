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
    const { ok, undecided, judged } = splitTls(tls.hosts);
    // One certificate, one renewal: hosts served with the same certificate
    // are one finding that lists them all.
    const byCert = new Map<string, typeof ok>();
    for (const t of ok) {
      const key = t.chain[0]!.fingerprint256;
      byCert.set(key, [...(byCert.get(key) ?? []), t]);
    }
    const findings: FindingInput[] = [];
    for (const hosts of byCert.values()) {
      const t = hosts[0]!;
      const leaf = t.chain[0]!;
      const days = Math.floor((Date.parse(leaf.validTo) - Date.parse(t.checkedAt)) / DAY_MS);
      const notYet = Date.parse(leaf.validFrom) > Date.parse(t.checkedAt);
      if (days > 30 && !notYet) continue;
      const expired = days < 0;
      const names = hosts.map((h) => h.host).join(', ');
      findings.push({
        title: notYet
          ? `${names}: certificate is not valid until ${leaf.validFrom}`
          : expired
            ? `${names}: certificate expired ${-days} day(s) ago (${leaf.validTo})`
            : `${names}: certificate expires in ${days} day(s) (${leaf.validTo})`,
        severity: expired || notYet || days <= 7 ? 'critical' : 'medium',
        detail: `${
          expired || notYet
            ? 'Browsers refuse the connection with a full-page security error: the site and API are down for everyone.'
            : 'When it lapses, browsers block the site and API clients fail. A certificate this close to expiry means renewal is not automated or is failing.'
        }${hosts.length > 1 ? ` The same certificate serves ${hosts.length} names, so one renewal fixes them all.` : ''}`,
        evidence: hosts.map((h) => tlsItem(`certificate of ${h.host} valid until ${leaf.validTo}`, h)),
        reproduction: `${opensslFor(t)} | openssl x509 -noout -dates`,
        identity: [hosts.map((h) => h.host).sort().join(','), expired ? 'expired' : days <= 7 ? 'under-7-days' : 'under-30-days'],
      });
    }
    return conclude(findings, undecided, undefined, findings.length > 0 && findings.every((f) => f.severity === 'medium'), judged);
  },
});
