// Runs every check against the evidence. A check receives only what it
// declares; missing evidence becomes not-tested or error here, never a pass,
// and a check that throws becomes error with the message. A pass must rest on
// evidence: one that judged nothing, or less than it set out to judge, is
// not-tested with the share judged (passFromEvidence).
import { createHash } from 'node:crypto';
import type { Check, CheckOutcome, Judged } from '../checks/types.js';
import type { Evidence, EvidenceKey, RunContext, TargetDown } from '../evidence/types.js';
import { targetDownReason } from '../evidence/unanswered.js';
import type { CheckResult, Finding } from '../report/model.js';
import { familyOf } from '../report/families.js';
import { triage } from '../triage/table.js';

export function fingerprintFinding(checkId: string, identity: readonly string[]): string {
  return createHash('sha256').update([checkId, ...identity].join('\u0000')).digest('hex').slice(0, 24);
}

export interface RunChecksOptions {
  onCheck?: (index: number, total: number, id: string) => void;
  /** Fingerprints the team accepted (baseline). */
  accepted?: ReadonlySet<string>;
}

export function runChecks(
  checks: readonly Check[],
  evidence: Evidence,
  ctx: RunContext,
  opts: RunChecksOptions = {},
): CheckResult[] {
  const downCache = new Map<EvidenceKey, TargetDown | undefined>();
  return checks.map((check, i) => {
    opts.onCheck?.(i, checks.length, check.meta.id);
    const started = performance.now();
    const base = resultBase(check);
    const missing = missingEvidence(check.meta.requires, evidence);
    if (missing) return { ...base, ...missing, durationMs: 0 };

    let outcome: CheckOutcome;
    try {
      const input = Object.fromEntries(
        check.meta.requires.map((k) => [k, (evidence[k] as { state: 'ok'; value: unknown }).value]),
      );
      outcome = check.run(input as never, ctx);
    } catch (err) {
      return { ...base, status: 'error' as const, reason: `check crashed: ${(err as Error).message}`, durationMs: 0 };
    }
    const durationMs = Math.round(performance.now() - started);
    if (outcome.status === 'pass') {
      // A pass that does not count what it judged cannot say it judged nothing the dead target failed to answer.
      const down = outcome.judged === undefined ? downIn(check.meta.requires, evidence, downCache) : undefined;
      if (down) return { ...base, status: 'error' as const, reason: `${targetDownReason(down)}; this check's evidence holds requests it did not answer`, durationMs };
      return { ...base, ...passFromEvidence(outcome), durationMs };
    }
    if (outcome.status === 'not-tested' || outcome.status === 'error') {
      return { ...base, status: outcome.status, reason: outcome.reason, ...(outcome.unlock ? { unlock: outcome.unlock } : {}), durationMs };
    }
    if (outcome.status !== 'fail' && outcome.status !== 'warn') {
      return { ...base, status: outcome.status, reason: outcome.reason, durationMs };
    }
    const findings: Finding[] = dedupe(
      outcome.findings.map((f) => {
        const severity = f.severity ?? check.meta.severity;
        const fingerprint = fingerprintFinding(check.meta.id, f.identity);
        return {
          checkId: check.meta.id,
          severity,
          triage: triage(severity, ctx.profile),
          title: f.title,
          detail: f.detail,
          evidence: f.evidence,
          reproduction: f.reproduction,
          remediation: f.remediation ?? check.meta.remediation,
          location: f.location,
          fingerprint,
          accepted: opts.accepted?.has(fingerprint) ?? false,
        };
      }),
    );
    return { ...base, status: outcome.status, reason: outcome.reason, durationMs, findings };
  });
}

/**
 * The engine's rule for a pass: it says what it judged, and covers what it
 * set out to judge. Nothing judged (every host unreachable, every operation
 * skipped) is not-tested; part of it judged (the budget ran out after 2 of
 * 4,998 operations) is not-tested with the share. A pass that does not count
 * (judged undefined) stands as it is: it judged a fixed thing (a file, a record).
 */
export function passFromEvidence(outcome: { reason?: string } & Partial<Judged>): Pick<CheckResult, 'status' | 'reason' | 'judged'> {
  if (outcome.judged === undefined) return { status: 'pass', reason: outcome.reason };
  const judged = { count: outcome.judged, of: Math.max(outcome.of ?? outcome.judged, outcome.judged) };
  const unit = outcome.unit ?? 'items';
  const why = outcome.shortfall ? `: ${outcome.shortfall}` : '';
  if (judged.count === 0) {
    return { status: 'not-tested', reason: `nothing could be judged (0 of ${judged.of} ${unit})${why}`, judged };
  }
  if (judged.count < judged.of) {
    const share = Math.floor((100 * judged.count) / judged.of);
    return { status: 'not-tested', reason: `judged only ${judged.count} of ${judged.of} ${unit} (${share}%)${why}; a pass needs all of them`, judged };
  }
  return { status: 'pass', reason: outcome.reason, judged };
}

/** The first exchange marked by the liveness watch anywhere in the check's evidence (one walk per key per run). */
function downIn(requires: readonly EvidenceKey[], evidence: Evidence, cache: Map<EvidenceKey, TargetDown | undefined>): TargetDown | undefined {
  for (const key of requires) {
    if (key === 'liveness') continue;
    if (!cache.has(key)) {
      const g = evidence[key];
      cache.set(key, g?.state === 'ok' ? findTargetDown(g.value) : undefined);
    }
    const hit = cache.get(key);
    if (hit) return hit;
  }
  return undefined;
}

function findTargetDown(root: unknown): TargetDown | undefined {
  const stack: unknown[] = [root];
  let first: TargetDown | undefined;
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    const mark = (v as { targetDown?: TargetDown }).targetDown;
    if (mark && (!first || mark.seq < first.seq)) first = mark;
    for (const k in v) if (k !== 'targetDown') stack.push((v as Record<string, unknown>)[k]);
  }
  return first;
}

function resultBase(check: Check): CheckResult {
  const m = check.meta;
  return {
    id: m.id,
    stage: m.stage,
    title: m.title,
    failureTitle: m.failureTitle,
    status: 'pass',
    severity: m.severity,
    minimumBar: m.minimumBar,
    owasp: m.owasp,
    remediation: m.remediation,
    docs: `docs/checks/${m.id}.md`,
    durationMs: 0,
    findings: [],
    family: familyOf(m.requires, m.family),
  };
}

function missingEvidence(
  requires: readonly EvidenceKey[],
  evidence: Evidence,
): Pick<CheckResult, 'status' | 'reason' | 'unlock'> | undefined {
  // An error outranks not-tested: something broke and the user must know.
  const missing = { state: 'not-tested', reason: 'not gathered in this run' } as const;
  for (const state of ['error', 'not-tested'] as const) {
    for (const key of requires) {
      const g = evidence[key] ?? missing;
      if (g.state === state) return { status: state, reason: `${key}: ${g.reason}`, ...('unlock' in g && g.unlock ? { unlock: g.unlock } : {}) };
    }
  }
  return undefined;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => (seen.has(f.fingerprint) ? false : (seen.add(f.fingerprint), true)));
}
