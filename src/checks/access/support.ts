// Shared judging for the access-control and abuse checks: every check reads
// the trials of its attack families, asks its own verdict of each, groups the
// vulnerable ones by root cause, and turns "nothing judged" into not-tested or
// error with the reason, never into a pass. A trial whose requests met a dead
// target or an empty budget is not judged at all (its missing answers would
// read as refusals): after the target went down the check is error, with the
// request number and time; when the budget ran out the pass says how much it
// judged and the engine makes it not-tested with the share.
import type { AccessProbeSet, AttackFamily, Trial } from '../../evidence/access-types.js';
import type { HttpExchange } from '../../evidence/types.js';
import type { EvidenceItem } from '../../report/model.js';
import { curlFor, httpEvidence, statusLine } from '../support/http.js';
import type { CheckOutcome, FindingInput } from '../types.js';
import { shortfall, unanswered, type Unanswered } from '../../evidence/unanswered.js';

/** ignore: a trial that is not an attack (e.g. an allowed role's baseline), left out of every count. */
export type Verdict = 'vulnerable' | 'safe' | 'inconclusive' | 'ignore';

export const is2xx = (s: unknown): boolean => typeof s === 'number' && s >= 200 && s < 300;

export interface JudgeSpec {
  families: readonly AttackFamily[];
  verdict(t: Trial): Verdict;
  /** Trials of one root cause share a key and become one finding. */
  groupKey(t: Trial): string;
  finding(group: Trial[]): FindingInput;
  /** What "safe" means, for the pass reason, e.g. "token variants refused". */
  passNote: string;
  /** Whether a failed login of any role undermines this check. Default true. */
  needsAllRoles?: boolean;
  /** Why nothing was judged when every call was a baseline (an allowed caller), e.g. "the policy denies no role anything". */
  nothingToJudge?: string;
}

/** Why a trial cannot be judged: one of its requests met a dead target or an empty budget. */
export function trialUnanswered(t: Trial): Unanswered | undefined {
  if (t.unjudged) return t.unjudged;
  for (const s of t.steps) {
    const u = unanswered(s.exchange);
    if (u && u.kind !== 'network') return u;
  }
  return undefined;
}

export function judge(set: AccessProbeSet, spec: JudgeSpec): CheckOutcome {
  const trials = set.trials.filter((t) => spec.families.includes(t.family));
  const lost = trials.map((t) => ({ t, u: trialUnanswered(t) })).filter((x): x is { t: Trial; u: Unanswered } => x.u !== undefined);
  const lostSet = new Set(lost.map((x) => x.t));
  const run = trials.filter((t) => !t.skipped && !lostSet.has(t));
  const verdicts = run.map((t) => ({ t, v: spec.verdict(t) })).filter((x) => x.v !== 'ignore');
  const vulnerable = verdicts.filter((x) => x.v === 'vulnerable').map((x) => x.t);
  const safe = verdicts.filter((x) => x.v === 'safe').length;
  const loginErrors = set.roles.filter((r) => r.loginError);
  const skippedReasons = [
    ...set.skipped.filter((s) => spec.families.includes(s.family)).map((s) => s.reason),
    ...trials.filter((t) => t.skipped).map((t) => `${t.target}: ${t.skipped}`),
  ];

  if (vulnerable.length) {
    const groups = new Map<string, Trial[]>();
    for (const t of vulnerable) groups.set(spec.groupKey(t), [...(groups.get(spec.groupKey(t)) ?? []), t]);
    const findings = [...groups.values()].map(spec.finding);
    const onlyInfo = findings.every((f) => f.severity === 'info');
    return { status: onlyInfo ? 'warn' : 'fail', findings };
  }
  const down = lost.filter((x) => x.u.kind === 'target-down');
  if (down.length) {
    return { status: 'error', reason: `${shortfall(down.map((x) => x.u))}: ${down.length} of ${trials.length} trials could not be judged` };
  }
  const loginNote = loginErrors.map((r) => `${r.name}: ${r.loginError}`).join('; ');
  if (loginErrors.length && spec.needsAllRoles !== false) {
    return { status: 'error', reason: `login failed, so not every role could be tested (${loginNote})` };
  }
  if (safe === 0 && lost.length === 0) {
    const reasons = [...new Set(skippedReasons)];
    const inconclusive = verdicts.length;
    // Probed, but nothing the check could call safe or vulnerable: say which, never "not probed".
    if (inconclusive) reasons.unshift(`${inconclusive} call${inconclusive === 1 ? '' : 's'} could not be judged (no working baseline, or the effect could not be read back)`);
    else if (run.length && reasons.length === 0) reasons.push(spec.nothingToJudge ?? 'nothing to judge: every call made was a baseline by an allowed caller');
    if (reasons.length === 0) return { status: 'not-tested', reason: 'not probed in this run' };
    return { status: 'not-tested', reason: reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? ` (+${reasons.length - 3} more)` : '') };
  }
  const parts = [`${safe} ${spec.passNote}`];
  const inconclusive = verdicts.filter((x) => x.v === 'inconclusive').length;
  if (inconclusive) parts.push(`${inconclusive} inconclusive (no baseline)`);
  if (skippedReasons.length) parts.push(`${skippedReasons.length} not tested`);
  return {
    status: 'pass',
    reason: parts.join('; '),
    judged: safe,
    of: safe + lost.length,
    unit: 'trials',
    ...(lost.length ? { shortfall: shortfall(lost.map((x) => x.u)) } : {}),
  };
}

export function step(t: Trial, label: string): HttpExchange | undefined {
  return t.steps.find((s) => s.label === label)?.exchange;
}

/** Evidence items for every step of a trial, first one with a longer excerpt. */
export function stepsEvidence(t: Trial, bodyChars = 300): EvidenceItem[] {
  return t.steps.map((s, i) => httpEvidence(`${s.label}: ${statusLine(s.exchange)}`, s.exchange, i === 0 ? 600 : bodyChars));
}

/** The curl of the trial's attack step (or its first step). */
export function reproduce(t: Trial, label = 'attack'): string | undefined {
  const ex = step(t, label) ?? t.steps[0]?.exchange;
  return ex ? curlFor(ex) : undefined;
}

export function url(t: Trial, label = 'attack'): string | undefined {
  return (step(t, label) ?? t.steps[0]?.exchange)?.request.url;
}

export const list = (xs: string[]): string => {
  const u = [...new Set(xs)];
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} and ${u.at(-1)}`;
};
