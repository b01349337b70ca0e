// Shared judging for the AI checks: a family's cases, each sampled several
// times, become findings where any sample obeyed the attack (with the rate,
// e.g. 2/3), a pass where every case was judged and none obeyed, and
// not-tested, with the reasons, where nothing could be judged.
import type { AiCaseResult, AiFamily, AiProbeSet } from '../../evidence/ai-types.js';
import type { EvidenceItem } from '../../report/model.js';
import { curlFor, httpEvidence, statusLine } from '../support/http.js';
import type { CheckOutcome, FindingInput } from '../types.js';

export const followedCount = (c: AiCaseResult) => c.samples.filter((s) => s.outcome === 'followed').length;
export const judgedCount = (c: AiCaseResult) => c.samples.filter((s) => s.outcome !== 'inconclusive').length;
/** "2/3": samples that obeyed, of those sent. */
export const rate = (c: AiCaseResult) => `${followedCount(c)}/${c.samples.length}`;

export interface FamilySpec {
  family: AiFamily;
  /** Failing cases that share a key become one finding. Default: one per endpoint. */
  groupKey?(c: AiCaseResult): string;
  finding(failing: AiCaseResult[], all: AiCaseResult[]): FindingInput;
  /** What a pass means, e.g. "override attempts refused". */
  passNote: string;
}

export function judgeFamily(set: AiProbeSet, spec: FamilySpec): CheckOutcome {
  const cases = set.cases.filter((c) => c.family === spec.family);
  if (set.endpoints.length === 0 && set.cases.length === 0) return { status: 'not-applicable', reason: set.notes[0] ?? 'the app has no AI features' };
  if (cases.length === 0) return { status: 'not-tested', reason: 'no case of this family was run (no ai.endpoints a signed-in role may use)' };
  const failing = cases.filter((c) => !c.skipped && followedCount(c) > 0);
  if (failing.length) {
    const key = spec.groupKey ?? ((c: AiCaseResult) => c.operation);
    const groups = new Map<string, AiCaseResult[]>();
    for (const c of failing) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
    return { status: 'fail', findings: [...groups.values()].map((g) => spec.finding(g, cases.filter((c) => c.operation === g[0]!.operation))) };
  }
  const judged = cases.filter((c) => !c.skipped && judgedCount(c) > 0);
  const notJudged = cases.filter((c) => c.skipped || judgedCount(c) === 0);
  const reasons = [...new Set(notJudged.map((c) => `${c.id}: ${c.skipped ?? c.samples.find((s) => s.outcome === 'inconclusive')?.judgedBy ?? 'not judged'}`))];
  if (judged.length === 0) {
    return { status: 'not-tested', reason: reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? ` (+${reasons.length - 3} more)` : '') };
  }
  const samples = judged.reduce((n, c) => n + judgedCount(c), 0);
  const endpoints = new Set(judged.map((c) => c.operation)).size;
  const parts = [`${judged.length} case${judged.length === 1 ? '' : 's'} on ${endpoints} endpoint${endpoints === 1 ? '' : 's'}, ${samples} samples: ${spec.passNote}`];
  if (notJudged.length) parts.push(`not tested: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ` (+${reasons.length - 3} more)` : ''}`);
  return { status: 'pass', reason: parts.join('; '), judged: judged.length, unit: 'cases' };
}

/** "direct-override 3/3, base64 2/3" */
export function rates(cases: AiCaseResult[]): string {
  return cases.map((c) => `${c.id} ${rate(c)}`).join(', ');
}

/** Evidence: each failing case's verdict line and masked reply, then the exchanges of the first. */
export function caseEvidence(cases: AiCaseResult[], maxCases = 4): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const c of cases.slice(0, maxCases)) {
    const s = c.samples.find((x) => x.outcome === 'followed') ?? c.samples[0];
    out.push({ kind: 'text', summary: `${c.id} (${rate(c)}) as ${c.attacker}: ${s?.judgedBy ?? 'no sample'}`, ...(s?.reply ? { excerpt: s.reply } : {}) });
  }
  const first = cases[0];
  if (first) for (const st of first.steps.slice(0, 3)) out.push(httpEvidence(`${first.id} ${st.label}: ${statusLine(st.exchange)}`, st.exchange, 600));
  return out;
}

export function reproduction(c: AiCaseResult): string | undefined {
  const st = c.steps.find((s) => s.label === 'attack') ?? c.steps.at(-1);
  return st ? curlFor(st.exchange) : undefined;
}

export const location = (c: AiCaseResult) => {
  const url = (c.steps.find((s) => s.label === 'attack') ?? c.steps[0])?.exchange.request.url;
  return url ? { url } : undefined;
};

/** A table of every case of the family on one endpoint, for the detail. */
export function caseTable(cases: AiCaseResult[]): string {
  return cases.map((c) => `- ${c.title} (${c.id}): ${c.skipped ? `not tested — ${c.skipped}` : `${rate(c)} obeyed`}`).join('\n');
}
