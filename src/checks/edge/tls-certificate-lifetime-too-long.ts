// Public CAs may not issue leaf certificates valid for more than 398 days
// (CA/Browser Forum; Apple and Chrome enforce it). A longer one is either
// from a private CA the public will not trust or a hand-made certificate, and
// it means renewal is a rare manual event that will be forgotten.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

const MAX_DAYS = 398;

export default defineCheck({
  meta: {
    id: 'tls-certificate-lifetime-too-long',
    stage: 3,
    title: 'Certificate lifetimes are within 398 days',
    failureTitle: 'A certificate is valid for longer than browsers accept',
    severity: 'low',
    minimumBar: 'HTTPS everywhere; certificates renew without anyone noticing.',
    remediation: 'Use short-lived certificates from a public CA with automated renewal (90 days is typical).',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided, judged } = splitTls(tls.hosts);
    const findings: FindingInput[] = ok
      .filter((t) => t.chain[0]!.lifetimeDays > MAX_DAYS)
      .map((t) => ({
        title: `${t.host}: certificate is valid for ${t.chain[0]!.lifetimeDays} days`,
        detail: 'Safari and Chrome reject public certificates valid for more than 398 days, and a long lifetime means renewal is manual and easily forgotten.',
        evidence: [tlsItem(`lifetime ${t.chain[0]!.lifetimeDays} days`, t)],
        reproduction: `${opensslFor(t)} | openssl x509 -noout -dates`,
        identity: [t.host],
      }));
    return conclude(findings, undecided, undefined, true, judged);
  },
});
