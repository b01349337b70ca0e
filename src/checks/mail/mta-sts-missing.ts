// MTA-STS (RFC 8461) makes senders insist on TLS when delivering to the
// domain. Good practice, not a launch blocker: information only.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'mta-sts-missing',
    stage: 3,
    title: 'MTA-STS is published',
    failureTitle: 'No MTA-STS policy',
    severity: 'info',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Publish `_mta-sts.<domain> TXT "v=STSv1; id=<date>"` and a policy at https://mta-sts.<domain>/.well-known/mta-sts.txt (start in mode: testing).',
    requires: ['mail'],
  },
  run({ mail }) {
    const a = mail.mtaSts;
    if (a.status === 'ok' && a.records.some((r) => /^v=STSv1/i.test(r.trim()))) return { status: 'pass', reason: a.records.join(' ') };
    if (a.status !== 'ok' && a.status !== 'nxdomain' && a.status !== 'nodata') return { status: 'error', reason: `TXT lookup of ${a.name} failed: ${a.status}` };
    return {
      status: 'warn',
      findings: [
        {
          title: `${mail.domain} publishes no MTA-STS policy`,
          detail: 'Mail sent to the domain can be downgraded to plaintext by an attacker on the path. Worth adding after launch.',
          evidence: [dnsItem(`no v=STSv1 record at ${a.name}`, a)],
          reproduction: digFor(a.name, 'TXT', mail.dnsServer),
          identity: ['missing', mail.domain],
        },
      ],
    };
  },
});
