// The DMARC record's tags: p= present and valid, sp/pct/adkim/aspf/fo/ri in
// range, report addresses valid mailto: URIs whose domains accept mail and,
// for another domain, have authorised the reports. Relaxed alignment is
// noted, not failed: it is the common, safe default.
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dmarc-record-invalid',
    stage: 3,
    title: 'The DMARC record is valid and its reports can be delivered',
    failureTitle: 'The DMARC record is invalid or its reports go nowhere',
    severity: 'medium',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Fix the tags listed; point rua= at a mailbox you read (or a DMARC report service that has authorised your domain).',
    requires: ['mail'],
  },
  run({ mail }) {
    const { dmarc } = mail;
    if (dmarc.records.length !== 1) return { status: 'not-applicable', reason: 'no single DMARC record (see dmarc-missing)' };
    const evidence = [dnsItem(`DMARC record: ${dmarc.records[0]}`, dmarc.txt)];
    const repro = digFor(dmarc.name, 'TXT', mail.dnsServer);
    const findings: FindingInput[] = dmarc.problems.map((p) => ({
      title: `DMARC of ${mail.domain}: ${p}`,
      severity: /no p= tag|is not none, quarantine|must be the first/.test(p) ? 'high' : 'medium',
      detail: 'Receivers ignore an invalid record (or the invalid tag), so the policy you think you have may not apply.',
      evidence,
      reproduction: repro,
      identity: ['tag', mail.domain, p.split(' ').slice(0, 3).join(' ')],
    }));
    if (dmarc.rua.length === 0) {
      findings.push({
        title: `DMARC of ${mail.domain} has no rua= reporting address`,
        severity: 'low',
        detail: 'Without aggregate reports nobody sees who sends as your domain, or when your own mail starts failing.',
        evidence,
        reproduction: repro,
        identity: ['no-rua', mail.domain],
      });
    }
    const undecided: string[] = [];
    for (const a of dmarc.rua) {
      if (!a.valid || !a.mx) continue;
      if (a.mx.status === 'nxdomain' || a.mx.status === 'nodata') {
        findings.push({
          title: `DMARC reports go to ${a.domain}, which accepts no mail (no MX)`,
          severity: 'medium',
          detail: 'Aggregate reports bounce, so failures of your own mail go unnoticed.',
          evidence: [dnsItem(`no MX at ${a.domain}`, a.mx)],
          reproduction: digFor(a.domain ?? '', 'MX', mail.dnsServer),
          identity: ['rua-no-mx', a.domain ?? a.uri],
        });
      } else if (a.mx.status !== 'ok') undecided.push(`MX of ${a.domain}: ${a.mx.status}`);
    }
    if (findings.length) return { status: 'fail', findings };
    if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
    return { status: 'pass', reason: `alignment: adkim=${dmarc.adkim}, aspf=${dmarc.aspf}` };
  },
});
