// Scores are kept apart from checks (as the HTTP Observatory keeps its points
// table apart from its tests). A stage's score is the weighted share of its
// evaluated checks that passed; a warning earns half. Checks that could not be
// evaluated (not-tested, error, not-applicable) do not count either way — the
// report shows them separately rather than hiding them in a number.
import type { CheckResult, Severity, Status } from '../report/model.js';

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 6, medium: 3, low: 1, info: 0.5 };
export const STATUS_CREDIT: Partial<Record<Status, number>> = { pass: 1, warn: 0.5, fail: 0 };

export function scoreChecks(checks: readonly CheckResult[]): number | null {
  let earned = 0;
  let possible = 0;
  for (const c of checks) {
    const credit = STATUS_CREDIT[c.status];
    if (credit === undefined) continue;
    const w = SEVERITY_WEIGHT[c.severity];
    earned += w * credit;
    possible += w;
  }
  return possible === 0 ? null : Math.round((100 * earned) / possible);
}
