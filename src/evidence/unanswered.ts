// Why a request the judgement needed got no answer: the target had gone down,
// the budget ran out, or the network failed. Such a request is never evidence
// of safety (a refused connection is not a refused request); checks count it
// as not judged, and the engine turns a pass that judged less than it
// claims into not-tested or error.
import type { HttpExchange } from './types.js';

export type Unanswered = { kind: 'target-down' | 'budget' | 'excluded' | 'slow' | 'network'; reason: string };

const BUDGET = /^not sent: (request|time) budget/;
const EXCLUDED = /^not sent: excluded \((.*)\)$/;
const SLOW = /^not sent: (\S+ \S+) timed out twice/;

export function unanswered(ex: HttpExchange | undefined): Unanswered | undefined {
  if (!ex) return undefined;
  if (ex.targetDown) return { kind: 'target-down', reason: targetDownReason(ex.targetDown) };
  if (ex.response) return undefined;
  if (ex.error && BUDGET.test(ex.error)) return { kind: 'budget', reason: 'the budget ran out' };
  const excluded = ex.error ? EXCLUDED.exec(ex.error) : null;
  if (excluded) return { kind: 'excluded', reason: `an excluded operation was not called (${excluded[1]})` };
  const slow = ex.error ? SLOW.exec(ex.error) : null;
  if (slow) return { kind: 'slow', reason: `${slow[1]} timed out twice and was skipped for the rest of the run` };
  return { kind: 'network', reason: ex.error ?? 'no answer' };
}

export function targetDownReason(d: { origin: string; seq: number; time: string }): string {
  return `${d.origin} stopped answering at request #${d.seq} (${d.time})`;
}

/** One line for several unanswered requests: distinct reasons, the first three. */
export function shortfall(list: readonly Unanswered[]): string {
  const reasons = [...new Set(list.map((u) => u.reason))];
  return reasons.slice(0, 3).join('; ') + (reasons.length > 3 ? ` (+${reasons.length - 3} more)` : '');
}
