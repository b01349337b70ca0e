// Disabling a user is how an owner locks out someone who left or whose
// account was taken over: the sessions that user already holds must end with
// it, not only their next login. The probe disables a throwaway user it
// invited itself and replays that user's open session.
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'session-valid-after-disable',
    stage: 6,
    title: 'Disabling a user ends their open sessions',
    failureTitle: "A disabled user's session keeps working",
    severity: 'high',
    minimumBar: 'Logout and password changes end sessions server-side.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: "When a user is disabled (or deleted, or loses their role), revoke all of that user's sessions and refresh tokens at once; and check the account's status on every authenticated request, not only at login.",
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['session-after-disable'],
      needsAllRoles: false,
      passNote: "disabled user's session was refused",
      verdict: (t) => {
        const f = t.facts;
        if (!is2xx(f.beforeStatus) || !is2xx(f.disableStatus)) return 'inconclusive';
        if (!is2xx(f.afterStatus) || !is2xx(f.confirmStatus)) return 'safe';
        // The disable must be shown to have happened: a new login refused. Accepted (or never tried) says nothing about sessions.
        return typeof f.newLoginStatus === 'number' && f.newLoginStatus >= 400 && f.newLoginStatus < 500 ? 'vulnerable' : 'inconclusive';
      },
      groupKey: () => 'disable',
      finding: (g) => {
        const f = g[0]!.facts;
        return {
          title: "A disabled user's session keeps working",
          detail: `A throwaway user was disabled through ${g[0]!.target} by ${g[0]!.attacker} (${f.disableStatus})${f.newLoginStatus !== null ? `, and a new login as that user was refused (${f.newLoginStatus})` : ''}, yet the session it already had was accepted twice afterwards. Disabling an account does not lock out whoever is signed in with it: a departed employee or an attacker keeps access until the session expires.`,
          evidence: stepsEvidence(g[0]!),
          reproduction: reproduce(g[0]!, 'after disable'),
          location: { url: url(g[0]!, 'after disable') },
          identity: ['disable'],
        };
      },
    });
  },
});
