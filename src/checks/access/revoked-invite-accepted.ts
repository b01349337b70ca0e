// A revoked invite must stop working: revoking is what an owner does when an
// invite went to the wrong address.
import { defineCheck } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'revoked-invite-accepted',
    stage: 6,
    title: 'Revoked invites cannot be accepted',
    failureTitle: 'A revoked invite can still be accepted',
    severity: 'high',
    minimumBar: 'Invites and account recovery cannot grant access they should not.',
    owasp: 'API1:2023 Broken Object Level Authorization',
    remediation: 'Check the invite\'s status (pending, not expired, not revoked) in the accept handler, and consume it in the same transaction.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['revoked-invite'],
      needsAllRoles: false,
      passNote: 'revoked invite was refused',
      verdict: (t) => (!is2xx(t.facts.revokeStatus) ? 'inconclusive' : is2xx(t.facts.acceptStatus) && (t.facts.loginStatus === null || is2xx(t.facts.loginStatus)) ? 'vulnerable' : 'safe'),
      groupKey: () => 'revoked-invite',
      finding: (g) => ({
        title: 'A revoked invite still creates an account',
        detail: `The probe created an invite, revoked it (${g[0]!.facts.revokeStatus}) and then accepted it (${g[0]!.facts.acceptStatus})${g[0]!.facts.loginStatus ? `; the new account could sign in (${g[0]!.facts.loginStatus})` : ''}. Whoever holds a revoked link still gets in.`,
        evidence: stepsEvidence(g[0]!),
        reproduction: reproduce(g[0]!, 'accept'),
        location: { url: url(g[0]!, 'accept') },
        identity: ['revoked-invite'],
      }),
    });
  },
});
