// Login and password reset must answer the same for an existing and an
// unknown user: same status, same body shape and message (nested codes such
// as {"code": 404} included), same headers, no clear timing gap. A
// difference counts only when it held on every try, and only where the
// requests reached the app's logic (not all 5xx).
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'user-enumeration-possible',
    stage: 6,
    title: 'Login and reset do not reveal which accounts exist',
    failureTitle: 'Login or reset reveals which accounts exist',
    severity: 'medium',
    minimumBar: 'Rate limits and uniform answers on login and reset.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'Answer login failures with one message and status ("wrong email or password") and reset requests always with the same 202 ("if the account exists, we sent an email"); do the same work (hash a dummy password) for unknown users.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['user-enumeration'],
      needsAllRoles: false,
      passNote: 'flows answered existing and unknown users alike',
      verdict: (t) => (t.facts.statusDiffers === true || t.facts.bodyDiffers === true || t.facts.headersDiffer === true || t.facts.timingDiffers === true ? 'vulnerable' : 'safe'),
      groupKey: (t) => t.variant,
      finding: (g) => {
        const t = g[0]!;
        const f = t.facts;
        // Older evidence has bodyDiffers only: that was the message.
        const message = f.messageDiffers === true || (f.bodyDiffers === true && f.shapeDiffers === undefined);
        const how = [f.statusDiffers && 'status', f.shapeDiffers && 'body shape', message && 'message', f.headersDiffer && 'headers', f.timingDiffers && `timing (${f.existingMs} ms vs ${f.unknownMs} ms)`].filter(Boolean).join(', ');
        return {
          title: `${t.variant === 'login' ? 'Login' : 'Password reset'} tells existing accounts apart (${how})`,
          detail: `${t.target} answers differently for an existing and an unknown user (${how}), on both tries. An attacker can check which email addresses have accounts, then target them with password guessing or phishing.`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t, 'unknown user'),
          location: { url: url(t, 'unknown user') },
          identity: [t.variant],
        };
      },
    });
  },
});
