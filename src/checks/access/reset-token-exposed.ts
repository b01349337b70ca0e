// A password-reset token must reach only the account's mailbox. Returned in
// the reset-request response, it lets anyone take over any account by email.
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'reset-token-exposed',
    stage: 6,
    title: 'Reset tokens are only sent by email',
    failureTitle: 'The reset request returns the reset token',
    severity: 'critical',
    minimumBar: 'Account recovery cannot be used to take over accounts.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'Send the reset token only in the email to the account\'s address; the reset-request response must be the same fixed message for every address.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['reset-token-exposed'],
      needsAllRoles: false,
      passNote: 'reset request returned no token',
      verdict: (t) => (t.facts.tokenInResponse === true ? 'vulnerable' : typeof t.facts.status === 'number' ? 'safe' : 'inconclusive'),
      groupKey: () => 'reset-token',
      finding: (g) => ({
        title: `${g[0]!.target} returns the reset token in its response`,
        detail: `Asking for a password reset returned the token itself (field ${g[0]!.facts.field}, masked in this report). Anyone who knows a user's email address can reset their password and take over the account.`,
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'reset request'),
        location: { url: url(g[0]!, 'reset request') },
        identity: ['reset-token-in-response'],
      }),
    });
  },
});
