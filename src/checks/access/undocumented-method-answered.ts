// A path that answers a method its OpenAPI document does not list runs code
// nobody reviewed for authorization. 405 (or 404) is the expected answer.
import { isDocumentSource, noDocumentReason } from '../../evidence/access-types.js';
import { defineCheck } from '../types.js';
import { is2xx, judge, list, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'undocumented-method-answered',
    stage: 6,
    title: 'Paths refuse methods they do not document',
    failureTitle: 'Paths answer methods their API document does not list',
    severity: 'medium',
    minimumBar: 'Every route is known and protected: no hidden operations.',
    owasp: 'API9:2023 Improper Inventory Management',
    remediation: 'Remove routes that are not meant to exist, or document and protect them; make the router answer 405 for methods a path does not support.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    const sources = accessProbes.operationSources;
    if (sources && !sources.some(isDocumentSource)) return { status: 'not-applicable', reason: noDocumentReason(sources) };
    return judge(accessProbes, {
      families: ['undocumented-method'],
      needsAllRoles: false,
      passNote: 'undocumented methods were refused',
      verdict: (t) => (is2xx(t.facts.status) && (t.variant !== 'GET' || is2xx(t.facts.confirmStatus)) ? 'vulnerable' : typeof t.facts.status === 'number' ? 'safe' : 'inconclusive'),
      groupKey: (t) => t.target,
      finding: (g) => {
        const t = g[0]!;
        // Without a document the operations came from the page, the policy or recordings: say so, not "the API document" (critic #8).
        const source = typeof t.facts.source === 'string' ? t.facts.source : 'the API document';
        const fromDocument = source.startsWith('the API document');
        return {
          title: fromDocument ? `${t.target} answers ${t.facts.status} but is not in the API document` : `${t.target} answers ${t.facts.status} but is not among the operations known from ${source}`,
          detail: `${fromDocument ? 'The document lists' : `The operations known from ${source} list`} only ${t.facts.documented} for this path, yet ${list(g.map((x) => x.target))} succeeded as ${t.attacker}. An undocumented route usually misses the checks the documented ones have.`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: [t.target],
        };
      },
    });
  },
});
