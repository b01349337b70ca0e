// Protected operations must refuse a caller without credentials. 401, 403 and
// 404 all count as refused (APIs differ in how they say no), and so does a
// redirect to a login page. An operation counts as open only when a role
// allowed to call it succeeded (the baseline, with data, not an error object)
// and two anonymous calls both got the same kind of answer: a 200 carrying
// `{"error": "missing token"}` or the login page is a refusal, however odd.
import { answerKind, sameKindOfAnswer } from '../../evidence/gatherers/access/compare.js';
import { defineCheck, type FindingInput } from '../types.js';
import { shortfall, unanswered, type Unanswered } from '../../evidence/unanswered.js';
import { curlFor, httpEvidence, is2xx, statusLine } from '../support/http.js';

const SENSITIVE_PATH = /admin|audit|export|users|payout|billing|secret|token|key/i;

export default defineCheck({
  meta: {
    id: 'unauthenticated-access',
    stage: 2,
    title: 'Protected operations refuse callers without credentials',
    failureTitle: 'Protected operations answer callers without credentials',
    severity: 'high',
    minimumBar: 'Authentication is enforced on every route that is not meant to be public.',
    owasp: 'API2:2023 Broken Authentication',
    remediation:
      'Put the authentication middleware in front of the whole API router and opt public routes out explicitly, instead of adding it route by route. Hiding a route in the UI does not protect it.',
    requires: ['unauthProbes'],
  },
  run({ unauthProbes }) {
    const findings: FindingInput[] = [];
    let judged = 0;
    const refusedWith2xx: string[] = [];
    // A baseline or anonymous call that got no answer (target down, budget, network) judged nothing: it is not a refusal.
    const lost: Unanswered[] = [];
    for (const p of unauthProbes.probes) {
      const miss = unanswered(p.baseline) ?? unanswered(p.anonymous);
      if (miss) {
        lost.push(miss);
        continue;
      }
      if (!p.baseline || !is2xx(p.baseline) || answerKind(p.baseline) === 'error-object' || answerKind(p.baseline) === 'login-page') continue;
      judged++;
      if (!is2xx(p.anonymous)) continue;
      const first = sameKindOfAnswer(p.baseline, p.anonymous);
      const again = sameKindOfAnswer(p.baseline, p.confirmation);
      if (!first.same || !again.same) {
        if (!first.same) refusedWith2xx.push(first.why ?? 'a different answer');
        continue;
      }
      const op = `${p.operation.method} ${p.operation.path}`;
      findings.push({
        title: `${op} answers without credentials`,
        severity: SENSITIVE_PATH.test(p.operation.path) ? 'critical' : 'high',
        detail: `Anyone on the internet can call ${op} without signing in and gets the same kind of answer a signed-in ${p.baseline.role} gets. ${
          p.expectationFrom === 'policy'
            ? 'Your access policy says this operation is for signed-in roles only.'
            : p.expectationFrom === 'traffic'
              ? 'Every recorded call of it carried a credential (no policy rule or API document covers it, so the expectation was inferred from the HAR recordings).'
              : 'The OpenAPI document declares security for it (no policy rule covers it, so the expectation was inferred from the spec).'
        }`,
        evidence: [
          httpEvidence(`Without credentials: ${statusLine(p.anonymous)}`, p.anonymous),
          httpEvidence(`Repeated to confirm: ${statusLine(p.confirmation!)}`, p.confirmation!, 200),
          httpEvidence(`Baseline as ${p.baseline.role}: ${statusLine(p.baseline)}`, p.baseline, 200),
        ],
        reproduction: curlFor(p.anonymous),
        location: { url: p.anonymous.request.url },
        identity: [p.operation.method, p.operation.path],
      });
    }
    if (findings.length) return { status: 'fail', findings };
    const down = lost.filter((u) => u.kind === 'target-down');
    if (down.length) return { status: 'error', reason: `${shortfall(down)}: ${down.length} of ${unauthProbes.probes.length} operations could not be judged` };
    if (judged === 0 && lost.length === 0) {
      if (unauthProbes.probes.length === 0 && unauthProbes.skipped.length === 0) {
        return { status: 'not-applicable', reason: 'the API declares no protected operations' };
      }
      // Issue 12: no roles configured: what answered without credentials, said plainly, never judged.
      const unjudged = unauthProbes.probes.filter((p) => !p.baseline);
      if (unjudged.length && unjudged.length === unauthProbes.probes.length && Object.keys(unauthProbes.loginErrors).length === 0) {
        const answers = unjudged.map((p) => `${p.operation.method} ${p.operation.path} → ${p.anonymous.response?.status ?? p.anonymous.error ?? 'no answer'}`);
        return {
          status: 'not-tested',
          reason: `no roles configured, so no signed-in answer to compare with; without credentials: ${answers.join(', ')}`,
        };
      }
      const logins = Object.values(unauthProbes.loginErrors);
      return {
        status: logins.length ? 'error' : 'not-tested',
        reason: `no protected operation could be judged (${unauthProbes.skipped.length} skipped, ${unauthProbes.probes.length} without a successful baseline call with data)${logins.length ? `: ${logins.join('; ')}` : ''}`,
      };
    }
    const notes = [`${judged} protected operations refused anonymous callers`];
    if (refusedWith2xx.length) notes.push(`${refusedWith2xx.length} of them with a 2xx that is no answer (${[...new Set(refusedWith2xx)].slice(0, 2).join('; ')})`);
    if (unauthProbes.skipped.length) notes.push(`${unauthProbes.skipped.length} not probed (see ledger)`);
    const failedLogins = Object.keys(unauthProbes.loginErrors);
    if (failedLogins.length) notes.push(`login failed for ${failedLogins.join(', ')}`);
    return { status: 'pass', reason: notes.join('; '), judged, of: judged + lost.length, unit: 'operations', ...(lost.length ? { shortfall: shortfall(lost) } : {}) };
  },
});
