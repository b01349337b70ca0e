// From gathered evidence to the report: checks, triage, baseline, masking.
// The same function serves a live audit and an offline replay.
import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { AuditRecord } from '../evidence/record.js';
import { buildReport } from '../report/build.js';
import { answerProblems } from '../report/answer-problems.js';
import { livenessProblems } from '../report/coverage.js';
import type { Report, Triage } from '../report/model.js';
import type { Redactor } from '../secrets/redactor.js';
import { maskPersonalData } from '../secrets/personal-data.js';
import { runChecks } from './run-checks.js';

export interface ReportOptions {
  version: string;
  /** Keep other people's emails, phone numbers and names in evidence excerpts (--show-personal-data). */
  showPersonalData?: boolean;
  accepted?: ReadonlySet<string>;
  redactor?: Redactor;
  onCheck?: (index: number, total: number, id: string) => void;
  /** The checks to run (`--only`); default: every registered check. */
  checks?: readonly Check[];
  /** The `--only` terms, when the run is a selection (the coverage block then does not miss what was not asked for). */
  only?: string[];
}

export function reportFromRecord(record: AuditRecord, opts: ReportOptions): Report {
  const checks = runChecks(opts.checks ?? CHECKS, record.evidence, record.ctx, { accepted: opts.accepted, onCheck: opts.onCheck });
  const report = buildReport({
    ctx: record.ctx,
    version: opts.version,
    checks,
    map: record.map,
    ledger: record.ledger,
    notes: record.notes,
    accessEvidence: record.evidence.accessProbes,
    problems: [...livenessProblems(record.evidence.liveness), ...answerProblems(record.evidence.liveness, record.evidence.httpProbes)],
    evidence: record.evidence,
    ...(opts.only ? { selection: { only: opts.only, checks: checks.map((c) => c.id) } } : {}),
    aiEvidence: record.evidence.aiProbes,
  });
  if (!opts.showPersonalData) maskPersonalDataIn(report);
  // Last line of defence: whatever a check copied into the report, no known
  // secret leaves unmasked.
  return opts.redactor ? (JSON.parse(opts.redactor.scrubReport(JSON.stringify(report))) as Report) : report;
}

/** Evidence excerpts are where other people's data lands (a leaked list, a customer record): masked in place. */
function maskPersonalDataIn(report: Report): void {
  for (const c of report.checks) {
    for (const f of c.findings) {
      for (const e of f.evidence) if (e.excerpt) e.excerpt = maskPersonalData(e.excerpt);
    }
  }
}

export type FailOn = 'fix-first' | 'launch-now' | 'never';

/**
 * The audit's exit code: 4 when the verdict is incomplete (the app or a
 * family it needs could not be tested), else the gate. --fail-on never
 * turns every gate off, this one included.
 */
export function auditExitCode(report: Report, failOn: FailOn): 0 | 1 | 4 {
  if (failOn !== 'never' && report.verdict === 'incomplete') return 4;
  return gateExitCode(report, failOn);
}

/** The CI gate: 1 when an unaccepted finding is at or above the threshold. */
export function gateExitCode(report: Report, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const gating: Triage[] = failOn === 'launch-now' ? ['fix-first', 'launch-now'] : ['fix-first'];
  const blocked = report.checks.some((c) => c.findings.some((f) => !f.accepted && gating.includes(f.triage)));
  return blocked ? 1 : 0;
}
