// A password-reset token must work once. The probe uses it twice (setting the
// same password, so the test account keeps working).
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'reset-token-reusable',
    stage: 6,
    title: 'Reset tokens work only once',
    failureTitle: 'A reset token can be used twice',
    severity: 'high',
    minimumBar: 'Account recovery cannot be used to take over accounts.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'Mark the reset token used (or delete it) in the same transaction that changes the password; give it a short expiry.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['reset-token-reuse'],
      needsAllRoles: false,
      passNote: 'reset token was refused on its second use',
      // A second 2xx counts only when it took effect (its password signs in); a no-op 200 proves nothing.
      verdict: (t) => (!is2xx(t.facts.firstStatus) ? 'inconclusive' : is2xx(t.facts.secondStatus) ? (t.facts.secondTookEffect === false ? 'inconclusive' : 'vulnerable') : 'safe'),
      groupKey: () => 'reuse',
      finding: (g) => ({
        title: 'A password-reset token works a second time',
        detail: `The same reset token changed the password twice (${g[0]!.facts.firstStatus}, then ${g[0]!.facts.secondStatus}). A token found later in an inbox, a log or browser history still takes over the account.`,
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'second use'),
        location: { url: url(g[0]!, 'second use') },
        identity: ['reset-token-reuse'],
      }),
    });
  },
});
