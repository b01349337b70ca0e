// Assembles the versioned report from check results. Every count, score and
// the verdict are computed here once; renderers only read them.
import type { AccessProbeSet } from '../evidence/access-types.js';
import type { AiProbeSet } from '../evidence/ai-types.js';
import type { Evidence, Gathered, RunContext } from '../evidence/types.js';
import type { ObservedProblem } from './answer-problems.js';
import { buildCoverage } from './coverage.js';
import { buildDeliverables, buildHandoverDocuments } from './deliverables.js';
import { countFixes, fixVerdictLine, groupFixes } from '../triage/fixes.js';
import { scoreChecks } from '../triage/score.js';
import {
  SCHEMA_VERSION,
  STATUSES,
  type CheckResult,
  type DomainMapEntry,
  type EnvironmentMapEntry,
  type LedgerEntry,
  type Report,
  type Coverage,
  type Status,
  type Triage,
  type Verdict,
} from './model.js';
import { STAGE_NUMBERS, STAGES } from './stages.js';

export interface BuildReportInput {
  ctx: RunContext;
  version: string;
  checks: CheckResult[];
  map: { domains: DomainMapEntry[]; environments: EnvironmentMapEntry[] };
  ledger: LedgerEntry[];
  notes: string[];
  now?: Date;
  /** The access probes' evidence, for the deliverables (auth rules, red-team checklist). */
  accessEvidence?: Gathered<AccessProbeSet>;
  /** Problems of the target the probe engine observed (went down, budget ran out), for the coverage block. */
  problems?: ObservedProblem[];
  /** All the evidence, for the handover document and release checklist (issue 15). */
  evidence?: Partial<Evidence>;
  /** The run audited only these checks (`--only`). */
  selection?: Report['selection'];
  /** The AI red team's evidence, for its rows of the red-team checklist. */
  aiEvidence?: Gathered<AiProbeSet>;
}

function countStatuses(checks: readonly CheckResult[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of checks) counts[c.status]++;
  return counts;
}

export function buildReport(input: BuildReportInput): Report {
  const { ctx } = input;
  const { coverage, checks } = buildCoverage({ checks: input.checks, ctx, ledger: input.ledger, problems: input.problems, partial: Boolean(input.selection) });
  const findings = checks.flatMap((c) => c.findings);
  const count = (t: Triage) => findings.filter((f) => f.triage === t).length;
  // Accepted (baselined) findings are shown but do not block the verdict.
  const blocking = findings.filter((f) => f.triage === 'fix-first' && !f.accepted).length;
  const summary = {
    fixFirst: count('fix-first'),
    launchNow: count('launch-now'),
    defer: count('defer'),
    accepted: findings.filter((f) => f.accepted).length,
    checks: countStatuses(checks),
  };
  // The verdict counts fixes (one change each), not findings (issue 15).
  const fixes = groupFixes(checks);
  const fixCounts = countFixes(fixes);
  const acceptedFixFirst = findings.filter((f) => f.triage === 'fix-first' && f.accepted).length;
  const { verdict, verdictLine } = decideVerdict(coverage, blocking, summary.launchNow, fixCounts, acceptedFixFirst);
  const now = input.now ?? new Date();
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'launchready', version: input.version },
    generatedAt: now.toISOString(),
    project: { name: ctx.projectName, stage: ctx.profile, productType: ctx.productType },
    target: { environment: ctx.environment, appUrl: ctx.appUrl, apiUrl: ctx.apiUrl },
    verdict,
    verdictLine,
    coverage,
    summary,
    score: scoreChecks(checks),
    stages: STAGE_NUMBERS.map((stage) => {
      const inStage = checks.filter((c) => c.stage === stage);
      return { stage, ...STAGES[stage], score: scoreChecks(inStage), counts: countStatuses(inStage) };
    }),
    checks,
    map: input.map,
    ledger: input.ledger,
    notes: input.notes,
    ...withDeliverables(checks, input.accessEvidence, input.aiEvidence),
    fixes,
    fixCounts,
    ...(input.selection ? { selection: input.selection } : {}),
    ...buildHandoverDocuments({ checks, fixes, evidence: input.evidence, map: input.map, project: ctx.projectName, now }),
  };
}

/**
 * incomplete outranks both: a report that could not see the app (or a family
 * it needs) cannot say ready, and its "not ready" would rest on part of the
 * picture. The fix-first count still shows in the line.
 */
export function decideVerdict(
  coverage: Coverage,
  blocking: number,
  launchNow: number,
  /** Open fixes per triage: when given, the line counts fixes ("14 fixes first (75 findings)"), as issue 15 asks. */
  fixCounts?: Record<Triage, { fixes: number; findings: number }>,
  /** Fix-first findings accepted by the baseline: the line says how many (critic #10). */
  acceptedFixFirst = 0,
): { verdict: Verdict; verdictLine: string } {
  if (coverage.incompleteBecause.length) {
    const first = fixCounts?.['fix-first'];
    const count = first ? fixVerdictLine(false, fixCounts!, acceptedFixFirst).replace(/^NOT READY — /, '') : `${blocking} to fix first`;
    const also = blocking ? `; ${count}` : '';
    return { verdict: 'incomplete', verdictLine: `NOT VERIFIED — ${coverage.incompleteBecause.join('; ')}${also}` };
  }
  if (fixCounts) {
    return blocking === 0
      ? { verdict: 'ready', verdictLine: fixVerdictLine(true, fixCounts, acceptedFixFirst) }
      : { verdict: 'not-ready', verdictLine: fixVerdictLine(false, fixCounts, acceptedFixFirst) };
  }
  if (blocking === 0) {
    return { verdict: 'ready', verdictLine: `READY — nothing to fix first${launchNow ? `, ${launchNow} to fix after launch` : ''}` };
  }
  return { verdict: 'not-ready', verdictLine: `NOT READY — ${blocking} to fix first` };
}

function withDeliverables(checks: CheckResult[], access: Gathered<AccessProbeSet> | undefined, ai?: Gathered<AiProbeSet>): Pick<Report, 'deliverables'> {
  const deliverables = buildDeliverables(checks, access, ai);
  return deliverables ? { deliverables } : {};
}
