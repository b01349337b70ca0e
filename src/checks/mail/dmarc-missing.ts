// Exactly one DMARC record must sit at _dmarc.<domain> (or, for a subdomain,
// at the organisational domain). None means receivers have no policy for
// forged mail; two make the record set invalid and receivers ignore both.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dmarc-missing',
    stage: 3,
    title: 'The sending domain publishes one DMARC record',
    failureTitle: 'The sending domain has no valid DMARC record',
    severity: 'high',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation:
      'Publish one TXT record at _dmarc.<domain>: start with `v=DMARC1; p=none; rua=mailto:dmarc@<domain>`, read the reports, then move to p=quarantine or p=reject.',
    requires: ['mail'],
  },
  run({ mail }) {
    const { dmarc } = mail;
    const t = dmarc.txt.status;
    if (t !== 'ok' && t !== 'nxdomain' && t !== 'nodata') return { status: 'error', reason: `TXT lookup of ${dmarc.name} failed: ${t}` };
    const repro = digFor(dmarc.name, 'TXT', mail.dnsServer);
    if (dmarc.records.length === 1) return { status: 'pass', reason: dmarc.inheritedFrom ? `inherited from _dmarc.${dmarc.inheritedFrom}` : dmarc.records[0] };
    if (dmarc.records.length > 1) {
      return {
        status: 'fail',
        findings: [
          {
            title: `${dmarc.name} publishes ${dmarc.records.length} DMARC records`,
            detail: 'RFC 7489 says a receiver that finds more than one record applies no DMARC policy at all: the domain is as unprotected as with none.',
            evidence: [dnsItem(`${dmarc.records.length} v=DMARC1 records`, dmarc.txt)],
            reproduction: repro,
            identity: ['duplicate', mail.domain],
          },
        ],
      };
    }
    return {
      status: 'fail',
      findings: [
        {
          title: `${mail.domain} publishes no DMARC record`,
          detail:
            'Without DMARC, receivers have no instruction for mail that fails SPF and DKIM, so forged mail in your name gets delivered; Gmail and Yahoo also require DMARC from bulk senders.',
          evidence: [dnsItem(`no v=DMARC1 TXT record at ${dmarc.name}`, dmarc.txt)],
          reproduction: repro,
          identity: ['missing', mail.domain],
        },
      ],
    };
  },
});
