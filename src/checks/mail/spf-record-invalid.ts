// Everything else that breaks or weakens SPF: more than one record, syntax
// errors, includes that publish nothing, include loops, more than two void
// lookups (permerror at receivers), and the deprecated ptr mechanism.
//
// One permerror, one severity: receivers treat every permerror the same
// (SPF fails for all mail, RFC 7208 §2.6.7), so more than two void lookups
// (§4.6.4) is rated like more than ten lookups in spf-too-many-lookups.
import type { SpfIssue } from '../../evidence/edge-types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

/** Severity of a permerror: the same as spf-too-many-lookups gives more than ten lookups. */
export const PERMERROR_SEVERITY: Severity = 'high';

const SEVERITY: Record<SpfIssue['code'], Severity> = {
  'multiple-records': PERMERROR_SEVERITY,
  syntax: PERMERROR_SEVERITY,
  'include-missing': PERMERROR_SEVERITY,
  // A lookup that failed (temperror) is not a permerror: receivers retry.
  'include-error': 'medium',
  loop: PERMERROR_SEVERITY,
  'void-lookup': PERMERROR_SEVERITY,
  ptr: 'low',
  deprecated: 'low',
};

export default defineCheck({
  meta: {
    id: 'spf-record-invalid',
    stage: 3,
    title: 'The SPF record is valid',
    failureTitle: 'The SPF record is broken or uses deprecated terms',
    severity: 'high',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Publish exactly one v=spf1 record, fix the terms listed, and check it again with this tool or `dig TXT`.',
    requires: ['mail'],
  },
  run({ mail }) {
    const { spf } = mail;
    if (!spf.lint) return { status: 'not-applicable', reason: 'no SPF record (see spf-missing)' };
    const findings: FindingInput[] = spf.lint.issues.map((issue) => ({
      title: `SPF: ${issue.message}`,
      severity: SEVERITY[issue.code],
      detail:
        issue.code === 'ptr'
          ? 'ptr is slow, unreliable and ignored by some receivers; mail authorised only through it may fail SPF.'
          : 'A receiver that hits this returns permerror (or ignores the term), so SPF fails for legitimate mail.',
      evidence: [dnsItem(`SPF record of ${spf.domain}: ${spf.records.join(' | ')}`, spf.txt)],
      reproduction: digFor(issue.domain, 'TXT', mail.dnsServer),
      identity: [issue.code, issue.domain, issue.code === 'syntax' || issue.code === 'include-missing' ? issue.message : ''],
    }));
    if (spf.lint.voidLookups.length > 2) {
      findings.push({
        title: `SPF of ${spf.domain} has ${spf.lint.voidLookups.length} void lookups (limit 2)`,
        severity: PERMERROR_SEVERITY,
        detail: 'RFC 7208 lets receivers return permerror after two lookups that find nothing; SPF then fails for all mail.',
        evidence: [{ kind: 'dns', summary: 'terms that look up names with no records', excerpt: spf.lint.voidLookups.join('\n') }],
        reproduction: digFor(spf.domain, 'TXT', mail.dnsServer),
        identity: ['void-lookups', spf.domain],
      });
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
