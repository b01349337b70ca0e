// A check is one file: metadata plus a pure function from the evidence it
// declares to an outcome. The runner hands it only that evidence, already
// unwrapped; if any of it is missing, the runner records not-tested or error
// without calling the check at all.
import type { EvidenceItem, FindingLocation, Severity, Stage } from '../report/model.js';
import type { EvidenceKey, EvidenceValue, RunContext } from '../evidence/types.js';

export interface CheckMeta<K extends EvidenceKey = EvidenceKey> {
  /** Noun phrase for the failing state; equals the file name. */
  id: string;
  stage: Stage;
  /** Shown when it passes. */
  title: string;
  /** Shown when it fails. */
  failureTitle: string;
  /** Default severity of its findings. */
  severity: Severity;
  /** The launch minimum-bar item this check proves. */
  minimumBar: string;
  /** OWASP API Security Top 10 (2023) id, where one applies. */
  owasp?: string;
  remediation: string;
  requires: readonly K[];
  /** The coverage-block family, when not the one of its first required evidence (src/report/families.ts). */
  family?: string;
}

export interface FindingInput {
  title: string;
  detail: string;
  evidence: EvidenceItem[];
  severity?: Severity;
  reproduction?: string;
  location?: FindingLocation;
  /** What makes this finding itself: e.g. [method, path template]. Never a line number alone. */
  identity: string[];
  /** Overrides the check's remediation for this finding. */
  remediation?: string;
}

/**
 * What a pass judged: `judged` things (hosts, operations, trials, files) out
 * of `of` it set out to judge. The engine turns a pass that judged nothing
 * into not-tested, and one that judged less than it claims into not-tested
 * with the share (src/engine/run-checks.ts): a pass must rest on evidence.
 */
export interface Judged {
  judged: number;
  /** Defaults to judged. */
  of?: number;
  /** What was counted, plural: "hosts", "operations", "trials". */
  unit?: string;
  /** Why the rest was not judged (budget ran out, target went down), for the not-tested reason. */
  shortfall?: string;
}

export type CheckOutcome =
  | ({ status: 'pass'; reason?: string } & Partial<Judged>)
  | { status: 'not-applicable'; reason: string }
  /** The evidence arrived but cannot decide the question (e.g. no baseline call succeeded). */
  | { status: 'not-tested' | 'error'; reason: string; unlock?: string }
  | { status: 'fail' | 'warn'; reason?: string; findings: FindingInput[] };

export type EvidenceFor<K extends EvidenceKey> = { [P in K]: EvidenceValue<P> };

export interface Check<K extends EvidenceKey = EvidenceKey> {
  meta: CheckMeta<K>;
  run(evidence: EvidenceFor<K>, ctx: RunContext): CheckOutcome;
}

/** Identity helper that keeps K inferred from `requires`. */
export function defineCheck<K extends EvidenceKey>(check: Check<K>): Check<K> {
  return check;
}
