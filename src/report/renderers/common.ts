// Display helpers shared by the renderers. They only group and order what the
// report already holds; counts, scores and triage come from the report itself.
import { SEVERITIES, TRIAGES } from '../model.js';
import type { CheckResult, Coverage, CoverageFamily, CoverageGap, Finding, Report, Stage, Status, TargetProblem, Triage, Verdict } from '../model.js';

export const TRIAGE_LABEL: Record<Triage, string> = {
  'fix-first': 'Fix first',
  'launch-now': 'Launch now',
  defer: 'Defer',
};

/** Plain words for a non-engineer deciding whether to launch. */
export const TRIAGE_MEANING: Record<Triage, string> = {
  'fix-first': 'Must be fixed before customers get access.',
  'launch-now': 'Safe to launch; fix in the first weeks.',
  defer: 'Fine for now; revisit as you grow.',
};

export const STATUS_SYMBOL: Record<Status, string> = {
  pass: '✔',
  fail: '✖',
  warn: '!',
  'not-applicable': '–',
  'not-tested': '?',
  error: '⚠',
};

export const STATUS_LABEL: Record<Status, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warning',
  'not-applicable': 'not applicable',
  'not-tested': 'not tested',
  error: 'error',
};

export interface FindingRow {
  finding: Finding;
  check: CheckResult;
}

const severityRank = (f: Finding): number => SEVERITIES.indexOf(f.severity);

/** Findings per triage bucket, worst severity first; report order breaks ties (the sort is stable). */
export function findingsByTriage(report: Report): Record<Triage, FindingRow[]> {
  const groups = Object.fromEntries(TRIAGES.map((t) => [t, [] as FindingRow[]])) as Record<Triage, FindingRow[]>;
  for (const check of report.checks) {
    for (const finding of check.findings) groups[finding.triage].push({ finding, check });
  }
  for (const t of TRIAGES) groups[t].sort((a, b) => severityRank(a.finding) - severityRank(b.finding));
  return groups;
}

/** "path:line", the URL, or undefined when the finding has no location. */
export function findingWhere(f: Finding): string | undefined {
  const loc = f.location;
  if (!loc) return undefined;
  if (loc.path) return loc.line ? `${loc.path}:${loc.line}` : loc.path;
  return loc.url;
}

/** A failing check reads better as the problem ("An env file is committed") than as the goal. */
export function checkHeadline(c: CheckResult): string {
  return c.status === 'fail' || c.status === 'warn' ? c.failureTitle : c.title;
}

export function checksOfStage(report: Report, stage: Stage): CheckResult[] {
  return report.checks.filter((c) => c.stage === stage);
}

export function formatScore(score: number | null): string {
  return score === null ? 'n/a' : `${score}/100`;
}

export function projectLine(report: Report): string {
  const p = report.project;
  return `${p.name} (${p.stage}, ${p.productType})`;
}

export const DOCS_NOTE = 'Every check is explained in docs/checks/<check-id>.md; each finding links its page.';

/** What each verdict means for the person deciding, under the verdict line. */
export const VERDICT_HINT: Record<Verdict, string> = {
  ready: 'Nothing blocks the launch. The items below are worth fixing, in the order shown.',
  'not-ready': 'Some problems must be fixed before customers get access. They are listed first below.',
  incomplete: 'launchready could not test enough of the app to give a verdict. Coverage below says what was missing and how to unlock it.',
};

/**
 * "3 passed · 1 failed · 22 not tested · 0 errors" (warnings count as failed,
 * not-applicable is left out); a family whose every check does not apply says
 * so, rather than a row of zeros that reads like nothing was tried.
 */
export function coverageCounts(f: CoverageFamily): string {
  const c = f.counts;
  if (c.pass + c.fail + c.warn + c['not-tested'] + c.error === 0 && c['not-applicable'] > 0) return `does not apply (${c['not-applicable']} check${c['not-applicable'] === 1 ? '' : 's'})`;
  return `${c.pass} passed · ${c.fail + c.warn} failed · ${c['not-tested']} not tested · ${c.error} error${c.error === 1 ? '' : 's'}`;
}

/** "Operations: 12, from har owner.har, viewer.har and policy" and, when both a document and recordings were given, those the document lacks. */
export function operationLines(cov: Coverage): string[] {
  const o = cov.operations;
  if (!o) return [];
  const out = [`Operations: ${o.count}, from ${o.sources.join(' and ')}`];
  if (o.undocumented.length) out.push(`${o.undocumented.length} seen in the recordings but missing from the API document: ${o.undocumented.join(', ')}`);
  return out;
}

/** "22 not tested: no OpenAPI document → set api.openapi" */
export function gapLine(g: CoverageGap): string {
  const n = g.checks.length;
  return `${n} ${g.status === 'error' ? (n === 1 ? 'error' : 'errors') : 'not tested'}: ${g.reason}`;
}

/** The problem, where it started, and what to do about it when there is a setting for it. */
export function problemLine(p: TargetProblem): string {
  const first = p.firstSeq !== undefined ? ` (first at request #${p.firstSeq}${p.firstTime ? `, ${p.firstTime}` : ''})` : '';
  return `${p.summary}${first}`;
}

/** "Stage 2 · access control" */
export const familyLabel = (f: CoverageFamily): string => `Stage ${f.stage} · ${f.family}${f.required ? ' (required)' : ''}`;
