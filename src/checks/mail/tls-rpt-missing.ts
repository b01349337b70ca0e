// TLS-RPT (RFC 8460) asks senders to report TLS failures delivering to the
// domain. Information only: it matters once MTA-STS is in place.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'tls-rpt-missing',
    stage: 3,
    title: 'TLS-RPT reporting is published',
    failureTitle: 'No TLS-RPT reporting address',
    severity: 'info',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Publish `_smtp._tls.<domain> TXT "v=TLSRPTv1; rua=mailto:tls-reports@<domain>"`.',
    requires: ['mail'],
  },
  run({ mail }) {
    const a = mail.tlsRpt;
    if (a.status === 'ok' && a.records.some((r) => /^v=TLSRPTv1/i.test(r.trim()))) return { status: 'pass', reason: a.records.join(' ') };
    if (a.status !== 'ok' && a.status !== 'nxdomain' && a.status !== 'nodata') return { status: 'error', reason: `TXT lookup of ${a.name} failed: ${a.status}` };
    return {
      status: 'warn',
      findings: [
        {
          title: `${mail.domain} publishes no TLS-RPT record`,
          detail: 'Nobody is told when senders fail to deliver to the domain over TLS.',
          evidence: [dnsItem(`no v=TLSRPTv1 record at ${a.name}`, a)],
          reproduction: digFor(a.name, 'TXT', mail.dnsServer),
          identity: ['missing', mail.domain],
        },
      ],
    };
  },
});
