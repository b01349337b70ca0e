// Sensitive properties the request schema does not offer (role, isAdmin,
// tenantId, ownerId, amount, status, approved) must be ignored or refused.
// A finding needs the read-back to show the injected value, where neither the
// object before the write nor a control write without it had that value.
import { PRIVILEGE_NAME } from '../../evidence/gatherers/access/signup.js';
import { defineCheck } from '../types.js';
import { judge, reproduce, stepsEvidence, url } from './support.js';

const ESCALATION = /^(role|isAdmin|admin|tenantId|ownerId)$/;

export default defineCheck({
  meta: {
    id: 'mass-assignment-accepted',
    stage: 6,
    title: 'Writes ignore properties the client must not set',
    failureTitle: 'Writes accept properties the client must not set (mass assignment)',
    severity: 'high',
    minimumBar: 'Input validation on every write; authorization checked server-side.',
    owasp: 'API3:2023 Broken Object Property Level Authorization',
    remediation: 'Copy only an allow-list of fields from the request body into the object (a DTO or schema with additionalProperties: false); set role, tenant, owner, status and amounts on the server.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['mass-assignment'],
      passNote: 'writes ignored or refused the injected properties',
      verdict: (t) =>
        typeof t.facts.accepted === 'string' && t.facts.accepted.length > 0
          ? 'vulnerable'
          : typeof t.facts.status === 'number' && t.facts.status >= 400 && t.facts.status < 500
            ? 'safe'
            : t.facts.readBack === null
              ? 'inconclusive'
              : 'safe',
      groupKey: (t) => t.target,
      finding: (g) => {
        const t = g[0]!;
        const props = String(t.facts.accepted).split(',');
        const via = typeof t.facts.escalatedVia === 'string' ? t.facts.escalatedVia : undefined;
        const escalation = props.some((p) => ESCALATION.test(p) || PRIVILEGE_NAME.test(p));
        return {
          // The account's own record did not show which property took: the privileged call shows that one of them did.
          title: via ? `${t.target} lets ${t.attacker} sign up with privileges: the account may call ${via} (sent ${props.join(', ')})` : `${t.target} lets ${t.attacker} set ${props.join(', ')}`,
          severity: escalation ? 'critical' : 'high',
          detail: via
            ? `The probe signed up two accounts, one with ${props.join(', ')} in the body and a control without them. The first could call ${via}, which the policy keeps from some roles; the control was refused there (${t.facts.controlPrivilegedStatus}). A stranger can make themselves an admin.`
            : `The probe added ${props.join(', ')} to a write as ${t.attacker}; reading the object back showed the injected values. ${escalation ? 'A user can promote themselves or move data between tenants.' : 'A user can set values only the server should decide.'}`,
          evidence: stepsEvidence(t),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: [t.target],
        };
      },
    });
  },
});
