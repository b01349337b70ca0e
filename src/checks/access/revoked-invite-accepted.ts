// An invite must work once, while it is pending: a revoked one (what an owner
// does when an invite went to the wrong address) and a used one (a link still
// sitting in an inbox or a chat) must both be refused. One check for both:
// the root cause is the same, an accept handler that does not check and
// consume the invite's status; each gets its own finding.
import type { Trial } from '../../evidence/access-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { is2xx, judge, reproduce, stepsEvidence, url, type Verdict } from './support.js';

function verdict(t: Trial): Verdict {
  if (t.variant === 'accept-twice') {
    if (!is2xx(t.facts.firstStatus)) return 'inconclusive';
    if (!is2xx(t.facts.acceptStatus)) return 'safe';
    // A 2xx alone may be an idempotent "already accepted": only a working sign-in or session counts.
    return is2xx(t.facts.loginStatus) || is2xx(t.facts.sessionStatus) ? 'vulnerable' : 'inconclusive';
  }
  if (!is2xx(t.facts.revokeStatus)) return 'inconclusive';
  return is2xx(t.facts.acceptStatus) && (t.facts.loginStatus === null || is2xx(t.facts.loginStatus)) ? 'vulnerable' : 'safe';
}

function usedInviteFinding(t: Trial): FindingInput {
  const second = t.facts.sameAccount === false;
  const title = second
    ? 'A used invite creates a second account'
    : is2xx(t.facts.loginStatus)
      ? 'A used invite can be accepted again, setting a new password'
      : 'A used invite can be accepted again and signs its holder in';
  const how = is2xx(t.facts.loginStatus) ? `signing in with the second password worked (${t.facts.loginStatus})` : `the session it handed out worked (${t.facts.sessionStatus})`;
  return {
    title,
    detail: `The probe accepted a fresh invite (${t.facts.firstStatus}), then accepted the same invite again with another name and password (${t.facts.acceptStatus}); ${how}. ${second ? 'A second account now exists from one invite.' : 'Whoever finds the old link (an inbox, a chat, browser history) takes over the account it created.'}`,
    evidence: stepsEvidence(t),
    reproduction: reproduce(t, 'accept'),
    location: { url: url(t, 'accept') },
    identity: ['used-invite'],
  };
}

export default defineCheck({
  meta: {
    id: 'revoked-invite-accepted',
    stage: 6,
    title: 'Revoked and used invites cannot be accepted',
    failureTitle: 'A revoked or used invite can still be accepted',
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
      passNote: 'revoked or used invite(s) were refused',
      verdict,
      groupKey: (t) => t.variant,
      finding: (g) =>
        g[0]!.variant === 'accept-twice'
          ? usedInviteFinding(g[0]!)
          : {
              title: 'A revoked invite still creates an account',
              detail: `The probe created an invite, revoked it (${g[0]!.facts.revokeStatus}) and then accepted it (${g[0]!.facts.acceptStatus})${g[0]!.facts.loginStatus ? `; the new account could sign in (${g[0]!.facts.loginStatus})` : ''}. Whoever holds a revoked link still gets in.`,
              evidence: stepsEvidence(g[0]!),
              reproduction: reproduce(g[0]!, 'accept'),
              location: { url: url(g[0]!, 'accept') },
              identity: ['revoked-invite'],
            },
    });
  },
});
