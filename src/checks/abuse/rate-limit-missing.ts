// Login, password reset, signup or invite, and the contact form must be
// rate-limited: a bounded burst (auth.flows.rateLimitBurst requests, stated
// in the result) must meet 429, or a lockout (423, or 503 with Retry-After).
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from '../access/support.js';

export default defineCheck({
  meta: {
    id: 'rate-limit-missing',
    stage: 2,
    title: 'Abuse-prone endpoints are rate-limited',
    failureTitle: 'Abuse-prone endpoints are not rate-limited',
    severity: 'high',
    minimumBar: 'Rate limits on login, password reset, signup/invite and public forms.',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    remediation: 'Limit login and reset per account and per client IP (e.g. 5–10 per minute), signup/invite and contact per IP, and answer 429 with Retry-After. Key the IP on the socket address or on your own proxy\'s header only.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    const burst = accessProbes.settings.burst;
    const out = judge(accessProbes, {
      families: ['rate-limit'],
      needsAllRoles: false,
      passNote: `endpoints answered 429 within a burst of ${burst} requests`,
      verdict: (t) => (t.facts.reachedHandler !== true ? 'inconclusive' : t.facts.limitedAt === null && t.facts.sent === t.facts.burst ? 'vulnerable' : typeof t.facts.limitedAt === 'number' ? 'safe' : 'inconclusive'),
      groupKey: (t) => t.variant,
      finding: (g) => {
        const t = g[0]!;
        return {
          title: `No rate limit on ${t.variant}: ${t.facts.sent} requests, no 429`,
          severity: t.variant === 'login' || t.variant === 'password reset' ? 'high' : 'medium',
          detail: `${t.facts.sent} requests to ${t.target} in a row (threshold: a limit must answer within ${t.facts.burst}) got ${t.facts.statuses}${String(t.facts.statuses).startsWith('404') ? " (the app's own answer for an unknown account: a missing route next to it answers differently)" : ''} and never 429. ${t.variant === 'login' ? 'Passwords can be guessed at full speed.' : t.variant === 'password reset' ? 'Anyone can flood a user\'s inbox or your mail quota.' : 'Bots can flood it.'}`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t, 'first'),
          location: { url: url(t, 'first') },
          identity: [t.variant],
        };
      },
    });
    return out.status === 'pass' ? { ...out, reason: `${out.reason}; threshold: ${burst} requests` } : out;
  },
});
