// Logging out must end the session on the server, not only delete the
// browser's cookie: the probe logs a separate session out and replays it.
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'session-valid-after-logout',
    stage: 6,
    title: 'Logging out ends the session on the server',
    failureTitle: 'A session still works after logout',
    severity: 'high',
    minimumBar: 'Logout and password changes end sessions server-side.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'On logout delete (or mark revoked) the session server-side; for JWTs keep a revocation list or use short-lived tokens with server-side refresh tokens.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['session-after-logout'],
      needsAllRoles: false,
      passNote: 'logged-out session was refused',
      verdict: (t) => (!is2xx(t.facts.beforeStatus) ? 'inconclusive' : is2xx(t.facts.afterStatus) && is2xx(t.facts.confirmStatus) ? 'vulnerable' : 'safe'),
      groupKey: () => 'logout',
      finding: (g) => ({
        title: 'A session keeps working after logout',
        detail: `The session of ${g[0]!.attacker} was logged out (${g[0]!.facts.logoutStatus}) and then accepted again twice. Logging out on a shared computer does not protect the user.`,
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'after logout'),
        location: { url: url(g[0]!, 'after logout') },
        identity: ['logout'],
      }),
    });
  },
});
