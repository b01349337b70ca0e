// A rate limit that a header or a spelling resets is no limit: rotating
// X-Forwarded-For / X-Real-IP, changing the username's case or whitespace,
// or a path variant (trailing slash, case, percent-encoding). A bypass counts
// only when two requests got through and a plain request right after was
// still limited (so the window had not simply expired).
import { defineCheck } from '../types.js';
import { judge, list, reproduce, stepsEvidence, url } from '../access/support.js';

export default defineCheck({
  meta: {
    id: 'rate-limit-bypassable',
    stage: 6,
    title: 'Rate limits cannot be sidestepped',
    failureTitle: 'Rate limits can be bypassed',
    severity: 'high',
    minimumBar: 'Rate limits on login, password reset, signup/invite and public forms.',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    remediation: 'Key limits on the socket address (trust X-Forwarded-For only from your own proxy), normalise usernames (trim, lower-case) before counting, and apply the limiter to the route after path normalisation.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['rate-limit-bypass'],
      needsAllRoles: false,
      passNote: 'bypass attempts were still limited',
      verdict: (t) => (t.facts.bypassed === true && t.facts.controlLimited === true ? 'vulnerable' : t.facts.controlLimited === false ? 'inconclusive' : 'safe'),
      groupKey: (t) => String(t.facts.flow),
      finding: (g) => {
        const t = g[0]!;
        return {
          title: `The ${t.facts.flow} rate limit is bypassed by ${list(g.map((x) => x.variant))}`,
          detail: `After ${t.target} answered 429, requests with ${list(g.map((x) => x.variant))} got through again (twice each) while a plain request stayed limited. The limit only slows down an attacker who does not try.`,
          evidence: g.flatMap((x) => stepsEvidence(x, 200)).slice(0, 6),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: [String(t.facts.flow)],
        };
      },
    });
  },
});
