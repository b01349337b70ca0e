// The role and tenant of an invite are the inviter's decision: the accept
// call must take them from the stored invite, never from the invitee's body.
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'invite-terms-changeable',
    stage: 6,
    title: 'Invitees get the role and workspace they were invited to',
    failureTitle: 'An invitee can choose their own role or workspace',
    severity: 'critical',
    minimumBar: 'Invites and account recovery cannot grant access they should not.',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    remediation: 'In the accept handler take role and tenant from the stored invite only; refuse (or ignore) any role or tenant in the request body.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['invite-tampering'],
      needsAllRoles: false,
      passNote: 'invite accepted with tampered role/tenant kept the invited terms',
      verdict: (t) => (t.facts.roleChanged === true || t.facts.tenantChanged === true ? 'vulnerable' : t.facts.gotRole === null && t.facts.gotTenant === null ? (typeof t.facts.acceptStatus === 'number' && t.facts.acceptStatus >= 400 ? 'safe' : 'inconclusive') : 'safe'),
      groupKey: () => 'invite-terms',
      finding: (g) => {
        const f = g[0]!.facts;
        const what = [f.roleChanged && `role ${f.invitedRole ?? '?'} → ${f.gotRole}`, f.tenantChanged && `workspace → ${f.gotTenant}`].filter(Boolean).join(', ');
        return {
          title: `An invitee can change the invite's terms (${what})`,
          detail: `Accepting an invite with role "${f.askedRole}"${f.askedTenant ? ` and tenant "${f.askedTenant}"` : ''} in the body gave the new account ${what}. Anyone invited as a viewer can make themselves an owner${f.tenantChanged ? ', or join another customer\'s workspace' : ''}.`,
          evidence: stepsEvidence(g[0]!),
          reproduction: reproduce(g[0]!, 'accept'),
          location: { url: url(g[0]!, 'accept') },
          identity: ['invite-terms'],
        };
      },
    });
  },
});
