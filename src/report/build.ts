// Assembles the versioned report from check results. Every count, score and
// the verdict are computed here once; renderers only read them.
import type { AccessProbeSet } from '../evidence/access-types.js';
import type { Evidence, Gathered, RunContext } from '../evidence/types.js';
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
  type Status,
  type Triage,
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
  /** All the evidence, for the handover document and release checklist (issue 15). */
  evidence?: Partial<Evidence>;
}

function countStatuses(checks: readonly CheckResult[]): Record<Status, number> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const c of checks) counts[c.status]++;
  return counts;
}

export function buildReport(input: BuildReportInput): Report {
  const { ctx, checks } = input;
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
  const verdict = blocking === 0 ? 'ready' : 'not-ready';
  // The verdict counts fixes (one change each), not findings (issue 15).
  const fixes = groupFixes(checks);
  const fixCounts = countFixes(fixes);
  const verdictLine = fixVerdictLine(verdict === 'ready', fixCounts);
  const now = input.now ?? new Date();
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'launchready', version: input.version },
    generatedAt: now.toISOString(),
    project: { name: ctx.projectName, stage: ctx.profile, productType: ctx.productType },
    target: { environment: ctx.environment, appUrl: ctx.appUrl, apiUrl: ctx.apiUrl },
    verdict,
    verdictLine,
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
    ...withDeliverables(checks, input.accessEvidence),
    fixes,
    fixCounts,
    ...buildHandoverDocuments({ checks, fixes, evidence: input.evidence, map: input.map, project: ctx.projectName, now }),
  };
}

function withDeliverables(checks: CheckResult[], access: Gathered<AccessProbeSet> | undefined): Pick<Report, 'deliverables'> {
  const deliverables = buildDeliverables(checks, access);
  return deliverables ? { deliverables } : {};
}
