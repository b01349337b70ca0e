// p=none only monitors: forged mail is still delivered. Fine while setting up,
// a finding once real customers receive the app's mail. pct<100 and a weaker
// sp= for subdomains are the same hole, smaller.
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dmarc-policy-none',
    stage: 3,
    title: 'DMARC tells receivers to reject or quarantine forged mail',
    failureTitle: 'DMARC only monitors (p=none)',
    severity: 'medium',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Once the rua= reports show only your own senders, move to p=quarantine and then p=reject (and pct=100, sp= no weaker).',
    requires: ['mail'],
  },
  run({ mail }, ctx) {
    const { dmarc } = mail;
    if (dmarc.records.length !== 1 || !dmarc.policy) return { status: 'not-applicable', reason: 'no single valid DMARC record (see dmarc-missing, dmarc-record-invalid)' };
    const evidence = [dnsItem(`DMARC record: ${dmarc.records[0]}`, dmarc.txt)];
    const repro = digFor(dmarc.name, 'TXT', mail.dnsServer);
    const findings: FindingInput[] = [];
    if (dmarc.policy === 'none') {
      findings.push({
        title: `DMARC policy of ${mail.domain} is p=none`,
        // A prototype has no customers to phish yet; from first customers on it matters.
        severity: ctx.profile === 'prototype' ? 'low' : 'medium',
        detail: 'Receivers deliver mail that fails authentication anyway; p=none only produces reports. Customers can be phished in your name.',
        evidence,
        reproduction: repro,
        identity: ['none', mail.domain],
      });
    } else if (dmarc.pct !== undefined && dmarc.pct < 100) {
      findings.push({
        title: `DMARC of ${mail.domain} applies p=${dmarc.policy} to only ${dmarc.pct}% of failing mail`,
        severity: 'low',
        detail: 'The rest of the forged mail is treated as p=none (or one step weaker) and may be delivered.',
        evidence,
        reproduction: repro,
        identity: ['pct', mail.domain],
      });
    }
    if (dmarc.subdomainPolicy === 'none' && dmarc.policy !== 'none') {
      findings.push({
        title: `DMARC of ${mail.domain} sets sp=none: subdomains are not protected`,
        severity: 'low',
        detail: 'Anyone can send as anything.' + mail.domain + ' and receivers will deliver it.',
        evidence,
        reproduction: repro,
        identity: ['sp-none', mail.domain],
      });
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `p=${dmarc.policy}` };
  },
});
