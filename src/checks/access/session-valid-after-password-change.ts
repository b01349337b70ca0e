// After a password change, every other session of that user must end: the
// change is what a user does when they think someone else is signed in.
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'session-valid-after-password-change',
    stage: 6,
    title: 'A password change ends the other sessions',
    failureTitle: 'Other sessions survive a password change',
    severity: 'high',
    minimumBar: 'Logout and password changes end sessions server-side.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'When a password changes (or is reset), revoke every session of that user except, optionally, the one that made the change.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['session-after-password-change'],
      needsAllRoles: false,
      passNote: 'older session was refused after the password change',
      verdict: (t) => (!is2xx(t.facts.beforeStatus) ? 'inconclusive' : is2xx(t.facts.afterStatus) && is2xx(t.facts.confirmStatus) ? 'vulnerable' : 'safe'),
      groupKey: () => 'password-change',
      finding: (g) => ({
        title: 'An older session keeps working after the password was changed',
        detail: `Session A of ${g[0]!.attacker} was still accepted after session B changed the password. An attacker who stole a session keeps it even after the victim changes their password.`,
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'after change'),
        location: { url: url(g[0]!, 'after change') },
        identity: ['password-change'],
      }),
    });
  },
});
