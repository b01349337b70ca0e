// The report as a person reads it in a terminal right after a run: verdict
// first, then what to fix in order, then the per-stage detail. Colour is a
// parameter (not auto-detected here) so piped and file output stay plain.
import pc from 'picocolors';
import { TRIAGES, type CheckResult, type Finding, type Fix, type Report, type Severity, type Status, type Triage } from '../model.js';
import {
  DOCS_NOTE,
  STATUS_LABEL,
  STATUS_SYMBOL,
  TRIAGE_LABEL,
  TRIAGE_MEANING,
  VERDICT_HINT,
  checkHeadline,
  coverageCounts,
  operationLines,
  familyLabel,
  gapLine,
  problemLine,
  checksOfStage,
  findingWhere,
  findingsByTriage,
  formatScore,
  projectLine,
  type FindingRow,
} from './common.js';
import { mapStrings, stripTerminalControls } from './escape.js';

export interface TerminalOptions {
  color: boolean;
  /**
   * Prints every finding and every check (with evidence excerpts,
   * reproductions, pass reasons, the deliverables and the request ledger).
   * Without it the terminal shows the verdict, the coverage and the fix list.
   */
  verbose?: boolean;
  /** Report files written by this run, named at the end as "the full report". */
  reportFiles?: string[];
}

type Colors = ReturnType<typeof pc.createColors>;

const INDENT = '    ';
const SEVERITY_WIDTH = 8;

function severityColor(c: Colors, s: Severity): (t: string) => string {
  if (s === 'critical') return (t) => c.bold(c.red(t));
  if (s === 'high') return c.red;
  if (s === 'medium') return c.yellow;
  if (s === 'low') return c.cyan;
  return c.dim;
}

function statusColor(c: Colors, s: Status): (t: string) => string {
  if (s === 'pass') return c.green;
  if (s === 'fail') return c.red;
  if (s === 'warn') return c.yellow;
  if (s === 'error') return c.magenta;
  return c.dim;
}

// Multi-line excerpts keep their shape but line up under the finding.
const indentBlock = (text: string, prefix: string): string =>
  text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');

function renderFinding(c: Colors, row: FindingRow, verbose: boolean): string[] {
  const f = row.finding;
  const sev = severityColor(c, f.severity)(f.severity.toUpperCase().padEnd(SEVERITY_WIDTH));
  const accepted = f.accepted ? ` ${c.dim('[accepted]')}` : '';
  const lines = [`  ${sev}  ${c.bold(f.title)}  ${c.dim(`(${f.checkId})`)}${accepted}`];
  const where = findingWhere(f);
  const first = f.evidence[0]?.summary;
  const context = [where, first].filter((x): x is string => Boolean(x)).join(' · ');
  if (context) lines.push(`${INDENT}${context}`);
  if (verbose) {
    for (const [i, e] of f.evidence.entries()) {
      if (i > 0) lines.push(`${INDENT}${e.summary}`);
      if (e.excerpt) lines.push(c.dim(indentBlock(e.excerpt, `${INDENT}│ `)));
    }
    if (f.reproduction) lines.push(`${INDENT}${c.dim('reproduce:')} ${f.reproduction}`);
  }
  lines.push(`${INDENT}${c.green('→')} ${f.remediation}`);
  return lines;
}

/** The coverage block: the target's own problems once, then each stage and family with what kept checks from running. */
function renderCoverage(c: Colors, report: Report): string[] {
  const cov = report.coverage;
  const out = ['', c.bold(c.underline('Coverage'))];
  if (cov.incompleteBecause.length) out.push(`  ${c.yellow('Not verified:')} ${cov.incompleteBecause.join('; ')}`);
  for (const p of cov.targetProblems) {
    out.push(`  ${c.magenta('⚠')} ${problemLine(p)}`);
    if (p.unlock) out.push(`${INDENT}${c.green('→')} ${p.unlock}`);
  }
  for (const line of operationLines(cov)) out.push(`  ${line}`);
  const width = Math.max(0, ...cov.families.map((f) => familyLabel(f).length));
  for (const f of cov.families) {
    out.push(`  ${familyLabel(f).padEnd(width)}  ${c.dim(coverageCounts(f))}`);
    for (const g of f.gaps) {
      out.push(`${INDENT}${statusColor(c, g.status)(STATUS_SYMBOL[g.status])} ${gapLine(g)}`);
      if (g.unlock) out.push(`${INDENT}  ${c.green('→')} ${g.unlock}`);
    }
  }
  return out;
}

function renderCheck(c: Colors, check: CheckResult, verbose: boolean): string {
  const symbol = statusColor(c, check.status)(STATUS_SYMBOL[check.status]);
  const showReason = check.reason && (check.status !== 'pass' || verbose);
  const reason = showReason ? c.dim(` — ${STATUS_LABEL[check.status]}: ${check.reason}`) : '';
  return `  ${symbol} ${checkHeadline(check)} ${c.dim(`(${check.id})`)}${reason}`;
}

export function renderTerminal(input: Report, opts: TerminalOptions): string {
  // Report text comes from scanned servers and repositories; it must not be
  // able to emit its own escape sequences.
  const report = mapStrings(input, stripTerminalControls);
  const c = pc.createColors(opts.color);
  const verbose = opts.verbose ?? false;
  const out: string[] = [];
  const s = report.summary;

  out.push(c.dim(`launchready ${report.tool.version}`));
  out.push(`${c.bold('Project')}      ${projectLine(report)}`);
  const urls = [report.target.appUrl, report.target.apiUrl].filter(Boolean).join('  ');
  out.push(`${c.bold('Environment')}  ${report.target.environment}${urls ? `  ${c.dim(urls)}` : ''}`);
  out.push(`${c.bold('Generated')}    ${report.generatedAt}`);
  out.push('');

  // Padded and inverted so the verdict reads as a banner, not just another line.
  const banner = ` ${report.verdictLine} `;
  const paint = report.verdict === 'ready' ? c.bgGreen : report.verdict === 'incomplete' ? c.bgYellow : c.bgRed;
  out.push(c.bold(paint(report.verdict === 'incomplete' ? c.black(banner) : c.white(banner))));
  out.push(c.dim(VERDICT_HINT[report.verdict]));
  out.push('');
  out.push(`${countsLine(report, c)}   Score ${c.bold(formatScore(report.score))}`);
  out.push(
    c.dim(
      `Checks: ${(Object.keys(STATUS_SYMBOL) as Status[])
        .map((st) => `${s.checks[st]} ${STATUS_LABEL[st]}`)
        .join(', ')}`,
    ),
  );
  if (report.selection) out.push(c.dim(`Only: ${report.selection.only.join(', ')} (${report.selection.checks.length} checks)`));

  // Verdict, coverage, fix list, where the full report is; --verbose goes on with every finding and check.
  out.push(...renderCoverage(c, report));
  if (report.fixes) out.push(...renderFixes(c, report, verbose));
  if (!verbose && report.fixes) {
    out.push('', ...whereIsTheReport(c, opts.reportFiles));
    return out.join('\n') + '\n';
  }

  out.push('', c.bold(c.underline('Risk list')));
  const groups = findingsByTriage(report);
  for (const t of TRIAGES) {
    out.push('', `${c.bold(TRIAGE_LABEL[t])} (${groups[t].length}) ${c.dim(`— ${TRIAGE_MEANING[t]}`)}`);
    if (groups[t].length === 0) out.push(c.dim('  nothing here'));
    for (const row of groups[t]) out.push(...renderFinding(c, row, verbose));
  }

  out.push('', c.bold(c.underline('Stages')));
  for (const st of report.stages) {
    const checks = checksOfStage(report, st.stage);
    out.push('', `${c.bold(`Stage ${st.stage}  ${st.name}`)}  ${c.dim(`score ${formatScore(st.score)}`)}`);
    if (checks.length === 0) out.push(c.dim('  no checks ran in this stage'));
    for (const check of checks) out.push(renderCheck(c, check, verbose));
  }

  if (report.deliverables) {
    const mark = (st: string) => (st === 'verified' || st === 'pass' ? c.green('✓') : st === 'violated' || st === 'fail' ? c.red('✗') : c.dim('○'));
    out.push('', c.bold(c.underline('Auth rules in plain English')));
    if (report.deliverables.authRules.length === 0) out.push(c.dim('  no access rules were probed'));
    for (const r of report.deliverables.authRules) {
      out.push(`  ${mark(r.status)} ${r.rule} ${c.dim(`— ${r.status}`)}`);
      if (verbose || r.status === 'violated') out.push(c.dim(`      ${r.observed}`));
    }
    out.push('', c.bold(c.underline('Red-team checklist')));
    for (const r of report.deliverables.redTeam) {
      out.push(`  ${mark(r.status)} ${r.attack} ${c.dim(`(${r.checkId})`)}`);
      if (r.status !== 'pass' || verbose) out.push(c.dim(`      ${r.detail}`));
    }
  }

  if (report.notes.length) {
    out.push('', c.bold(c.underline('Notes')));
    for (const n of report.notes) out.push(`  • ${n}`);
  }

  if (verbose && report.ledger.length) {
    out.push('', c.bold(c.underline(`Request ledger (${report.ledger.length})`)));
    for (const l of report.ledger) {
      const status = l.status === null ? c.red(l.error ?? 'no response') : String(l.status);
      out.push(`  ${String(l.seq).padStart(3)}  ${l.method.padEnd(6)} ${l.url}  ${c.dim(l.role)}  ${status}  ${c.dim(`${l.durationMs} ms`)}`);
    }
  }

  out.push('', c.dim(DOCS_NOTE));
  if (opts.reportFiles?.length) out.push('', ...whereIsTheReport(c, opts.reportFiles));
  out.push('');
  return out.join('\n');
}

/** "Fix first 19 fixes (82 findings) · Launch now …": open fixes when the report has them, findings otherwise. */
function countsLine(report: Report, c: Colors): string {
  const s = report.summary;
  const fc = report.fixCounts;
  const accepted = `Accepted ${c.bold(String(s.accepted))}`;
  if (!fc) {
    return `Fix first ${c.bold(String(s.fixFirst))} · Launch now ${c.bold(String(s.launchNow))} · Defer ${c.bold(String(s.defer))} · ${accepted}`;
  }
  const part = (t: Triage) => `${TRIAGE_LABEL[t]} ${c.bold(plural(fc[t].fixes, 'fix', 'fixes'))} (${plural(fc[t].findings, 'finding', 'findings')})`;
  return `${TRIAGES.map(part).join(' · ')} · ${accepted}`;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

// Under each fix, this many of its findings are named; the rest are counted.
const INSTANCES_SHOWN = 3;

function renderFixes(c: Colors, report: Report, verbose: boolean): string[] {
  const byFingerprint = new Map(report.checks.flatMap((ch) => ch.findings.map((f) => [f.fingerprint, f] as const)));
  const out: string[] = ['', c.bold(c.underline(`Fix list (${report.fixes!.length})`))];
  let n = 0;
  for (const t of TRIAGES) {
    const fixes = report.fixes!.filter((f) => f.triage === t && !f.accepted);
    if (fixes.length === 0) continue;
    out.push('', `${c.bold(TRIAGE_LABEL[t])} ${c.dim(`— ${TRIAGE_MEANING[t]}`)}`);
    for (const fix of fixes) out.push(...renderFix(c, fix, ++n, byFingerprint, verbose));
  }
  const accepted = report.fixes!.filter((f) => f.accepted);
  if (accepted.length) {
    out.push('', `${c.bold('Accepted')} ${c.dim('— in the baseline: known, not blocking')}`);
    for (const fix of accepted) out.push(`  ${c.dim('·')} ${fix.title} ${c.dim(`(${plural(fix.findings.length, 'finding', 'findings')})`)}`);
  }
  if (n === 0 && accepted.length === 0) out.push(c.dim('  nothing to fix'));
  return out;
}

function renderFix(c: Colors, fix: Fix, n: number, byFingerprint: Map<string, Finding>, verbose: boolean): string[] {
  const sev = severityColor(c, fix.severity);
  const count = plural(fix.findings.length, 'finding', 'findings');
  const lines = [`  ${sev(`${n}.`)} ${c.bold(fix.title)}  ${c.dim(`${fix.size} · ${count}`)}`];
  lines.push(`${INDENT}${fix.change}`);
  lines.push(`${INDENT}${c.dim('where:')} ${[fix.place, ...fix.where].join(' · ')}`);
  const shown = verbose ? fix.findings : fix.findings.slice(0, INSTANCES_SHOWN);
  for (const fp of shown) {
    const f = byFingerprint.get(fp);
    if (f) lines.push(`${INDENT}${c.dim('-')} ${f.title}${f.triage !== fix.triage ? c.dim(` (${TRIAGE_LABEL[f.triage].toLowerCase()})`) : ''}`);
  }
  if (fix.findings.length > shown.length) lines.push(`${INDENT}${c.dim(`- and ${fix.findings.length - shown.length} more (--verbose lists them)`)}`);
  lines.push(`${INDENT}${c.green('verify:')} ${fix.verify}`);
  return lines;
}

function whereIsTheReport(c: Colors, files: readonly string[] | undefined): string[] {
  if (!files?.length) {
    return [c.dim('Full report: add --out DIR for report.html, report.md, handover.md and the rest, or --verbose to print every check here.')];
  }
  const main = files.find((f) => f.endsWith('.html')) ?? files[0]!;
  const rest = files.filter((f) => f !== main);
  return [`${c.bold('Full report:')} ${main}`, ...(rest.length ? [c.dim(`Also written: ${rest.join(', ')}`)] : [])];
}
