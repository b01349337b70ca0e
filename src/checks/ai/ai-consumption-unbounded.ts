// LLM10: nothing bounds what one user can make the model do: no rate limit
// (a burst whose answers were all real replies met no 429), or a very large
// prompt that makes the endpoint fail (5xx) or stall past the deadline.
import { AI_FAMILIES } from '../../evidence/ai-types.js';
import { defineCheck } from '../types.js';
import { caseEvidence, judgeFamily, location, reproduction } from './support.js';

const FAMILY = 'unbounded-consumption' as const;

export default defineCheck({
  meta: {
    id: 'ai-consumption-unbounded',
    stage: 6,
    title: 'The assistant is rate-limited and bounded',
    failureTitle: 'Nothing bounds what a user can make the assistant do',
    severity: 'medium',
    minimumBar: 'Rate limits on abuse-prone endpoints, AI included.',
    owasp: AI_FAMILIES[FAMILY].owasp,
    remediation:
      'Limit requests per user (and tokens per user per day) on every model endpoint and answer 429 with Retry-After; cap the prompt size before the model sees it (413), and answer a model error with a 4xx, not a crash.',
    requires: ['aiProbes'],
  },
  run({ aiProbes }) {
    return judgeFamily(aiProbes, {
      family: FAMILY,
      passNote: 'a limit met the burst and the large prompt was refused or handled',
      groupKey: (c) => `${c.operation} ${c.id}`,
      finding: (failing) => {
        const c = failing[0]!;
        const s = c.samples.find((x) => x.outcome === 'followed');
        if (c.id === 'rate-limit') {
          return {
            title: `No rate limit on ${c.operation}: ${String(c.facts.sent)} requests, no 429`,
            detail: `${String(c.facts.sent)} requests in a row as ${c.attacker} (a limit must answer within ${String(c.facts.burst)}) all got replies (${String(c.facts.statuses)}). Every reply is paid model time: one user, or a stolen session, can run up the bill or starve everyone else.`,
            evidence: caseEvidence([c]),
            reproduction: reproduction(c),
            location: location(c),
            identity: [c.operation, c.id],
          };
        }
        const stall = s?.status === null;
        return {
          title: stall ? `A ${Number(c.facts.chars).toLocaleString('en-US')}-character prompt stalls ${c.operation}` : `A ${Number(c.facts.chars).toLocaleString('en-US')}-character prompt makes ${c.operation} fail (${String(s?.status)})`,
          detail: `One request with a very large prompt ${stall ? 'got no answer before the deadline' : `was answered ${String(s?.status)}`}: the endpoint passes unbounded input to the model. Repeated, it is a cheap way to take the assistant (or the app) down.`,
          severity: 'high',
          evidence: caseEvidence([c]),
          reproduction: reproduction(c),
          location: location(c),
          identity: [c.operation, c.id],
        };
      },
    });
  },
});
