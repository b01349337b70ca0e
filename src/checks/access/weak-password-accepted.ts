// Wherever the app sets a password (accepting an invite, confirming a reset,
// changing it), a trivially short one must be refused: an account with a
// six-character password falls to a few thousand guesses once a rate limit
// is missing or bypassed. It counts only when signing in with the weak
// password then works; a refusal counts only when the same request with an
// acceptable password succeeds.
import type { Trial } from '../../evidence/access-types.js';
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url, type Verdict } from './support.js';

const WHERE: Record<string, string> = {
  'invite-accept': 'Invite acceptance',
  'password-reset': 'Password reset',
  'password-change': 'Password change',
};

export function weakPasswordVerdict(t: Trial): Verdict {
  if (is2xx(t.facts.weakStatus)) return is2xx(t.facts.loginStatus) ? 'vulnerable' : 'inconclusive';
  return typeof t.facts.weakStatus === 'number' && is2xx(t.facts.controlStatus) ? 'safe' : 'inconclusive';
}

export default defineCheck({
  meta: {
    id: 'weak-password-accepted',
    stage: 6,
    title: 'Trivially short passwords are refused',
    failureTitle: 'The app accepts trivially short passwords',
    severity: 'medium',
    minimumBar: 'Account recovery cannot be used to take over accounts.',
    owasp: 'API2:2023 Broken Authentication',
    remediation:
      'Enforce one password rule on the server wherever a password is set (sign-up, invite acceptance, reset, change): at least 8 characters (12 is better), a sane maximum (e.g. 200), and a check against a list of common and breached passwords. Rules in the browser alone do not count.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['weak-password'],
      needsAllRoles: false,
      passNote: 'weak password(s) refused where an acceptable one worked',
      verdict: weakPasswordVerdict,
      groupKey: (t) => t.variant,
      finding: (g) => {
        const t = g[0]!;
        return {
          title: `${WHERE[t.variant] ?? t.variant} (${t.target}) accepts a ${t.facts.length}-character password`,
          detail: `The probe set a random ${t.facts.length}-character password through ${t.target} (${t.facts.weakStatus}) and then signed in with it (${t.facts.loginStatus}).${t.facts.restored === true ? ' The configured password of the test account was put back afterwards.' : t.facts.restored === false ? ' The configured password of the test account could NOT be put back: reset it.' : ''}`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: ['weak-password', t.variant],
        };
      },
    });
  },
});
