// Markdown for pull-request comments, wikis and handover documents. Report
// strings can hold anything (URLs, headers, file names), so every interpolated
// value goes through md() or cell(): GitHub sanitises raw HTML but other
// renderers do not, and a stray `|` would break a table row.
import { TRIAGES, type Report, type Triage } from '../model.js';
import {
  STATUS_LABEL,
  STATUS_SYMBOL,
  TRIAGE_LABEL,
  TRIAGE_MEANING,
  VERDICT_HINT,
  checkHeadline,
  coverageCounts,
  operationLines,
  gapLine,
  problemLine,
  checksOfStage,
  findingWhere,
  findingsByTriage,
  formatScore,
  projectLine,
} from './common.js';
import { docsUrl } from './docs-pages.js';

/** Inline text: HTML-significant characters as entities, markdown punctuation backslash-escaped. */
export function md(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#])/g, '\\$1');
}

/** A table cell: inline text on one line. */
export function cell(value: unknown): string {
  return md(value).replace(/\r?\n/g, '<br>');
}

const row = (cells: unknown[]): string => `| ${cells.map(cell).join(' | ')} |`;
const header = (names: string[]): string[] => [`| ${names.join(' | ')} |`, `|${names.map(() => '---').join('|')}|`];

function renderCoverage(report: Report): string[] {
  const cov = report.coverage;
  const out = ['## Coverage', ''];
  if (cov.incompleteBecause.length) out.push(`**Not verified:** ${md(cov.incompleteBecause.join('; '))}`, '');
  for (const p of cov.targetProblems) out.push(`- ⚠ ${md(problemLine(p))}${p.unlock ? ` → ${md(p.unlock)}` : ''}`);
  if (cov.targetProblems.length) out.push('');
  const ops = operationLines(cov);
  if (ops.length) out.push(...ops.map((l) => `- ${md(l)}`), '');
  out.push(...header(['Stage', 'Family', 'Checks', 'Not tested or in error']));
  for (const f of cov.families) {
    const gaps = f.gaps.map((g) => `${gapLine(g)}${g.unlock ? ` → ${g.unlock}` : ''}`).join('\n');
    out.push(row([f.stage, `${f.family}${f.required ? ' (required)' : ''}`, coverageCounts(f), gaps || '—']));
  }
  out.push('');
  return out;
}

export function renderMarkdown(report: Report): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# ${md(report.verdictLine)}`, '');
  out.push(
    `**Project:** ${md(projectLine(report))}  `,
    `**Environment:** ${md(report.target.environment)}${report.target.appUrl ? ` (${md(report.target.appUrl)})` : ''}  `,
    `**Generated:** ${md(report.generatedAt)} by launchready ${md(report.tool.version)}  `,
    `**Score:** ${formatScore(report.score)}`,
    '',
  );
  out.push(`_${md(VERDICT_HINT[report.verdict])}_`, '');
  out.push(...header(['Fix first', 'Launch now', 'Defer', 'Accepted']));
  const fc = report.fixCounts;
  // Fixes when the report has them (the verdict counts fixes; after a baseline the two agree), findings otherwise.
  const cellOf = (t: Triage, n: number) => (fc ? `${fc[t].fixes} ${fc[t].fixes === 1 ? 'fix' : 'fixes'} (${fc[t].findings} findings)` : n);
  out.push(row([cellOf('fix-first', s.fixFirst), cellOf('launch-now', s.launchNow), cellOf('defer', s.defer), `${s.accepted} findings`]), '');
  out.push(...renderCoverage(report));

  if (report.fixes) {
    out.push('## Fix list', '');
    const open = report.fixes.filter((f) => !f.accepted);
    if (open.length === 0) out.push('Nothing to fix.', '');
    else {
      out.push(...header(['#', 'Fix', 'Triage', 'Size', 'Findings', 'Where', 'Verify']));
      open.forEach((f, i) =>
        out.push(row([i + 1, `${f.title}: ${f.change}`, TRIAGE_LABEL[f.triage], f.size, f.findings.length, [f.place, ...f.where].join(' · '), f.verify])),
      );
      out.push('');
    }
  }

  out.push('## Risk list', '');
  const groups = findingsByTriage(report);
  for (const t of TRIAGES) {
    out.push(`### ${TRIAGE_LABEL[t]} (${groups[t].length})`, '', `_${TRIAGE_MEANING[t]}_`, '');
    if (groups[t].length === 0) {
      out.push('Nothing here.', '');
      continue;
    }
    out.push(...header(['Severity', 'Finding', 'Where', 'Fix']));
    for (const { finding: f } of groups[t]) {
      const title = `${f.title} (${f.checkId})${f.accepted ? ' — accepted' : ''}`;
      out.push(row([f.severity, title, findingWhere(f) ?? '—', f.remediation]));
    }
    out.push('');
  }

  out.push('## Domains and environments', '', '### Domains', '');
  if (report.map.domains.length === 0) out.push('No domains configured.');
  else {
    out.push(...header(['Host', 'Role', 'Environments', 'Points to']));
    for (const d of report.map.domains) out.push(row([d.name, d.role, d.environments.join(', ') || '—', d.points?.join(', ') || '—']));
  }
  out.push('', '### Environments', '');
  if (report.map.environments.length === 0) out.push('No environments configured.');
  else {
    out.push(...header(['Environment', 'App URL', 'API URL', 'Writes allowed', 'Env files', 'Audited']));
    for (const e of report.map.environments) {
      out.push(row([e.name, e.appUrl ?? '—', e.apiUrl ?? '—', e.allowWrites ? 'yes' : 'no', e.envFiles.join(', ') || '—', e.audited ? 'yes' : 'no']));
    }
  }
  out.push('');

  out.push('## Checks by stage', '');
  for (const st of report.stages) {
    out.push(`### Stage ${st.stage}: ${md(st.name)} — ${formatScore(st.score)}`, '', `_${md(st.question)}_`, '');
    const checks = checksOfStage(report, st.stage);
    if (checks.length === 0) {
      out.push('No checks ran in this stage.', '');
      continue;
    }
    out.push(...header(['Status', 'Check', 'Reason']));
    for (const c of checks) {
      const seeRisks = c.findings.length ? `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'} in the risk list` : '';
      out.push(row([`${STATUS_SYMBOL[c.status]} ${STATUS_LABEL[c.status]}`, `${checkHeadline(c)} (${c.id})`, [c.reason, seeRisks].filter(Boolean).join('; ')]));
    }
    out.push('');
  }

  if (report.deliverables) {
    const mark: Record<string, string> = { verified: '✓ verified', violated: '✗ violated', untested: '○ untested', pass: '✓ pass', fail: '✗ fail', 'not-tested': '○ not tested' };
    out.push('## Auth rules in plain English', '');
    if (report.deliverables.authRules.length === 0) out.push('No access rules were probed.');
    else {
      out.push(...header(['Status', 'Rule', 'Observed']));
      for (const r of report.deliverables.authRules) out.push(row([mark[r.status] ?? r.status, r.rule, r.observed]));
    }
    out.push('', '## Red-team checklist', '');
    out.push(...header(['Result', 'Attack', 'Check', 'Detail']));
    for (const r of report.deliverables.redTeam) out.push(row([mark[r.status] ?? r.status, r.attack, r.checkId, r.detail]));
    out.push('');
  }

  if (report.notes.length) {
    out.push('## Notes', '', ...report.notes.map((n) => `- ${md(n)}`), '');
  }

  out.push(
    '## Rerun',
    '',
    'After fixing, run `launchready audit --out <dir>` again (`--format markdown` writes this file alone). ' +
      'To accept the remaining findings as known, run `launchready baseline --from-report report.json`. ' +
      `Each check is explained at ${docsUrl('docs/checks/')}<check-id>.md; \`report.json\` holds the full data this page was made from.`,
    '',
  );
  return out.join('\n');
}
