// LLM05: the assistant's reply carries active HTML (an event handler, a
// script, a javascript: URL) made by the model, in a response a browser
// renders as a document. Markup inside application/json or an event stream
// is inert until a front end inserts it, so that alone is not this finding.
import { AI_FAMILIES } from '../../evidence/ai-types.js';
import { defineCheck } from '../types.js';
import { caseEvidence, judgeFamily, location, rates, reproduction } from './support.js';

const FAMILY = 'output-handling' as const;

export default defineCheck({
  meta: {
    id: 'ai-output-renders-active-content',
    stage: 6,
    title: "The assistant's output cannot run as script",
    failureTitle: "The assistant's output runs as script in the browser",
    severity: 'high',
    minimumBar: 'Model output is treated as untrusted input wherever it is shown.',
    owasp: AI_FAMILIES[FAMILY].owasp,
    remediation:
      'Treat model output as untrusted: answer with application/json (res.json, not res.send of a string) and X-Content-Type-Options: nosniff, render replies as text or through a sanitiser (DOMPurify) in the front end, and set a Content-Security-Policy without unsafe-inline.',
    requires: ['aiProbes'],
  },
  run({ aiProbes }) {
    return judgeFamily(aiProbes, {
      family: FAMILY,
      passNote: 'no rendered response carried active HTML from the model',
      finding: (failing) => {
        const c = failing[0]!;
        const type = c.steps[0]?.exchange.response?.headers['content-type'] ?? 'no content type';
        return {
          title: `${c.operation} returns active HTML from the model as ${type.split(';')[0]}`,
          detail: `Asked for an HTML badge, the assistant wrote an element with a script handler (${rates(failing)} samples), and the endpoint serves it as ${type}: opened in a browser (a link, a form post, a preview), it runs as the app's own script with the user's session.`,
          evidence: caseEvidence(failing),
          reproduction: reproduction(c),
          location: location(c),
          identity: [c.operation],
        };
      },
    });
  },
});
