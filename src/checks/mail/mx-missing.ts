// The sending domain needs MX records: replies, bounces and many receivers'
// sender checks depend on them. A null MX ("0 .") is an explicit "no mail
// here", which breaks replies to the app's mail.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'mx-missing',
    stage: 3,
    title: 'The sending domain accepts mail (MX)',
    failureTitle: 'The sending domain has no MX record',
    severity: 'medium',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: "Publish MX records for the sending domain pointing at a mailbox provider (or your provider's inbound bounce handling).",
    requires: ['mail'],
  },
  run({ mail }) {
    const { mx } = mail;
    if (mx.status !== 'ok' && mx.status !== 'nxdomain' && mx.status !== 'nodata') return { status: 'error', reason: `MX lookup of ${mail.domain} failed: ${mx.status}` };
    const nullMx = mx.records.length === 1 && (mx.records[0]?.exchange === '' || mx.records[0]?.exchange === '.');
    if (mx.status === 'ok' && !nullMx) return { status: 'pass', reason: mx.records.map((r) => `${r.priority} ${r.exchange}`).join(', ') };
    return {
      status: 'fail',
      findings: [
        {
          title: nullMx ? `${mail.domain} publishes a null MX: it accepts no mail` : `${mail.domain} has no MX record`,
          detail:
            'Customers replying to the app’s mail get bounces, bounce notices to the app are lost, and some receivers reject mail from domains that cannot receive any.',
          evidence: [dnsItem(`MX of ${mail.domain}`, mx)],
          reproduction: digFor(mail.domain, 'MX', mail.dnsServer),
          identity: [nullMx ? 'null-mx' : 'missing', mail.domain],
        },
      ],
    };
  },
});
