// A session older than its configured lifetime (auth.flows.sessionTtlSeconds)
// must be refused: a stolen token should stop working on its own.
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'expired-session-accepted',
    stage: 6,
    title: 'Sessions stop working after their lifetime',
    failureTitle: 'An expired session is still accepted',
    severity: 'high',
    minimumBar: 'Expired sessions are refused.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'Store an expiry with every session (or an exp claim in every token) and refuse it server-side once passed; keep lifetimes short and renew on activity.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['expired-token'],
      needsAllRoles: false,
      passNote: 'session replayed after its lifetime was refused',
      verdict: (t) => (is2xx(t.facts.status) && is2xx(t.facts.confirmStatus) ? 'vulnerable' : typeof t.facts.status === 'number' ? 'safe' : 'inconclusive'),
      groupKey: () => 'expired',
      finding: (g) => ({
        title: `A session ${g[0]!.facts.ageSeconds} s old still works (lifetime ${g[0]!.facts.ttlSeconds} s)`,
        detail: 'A token replayed after the configured session lifetime was accepted twice. A token stolen from a log, a laptop or a browser stays useful indefinitely.',
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'replay'),
        location: { url: url(g[0]!, 'replay') },
        identity: ['expired-session'],
      }),
    });
  },
});
