// An SPF record that ends in +all (or whose evaluation passes a random
// address) authorises the whole internet; ?all or no all at all says
// "neutral", which receivers treat as no SPF. Both are judged from our lint
// and from mailauth's evaluation of a documentation-range address.
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'spf-allows-any-sender',
    stage: 3,
    title: 'SPF authorises only the real senders',
    failureTitle: 'SPF lets any server send as the domain',
    severity: 'critical',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'End the SPF record with -all (or ~all while testing) and list only the services that really send your mail.',
    requires: ['mail'],
  },
  run({ mail }) {
    const { spf } = mail;
    if (spf.records.length === 0 || !spf.lint) return { status: 'not-applicable', reason: 'no SPF record (see spf-missing)' };
    const record = spf.records[0]!;
    const q = spf.lint.allQualifier;
    const repro = digFor(spf.domain, 'TXT', mail.dnsServer);
    const evidence = [dnsItem(`SPF record of ${spf.domain}: ${record}`, spf.txt)];
    if (spf.strangerResult) {
      evidence.push({
        kind: 'text',
        summary: `mailauth evaluates mail from ${spf.strangerResult.ip} (a documentation address nobody owns) as "${spf.strangerResult.result}"`,
        excerpt: spf.strangerResult.comment,
      });
    }
    const findings: FindingInput[] = [];
    if (q === '+' || spf.strangerResult?.result === 'pass') {
      findings.push({
        title: `SPF of ${spf.domain} authorises every server on the internet${q === '+' ? ' (+all)' : ''}`,
        detail:
          'Anyone can send mail as this domain and it passes SPF: phishing in your name looks authentic, and DMARC alignment through SPF is worthless.',
        evidence,
        reproduction: repro,
        identity: ['pass-all', spf.domain],
      });
    } else if (q === '?' || q === undefined) {
      findings.push({
        title: q === '?' ? `SPF of ${spf.domain} ends in ?all (neutral)` : `SPF of ${spf.domain} has no all mechanism`,
        severity: 'medium',
        detail: 'Mail from any unlisted server gets "neutral", which receivers treat like no SPF at all: forged mail is not rejected.',
        evidence,
        reproduction: repro,
        remediation: 'End the record with -all once every real sender is listed (~all while you are still finding them).',
        identity: [q === '?' ? 'neutral-all' : 'no-all', spf.domain],
      });
    }
    if (spf.strangerResult?.result === 'temperror') {
      return findings.length ? { status: 'fail', findings } : { status: 'error', reason: `SPF evaluation hit a DNS error: ${spf.strangerResult.comment ?? ''}` };
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `ends in ${q}all` };
  },
});
