// A protected operation must refuse a token that is not one it issued:
// garbage, a real token with a bit of its signature flipped, a truncated one,
// and for JWTs one re-signed with a wrong key, one without a signature and the
// alg:none trick. Judged against the baseline call of the real token (same
// data, same kind of answer); confirmed by a second, different forgery.
import { defineCheck } from '../types.js';
import { is2xx, judge, list, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'malformed-token-accepted',
    stage: 2,
    title: 'Malformed and tampered tokens are refused',
    failureTitle: 'A malformed or tampered token is accepted',
    severity: 'critical',
    minimumBar: 'Authentication is enforced on every route that is not meant to be public.',
    owasp: 'API2:2023 Broken Authentication',
    remediation:
      'Verify every token server-side before use: look the session up (opaque tokens) or verify the signature with a fixed algorithm list (JWT: never accept alg "none"), and answer 401 on any failure.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['malformed-token'],
      passNote: 'calls with malformed or tampered tokens were refused',
      verdict: (t) => {
        // Open without any credentials: unauthenticated-access reports it; a token cannot be "accepted" there.
        if (t.facts.anonymousOpen === true) return 'ignore';
        // Confirmed only by a second, different forgery of the same kind getting the data too (older evidence has no confirmSameData).
        if (t.facts.sameData === true && is2xx(t.facts.confirmStatus) && t.facts.confirmSameData !== false) return 'vulnerable';
        return is2xx(t.facts.baselineStatus) ? 'safe' : 'inconclusive';
      },
      groupKey: (t) => t.variant,
      finding: (g) => ({
        title: `A ${g[0]!.variant} token is accepted on ${g.length} operation${g.length > 1 ? 's' : ''}`,
        detail: `Calls carrying a ${g[0]!.variant} token got the same data as the real session on ${list(g.map((t) => t.target))}. Anyone can forge a credential the API trusts.`,
        evidence: g.flatMap((t) => stepsEvidence(t)).slice(0, 6),
        reproduction: reproduce(g[0]!),
        location: { url: url(g[0]!) },
        identity: [g[0]!.variant],
      }),
    });
  },
});
