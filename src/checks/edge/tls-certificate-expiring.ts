// A certificate that expires within 7 days is an outage about to happen
// (critical); within 30 days renewal is overdue or not automated (warning).
// Every certificate of the chain counts, not just the leaf: the chain as the
// server sent it and as validation completed it (Node's peer chain, up to the
// trusted root). An expired intermediate breaks every client exactly like an
// expired leaf, and an intermediate that lapses in 5 days is as urgent as a
// leaf that does. Days are counted from when the handshake was made, so a
// replay of saved evidence gives the same answer.
import type { TlsCertInfo, TlsHostEvidence } from '../../evidence/edge-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { DAY_MS, conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

type Role = 'leaf' | 'intermediate' | 'root';
const roleOf = (chain: TlsCertInfo[], i: number): Role => (i === 0 ? 'leaf' : chain[i]!.selfSigned ? 'root' : 'intermediate');

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
    // One certificate, one renewal: hosts served with (or chaining through) the
    // same certificate are one finding that lists them all.
    const byCert = new Map<string, { cert: TlsCertInfo; role: Role; hosts: TlsHostEvidence[] }>();
    for (const t of ok) {
      t.chain.forEach((cert, i) => {
        const entry = byCert.get(cert.fingerprint256) ?? { cert, role: roleOf(t.chain, i), hosts: [] };
        if (!entry.hosts.includes(t)) entry.hosts.push(t);
        byCert.set(cert.fingerprint256, entry);
      });
    }
    const findings: FindingInput[] = [];
    for (const { cert, role, hosts } of byCert.values()) {
      const t = hosts[0]!;
      const days = Math.floor((Date.parse(cert.validTo) - Date.parse(t.checkedAt)) / DAY_MS);
      const notYet = Date.parse(cert.validFrom) > Date.parse(t.checkedAt);
      if (days > 30 && !notYet) continue;
      const expired = days < 0;
      const names = hosts.map((h) => h.host).join(', ');
      const what = role === 'leaf' ? 'certificate' : `${role} certificate ${cert.subject}`;
      findings.push({
        title: notYet
          ? `${names}: ${what} is not valid until ${cert.validFrom}`
          : expired
            ? `${names}: ${what} expired ${-days} day(s) ago (${cert.validTo})`
            : `${names}: ${what} expires in ${days} day(s) (${cert.validTo})`,
        severity: expired || notYet || days <= 7 ? 'critical' : 'medium',
        detail: `${
          expired || notYet
            ? 'Browsers refuse the connection with a full-page security error: the site and API are down for everyone.'
            : 'When it lapses, browsers block the site and API clients fail. A certificate this close to expiry means renewal is not automated or is failing.'
        }${
          role === 'leaf'
            ? ''
            : ` The ${role} is part of the chain clients validate: when it lapses, every certificate it issued fails with it, however long the leaf is valid. ${
                role === 'intermediate' ? 'Install the current intermediate from your CA (or renew, which usually brings one) and serve it with the leaf.' : 'Move to a chain that ends in a current root.'
              }`
        }${hosts.length > 1 ? ` The same certificate serves ${hosts.length} names, so one renewal fixes them all.` : ''}`,
        evidence: hosts.map((h) => tlsItem(`${role} certificate of ${h.host} valid until ${cert.validTo}`, h, role === 'leaf' ? [cert] : [h.chain[0]!, cert])),
        reproduction: `${opensslFor(t, ' -showcerts')} | openssl x509 -noout -subject -dates`,
        identity: [hosts.map((h) => h.host).sort().join(','), ...(role === 'leaf' ? [] : [role, cert.subject]), expired ? 'expired' : days <= 7 ? 'under-7-days' : 'under-30-days'],
      });
    }
    return conclude(findings, undecided, undefined, findings.length > 0 && findings.every((f) => f.severity === 'medium'), judged);
  },
});
