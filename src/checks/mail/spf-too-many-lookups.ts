// RFC 7208 §4.6.4: evaluating SPF may take at most 10 DNS-querying terms over
// the whole include tree; one more and receivers return permerror, which
// fails SPF for all mail. We count the worst case, not one evaluation path.
import { defineCheck } from '../types.js';
import { digFor } from '../support/edge.js';
import { PERMERROR_SEVERITY } from './spf-record-invalid.js';

const LIMIT = 10;

export default defineCheck({
  meta: {
    id: 'spf-too-many-lookups',
    stage: 3,
    title: 'SPF stays within 10 DNS lookups',
    failureTitle: 'SPF needs more than 10 DNS lookups',
    // A permerror like any other (see spf-record-invalid): one severity for all.
    severity: PERMERROR_SEVERITY,
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation:
      'Remove includes of services that no longer send for you, replace a:/mx: terms with ip4:/ip6: ranges, or use a subdomain per sending service.',
    requires: ['mail'],
  },
  run({ mail }) {
    const { spf } = mail;
    if (!spf.lint) return { status: 'not-applicable', reason: 'no SPF record (see spf-missing)' };
    const n = spf.lint.lookupCount;
    const breakdown = Object.entries(spf.lint.lookupsByDomain)
      .map(([d, c]) => `${d}: ${c}`)
      .join('\n');
    if (n <= LIMIT) {
      if (n >= 9) {
        return {
          status: 'warn',
          findings: [
            {
              title: `SPF of ${spf.domain} uses ${n} of the 10 allowed DNS lookups`,
              severity: 'low',
              detail: 'One more include (a new mail or CRM service) will break SPF for all mail.',
              evidence: [{ kind: 'dns', summary: `worst-case lookups: ${n}`, excerpt: breakdown }],
              reproduction: digFor(spf.domain, 'TXT', mail.dnsServer),
              identity: ['near-limit', spf.domain],
            },
          ],
        };
      }
      return { status: 'pass', reason: `${n} lookups` };
    }
    return {
      status: 'fail',
      findings: [
        {
          title: `SPF of ${spf.domain} needs ${n} DNS lookups (limit ${LIMIT})`,
          detail:
            'Receivers stop at 10 and return permerror: SPF then fails for every message, including password resets, and DMARC can only pass through DKIM.',
          evidence: [{ kind: 'dns', summary: `worst-case lookups over the include tree: ${n}`, excerpt: breakdown }],
          reproduction: digFor(spf.domain, 'TXT', mail.dnsServer),
          identity: ['too-many', spf.domain],
        },
      ],
    };
  },
});
