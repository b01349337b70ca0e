// An SPF record that ends in +all (or whose evaluation passes a random
// address) authorises the whole internet; so does one that ends in -all but
// lists ip6:::/0 or a/0: the ranges each mechanism authorises are judged
// for both address families. ?all or no all at all says "neutral", which
// receivers treat as no SPF. When several records are published, any of
// them with +all is reported, whatever order the DNS server lists them in.
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
    const q = spf.lint.allQualifier;
    const repro = digFor(spf.domain, 'TXT', mail.dnsServer);
    const evidence = [dnsItem(`SPF record${spf.records.length > 1 ? 's' : ''} of ${spf.domain}: ${spf.records.join(' | ')}`, spf.txt)];
    if (spf.strangerResult) {
      evidence.push({
        kind: 'text',
        summary: `mailauth evaluates mail from ${spf.strangerResult.ip} (a documentation address nobody owns) as "${spf.strangerResult.result}"`,
        excerpt: spf.strangerResult.comment,
      });
    }
    const findings: FindingInput[] = [];
    const broad = spf.lint.broadRanges ?? [];
    const whole = broad.filter((b) => b.extent === 'whole');
    const passAll = spf.lint.passAllRecords ?? [];
    if (q === '+' || spf.strangerResult?.result === 'pass' || whole.length) {
      const why = q === '+' ? (passAll.length ? ` (+all in ${passAll.length === 1 ? 'one of its records' : 'several of its records'})` : ' (+all)') : whole.length ? ` (${whole.map((b) => `${b.term} covers all of IPv${b.family}`).join('; ')})` : '';
      findings.push({
        title: `SPF of ${spf.domain} authorises every server on the internet${why}`,
        detail:
          'Anyone can send mail as this domain and it passes SPF: phishing in your name looks authentic, and DMARC alignment through SPF is worthless.',
        evidence,
        reproduction: repro,
        identity: ['pass-all', spf.domain],
      });
    }
    const large = broad.filter((b) => b.extent === 'large');
    if (large.length) {
      findings.push({
        title: `SPF of ${spf.domain} authorises a large share of the internet (${large.map((b) => `${b.term}${b.domain === spf.domain ? '' : ` in ${b.domain}`}`).join(', ')})`,
        severity: 'high',
        detail: `${large.map((b) => `${b.term} authorises a /${b.prefix} of IPv${b.family}`).join('; ')}: millions of addresses no mail service of yours sends from, so anyone renting a server there passes SPF as you.`,
        evidence: [...evidence, { kind: 'dns', summary: 'broad ranges over the include tree', excerpt: large.map((b) => `${b.domain}: ${b.term} (IPv${b.family} /${b.prefix})`).join('\n') }],
        reproduction: repro,
        remediation: 'List the exact addresses or narrow prefixes your mail services publish (their include: records), not whole networks.',
        identity: ['broad-range', spf.domain],
      });
    }
    // A neutral ending only matters when nothing worse was found.
    if (findings.length === 0 && (q === '?' || q === undefined)) {
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
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `ends in ${q}all; no mechanism authorises a whole address family or a large share of one` };
  },
});
