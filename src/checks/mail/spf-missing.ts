// The sending domain must publish exactly one SPF record; without one,
// receivers cannot tell the app's mail from a forger's, and password-reset
// mail lands in spam.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'spf-missing',
    stage: 3,
    title: 'The sending domain publishes an SPF record',
    failureTitle: 'The sending domain has no SPF record',
    severity: 'high',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation:
      'Publish one TXT record at the sending domain listing who may send for it, ending in -all, e.g. `v=spf1 include:<your mail provider> -all`.',
    requires: ['mail'],
  },
  run({ mail }) {
    const { spf } = mail;
    if (spf.txt.status !== 'ok' && spf.txt.status !== 'nxdomain' && spf.txt.status !== 'nodata') {
      return { status: 'error', reason: `TXT lookup of ${spf.domain} failed: ${spf.txt.status}` };
    }
    if (spf.records.length >= 1) return { status: 'pass', reason: spf.records[0] };
    return {
      status: 'fail',
      findings: [
        {
          title: `${spf.domain} publishes no SPF record`,
          detail:
            'Receivers cannot check who may send as this domain: anyone can forge it, and providers such as Gmail and Outlook send unauthenticated bulk mail to spam.',
          evidence: [dnsItem(`no v=spf1 TXT record at ${spf.domain}`, spf.txt)],
          reproduction: digFor(spf.domain, 'TXT', mail.dnsServer),
          identity: ['missing', spf.domain],
        },
      ],
    };
  },
});
