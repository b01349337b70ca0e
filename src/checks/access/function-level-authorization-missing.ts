// The role × operation matrix against the policy: a role the policy does not
// allow must be refused (401, 403 and 404 all count). A read counts only when
// an allowed role's baseline succeeded and the denied role got the same data,
// as the same kind of answer (not a 200 carrying an error object), twice; a
// write only when reading the object back shows it took effect.
import type { AccessProbeSet, AccessRule, Trial } from '../../evidence/access-types.js';
import { defineCheck, type CheckOutcome } from '../types.js';
import { is2xx, judge, list, reproduce, stepsEvidence, url, type Verdict } from './support.js';

/** The verdict of one matrix call; the auth-rules deliverable reads it too, so a rule is "verified" only on what this check could judge. */
export function functionLevelVerdict(t: Trial): Verdict {
  if (t.variant !== 'denied-role') return 'ignore';
  // A 404 or 405 refuses only where the route answered someone: otherwise the request may have missed the operation.
  if ((t.facts.status === 404 || t.facts.status === 405) && t.facts.routeAnswered === false) return 'inconclusive';
  if (!is2xx(t.facts.status)) return 'safe';
  if (t.target.startsWith('GET ') || t.target.startsWith('HEAD ')) {
    if (!is2xx(t.facts.baselineStatus)) return 'inconclusive';
    // A 2xx that is an error object or the login page (sameKind false) is a refusal.
    return t.facts.sameData !== false && t.facts.sameKind !== false && is2xx(t.facts.confirmStatus) ? 'vulnerable' : 'safe';
  }
  if (t.facts.changed === true) return 'vulnerable';
  // A 2xx carrying an error object or the login page refused the write, when the read-back could not tell.
  return t.facts.changed === false || t.facts.answerKind === 'error-object' || t.facts.answerKind === 'login-page' ? 'safe' : 'inconclusive';
}

export default defineCheck({
  meta: {
    id: 'function-level-authorization-missing',
    stage: 2,
    title: 'Every role is limited to the operations the policy gives it',
    failureTitle: 'A role can call operations the policy reserves for others',
    severity: 'high',
    minimumBar: 'Authorization is checked server-side on every write and every admin route, for 3+ roles.',
    owasp: 'API5:2023 Broken Function Level Authorization',
    remediation:
      'Check the caller\'s role on the server for every operation, in one place (route-level middleware or a policy table), deny by default, and cover admin routes too. Hiding a button in the UI is not a check.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    const outcome = judgeMatrix(accessProbes);
    // A policy whose own rules let every role of the tenant call every operation leaves no role limit to break
    // (public operations aside; with no rule, nobody said so: that stays not-tested):
    // not applicable, rather than "not tested", which would make the verdict incomplete for nothing.
    const home = accessProbes.roles.filter((r) => r.tenant === accessProbes.settings.homeTenant && !r.loginError).map((r) => r.name);
    const allows = (rule: AccessRule, role: string) => rule.allow.some((a) => a === role || a === 'anonymous' || a === '*');
    if (outcome.status === 'not-tested' && home.length > 0 && accessProbes.rules.length > 0 && accessProbes.rules.every((rule) => rule.allow.includes('anonymous') || (rule.from === 'policy' && home.every((role) => allows(rule, role))))) {
      return {
        status: 'not-applicable',
        reason: `the policy lets every role of ${accessProbes.settings.homeTenant} (${list(home)}) call all ${accessProbes.rules.length} operations, so there is no role limit to try`,
      };
    }
    return outcome;
  },
});

/** The matrix's trials judged by the shared rules of support.ts. */
function judgeMatrix(accessProbes: AccessProbeSet): CheckOutcome {
  return judge(accessProbes, {
    families: ['function-level'],
    passNote: 'role × operation calls matched the policy',
    nothingToJudge: 'the policy denies no signed-in role any probed operation, so there was nothing to refuse (anonymous reads are unauthenticated-access)',
    verdict: functionLevelVerdict,
    groupKey: (t) => t.target,
    finding: (g) => {
      const t = g[0]!;
      const roles = g.map((x) => x.attacker);
      const admin = t.facts.admin === true;
      const write = !t.target.startsWith('GET ');
      // Issue 12: with no policy rule and no API document, who may call it was inferred from the recordings.
      const rule = accessProbes.rules.find((r) => r.operation === t.target);
      const expectation =
        rule?.from === 'traffic'
          ? `No policy rule covers ${t.target}; in the HAR recordings only ${list(rule.allow)} did it, so ${list(roles)} should not (inferred: add a policy rule to confirm or correct it)`
          : `The policy does not allow ${list(roles)} to call ${t.target}`;
      return {
        title: `${t.target} is open to ${list(roles)}`,
        severity: admin || write ? 'critical' : 'high',
        detail: `${expectation}, but the server ${write ? 'carried out the change (confirmed by reading the object back)' : 'answered with the same data an allowed role gets, twice'}.${admin ? ' This is an admin route.' : ''}`,
        evidence: g.flatMap((x) => stepsEvidence(x)).slice(0, 6),
        reproduction: reproduce(t),
        location: { url: url(t) },
        identity: [t.target],
      };
    },
  });
}
