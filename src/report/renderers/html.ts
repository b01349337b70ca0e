// One self-contained HTML file a founder can open from an email attachment:
// inline CSS, no scripts, fonts, images or network. A Content-Security-Policy
// forbids every fetch and script, so even a missed escape could not run code
// or phone home. Every interpolated value goes through h().
import { TRIAGES, type CheckResult, type Finding, type Report, type Status, type Triage } from '../model.js';
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
  type FindingRow,
} from './common.js';
import { escapeHtml as h } from './escape.js';
import { checkPage, docsUrl, markdownToHtml } from './docs-pages.js';
import { renderChecklistHtml, renderFixesHtml, renderHandoverHtml, table } from './html-deliverables.js';
import { HTML_STYLE } from './html-style.js';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

// Docs links are normally relative paths; anything with a scheme other than
// http(s) (javascript:, data:) is shown as text rather than made clickable.
function safeHref(url: string): string | undefined {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  return scheme === undefined || scheme === 'http' || scheme === 'https' ? url : undefined;
}

// "Read more" opens the check's page embedded at the end of this file (works
// offline); the absolute URL is there for readers online.
const docsLink = (checkId: string, docs: string): string => {
  const href = safeHref(docsUrl(docs));
  const online = href ? `<a class="online" href="${h(href)}">${h(docsUrl(docs))}</a>` : `<code>${h(docs)}</code>`;
  return checkPage(checkId) !== undefined ? `<a class="embedded" href="#doc-${h(checkId)}">the ${h(checkId)} page</a> (online: ${online})` : online;
};

const statusBadge = (s: Status): string => `<span class="badge status-${s}">${STATUS_SYMBOL[s]} ${h(STATUS_LABEL[s])}</span>`;

function renderFinding(row: FindingRow, id: string): string {
  const f = row.finding;
  const where = findingWhere(f);
  const evidence = f.evidence
    .map((e) => `<li><p>${h(e.summary)}</p>${e.excerpt ? `<pre>${h(e.excerpt)}</pre>` : ''}</li>`)
    .join('');
  return `<details class="finding sev-${f.severity}${f.accepted ? ' accepted' : ''}" id="${id}" data-fingerprint="${h(f.fingerprint)}">
<summary><span class="badge sev-${f.severity}">${h(f.severity)}</span> <span class="title">${h(f.title)}</span>${
    f.accepted ? ' <span class="badge accepted" title="In the team baseline: known and accepted, does not block the launch">accepted</span>' : ''
  } <code class="check-id">${h(f.checkId)}</code></summary>
<div class="body">
<p class="detail">${h(f.detail)}</p>
<dl>
${where ? `<dt>Where</dt><dd><code>${h(where)}</code></dd>` : ''}
<dt>Check</dt><dd>${h(row.check.title)} <span class="muted">(stage ${row.check.stage})</span></dd>
</dl>
${evidence ? `<h4>Evidence</h4><ul class="evidence">${evidence}</ul>` : ''}
${f.reproduction ? `<h4>Reproduce</h4><pre class="repro">${h(f.reproduction)}</pre>` : ''}
<h4>Fix</h4><p class="fix">${h(f.remediation)}</p>
<p class="docs">Read more: ${docsLink(row.check.id, row.check.docs)}</p>
</div>
</details>`;
}

function renderHeader(report: Report): string {
  const s = report.summary;
  const card = (cls: string, n: number | string, label: string, hint: string) =>
    `<div class="card ${cls}"><span class="n">${h(n)}</span><span class="label">${h(label)}</span><span class="hint">${h(hint)}</span></div>`;
  // With fixes, the cards count open fixes (and the findings they close), as the verdict does: after a baseline they agree.
  const fc = report.fixCounts;
  const bucket = (t: Triage, findings: number) =>
    fc
      ? card(t, fc[t].fixes, `${TRIAGE_LABEL[t]}: ${fc[t].fixes === 1 ? 'fix' : 'fixes'}`, `${fc[t].findings} open finding${fc[t].findings === 1 ? '' : 's'}. ${TRIAGE_MEANING[t]}`)
      : card(t, findings, TRIAGE_LABEL[t], TRIAGE_MEANING[t]);
  const target = [report.target.appUrl, report.target.apiUrl].filter(Boolean).map((u) => `<code>${h(u)}</code>`).join(' ');
  return `<header>
<p class="meta">Project <b>${h(report.project.name)}</b> <span class="muted">(${h(report.project.stage)}, ${h(report.project.productType)})</span> · Environment <b>${h(report.target.environment)}</b> ${target} · Generated <time datetime="${h(report.generatedAt)}">${h(report.generatedAt)}</time></p>
<h1 id="verdict" class="verdict ${report.verdict}" data-verdict="${report.verdict}">${h(report.verdictLine)}</h1>
<p class="verdict-hint">${h(VERDICT_HINT[report.verdict])}</p>
${renderCoverage(report)}
<div class="cards">
${bucket('fix-first', s.fixFirst)}
${bucket('launch-now', s.launchNow)}
${bucket('defer', s.defer)}
${card('accepted', s.accepted, 'Accepted', 'Known and accepted by the team; shown, not blocking.')}
${card('score', formatScore(report.score), 'Score', 'Share of evaluated checks that passed, weighted by severity.')}
</div>
</header>`;
}

/** Directly under the verdict: why it is incomplete, the target's problems once, and each stage and family. */
function renderCoverage(report: Report): string {
  const cov = report.coverage;
  const why = cov.incompleteBecause.length ? `<p class="not-verified"><b>Not verified:</b> ${h(cov.incompleteBecause.join('; '))}</p>` : '';
  const problems = cov.targetProblems.length
    ? `<ul class="target-problems">${cov.targetProblems.map((p) => `<li data-kind="${h(p.kind)}">${h(problemLine(p))}${p.unlock ? ` <span class="unlock">→ ${h(p.unlock)}</span>` : ''}</li>`).join('')}</ul>`
    : '';
  const ops = operationLines(cov);
  const operations = ops.length ? `<ul class="operations">${ops.map((l) => `<li>${h(l)}</li>`).join('')}</ul>` : '';
  const rows = cov.families.map((f) => {
    const gaps = f.gaps.map((g) => `<li class="gap-${g.status}">${h(gapLine(g))}${g.unlock ? ` <span class="unlock">→ ${h(g.unlock)}</span>` : ''}</li>`).join('');
    return [`Stage ${h(f.stage)}`, `${h(f.family)}${f.required ? ' <span class="muted">(required)</span>' : ''}`, h(coverageCounts(f)), gaps ? `<ul class="gaps">${gaps}</ul>` : '—'];
  });
  return `<section id="coverage" class="coverage"><h2>Coverage</h2>
${why}${problems}${operations}
${table(['Stage', 'Family', 'Checks', 'Not tested or in error'], rows, 'No checks ran.')}
</section>`;
}

function renderRisks(groups: Record<(typeof TRIAGES)[number], FindingRow[]>, ids: Map<Finding, string>): string {
  const sections = TRIAGES.map((t) => {
    const items = groups[t].map((row) => renderFinding(row, ids.get(row.finding)!)).join('\n');
    return `<section class="triage ${t}" id="${t}">
<h3>${h(TRIAGE_LABEL[t])} <span class="muted">(${groups[t].length})</span></h3>
<p class="meaning">${h(TRIAGE_MEANING[t])}</p>
${items || '<p class="empty">Nothing here.</p>'}
</section>`;
  });
  return `<section id="risks"><h2>Risk list</h2>\n${sections.join('\n')}\n</section>`;
}

function renderCheckRow(c: CheckResult, ids: Map<Finding, string>): string {
  const links = c.findings
    .map((f) => `<li><a href="#${ids.get(f)}">${h(f.title)}</a>${f.accepted ? ' <span class="badge accepted">accepted</span>' : ''}</li>`)
    .join('');
  return `<tr class="row-${c.status}"><td>${statusBadge(c.status)}</td><td>${h(checkHeadline(c))}<br><code class="check-id">${h(c.id)}</code>${
    c.owasp ? ` <span class="muted">${h(c.owasp)}</span>` : ''
  }</td><td>${c.reason ? `<p>${h(c.reason)}</p>` : ''}${links ? `<ul class="links">${links}</ul>` : ''}<p class="docs">${docsLink(c.id, c.docs)}</p></td></tr>`;
}

function renderStages(report: Report, ids: Map<Finding, string>): string {
  const stages = report.stages.map((st) => {
    const checks = checksOfStage(report, st.stage);
    const body = checks.length
      ? `<table class="checks"><thead><tr><th>Status</th><th>Check</th><th>Details</th></tr></thead><tbody>
${checks.map((c) => renderCheckRow(c, ids)).join('\n')}
</tbody></table>`
      : '<p class="empty">No checks ran in this stage.</p>';
    return `<section class="stage" id="stage-${st.stage}">
<h3>Stage ${st.stage}: ${h(st.name)} <span class="score">${h(formatScore(st.score))}</span></h3>
<p class="question">${h(st.question)}</p>
${body}
</section>`;
  });
  return `<section id="stages"><h2>Stages</h2>\n${stages.join('\n')}\n</section>`;
}

const list = (xs: readonly string[] | undefined): string => (xs?.length ? xs.map((x) => `<code>${h(x)}</code>`).join(', ') : '—');
const opt = (x: string | undefined): string => (x ? `<code>${h(x)}</code>` : '—');

function renderMap(report: Report): string {
  const domains = report.map.domains.map((d) => [`<code>${h(d.name)}</code>`, h(d.role), h(d.environments.join(', ') || '—'), list(d.points)]);
  const envs = report.map.environments.map((e) => [
    `<b>${h(e.name)}</b>`,
    opt(e.appUrl),
    opt(e.apiUrl),
    e.allowWrites ? 'yes' : 'no',
    list(e.envFiles),
    e.audited ? 'yes' : 'no',
  ]);
  return `<section id="map"><h2>Domains and environments</h2>
<h3>Domains</h3>
${table(['Host', 'Role', 'Environments', 'Points to'], domains, 'No domains configured.')}
<h3>Environments</h3>
${table(['Environment', 'App URL', 'API URL', 'Writes allowed', 'Env files', 'Audited'], envs, 'No environments configured.')}
</section>`;
}

function renderLedger(report: Report): string {
  const rows = report.ledger.map((l) => [
    h(l.seq),
    `<time datetime="${h(l.time)}">${h(l.time)}</time>`,
    h(l.method),
    `<code>${h(l.url)}</code>`,
    h(l.role),
    h(l.purpose),
    l.status === null ? `<span class="err">${h(l.error ?? 'no response')}</span>` : h(l.status),
    `${h(l.durationMs)} ms`,
  ]);
  return `<section id="ledger"><h2>Requests sent</h2>
<p>Every request launchready sent during this audit, so you can match it against your own logs.</p>
<details class="ledger"><summary>Request ledger (${report.ledger.length} requests)</summary>
${table(['#', 'Time', 'Method', 'URL', 'Role', 'Purpose', 'Status', 'Duration'], rows, 'No requests were sent.')}
</details>
</section>`;
}

const RULE_MARK: Record<string, string> = { verified: '✓ verified', violated: '✗ violated', untested: '○ untested', pass: '✓ pass', fail: '✗ fail', 'not-tested': '○ not tested' };

function renderDeliverables(report: Report): string {
  const d = report.deliverables;
  if (!d) return '';
  const rules = d.authRules.map((r) => [h(RULE_MARK[r.status] ?? r.status), h(r.rule), h(r.observed)]);
  const team = d.redTeam.map((r) => [h(RULE_MARK[r.status] ?? r.status), h(r.attack), `<code>${h(r.checkId)}</code>`, h(r.detail)]);
  return `<section id="access"><h2>Auth rules in plain English</h2>
${table(['Status', 'Rule', 'Observed'], rules, 'No access rules were probed.')}
<h3>Red-team checklist</h3>
${table(['Result', 'Attack', 'Check', 'Detail'], team, 'No attacks were tried.')}
</section>`;
}

/** Each check's page, embedded so "Read more" resolves offline. */
function renderReference(report: Report): string {
  const ids = [...new Set(report.checks.map((c) => c.id))];
  const pages = ids
    .map((id) => {
      const md = checkPage(id);
      const c = report.checks.find((x) => x.id === id)!;
      const body = md === undefined ? `<p>Not bundled with this copy; read it online: ${docsLink(id, c.docs)}</p>` : markdownToHtml(md);
      return `<article class="doc" id="doc-${h(id)}">${body}</article>`;
    })
    .join('\n');
  return `<section id="reference"><h2>Check reference</h2>\n${pages}\n</section>`;
}

export function renderHtml(report: Report): string {
  const groups = findingsByTriage(report);
  // Ids follow the risk list so the stage tables can link to each finding.
  const ids = new Map<Finding, string>();
  for (const t of TRIAGES) for (const row of groups[t]) ids.set(row.finding, `finding-${ids.size + 1}`);

  const notes = report.notes.length
    ? `<section id="notes"><h2>Notes on this run</h2><ul>${report.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul></section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${h(`${report.verdictLine} · ${report.project.name} · launchready`)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
${renderHeader(report)}
<nav>${report.fixes ? '<a href="#fixes">Fix list</a> ' : ''}<a href="#risks">Risk list</a> <a href="#stages">Stages</a>${report.deliverables ? ' <a href="#access">Auth rules</a>' : ''} <a href="#map">Domains and environments</a>${report.releaseChecklist ? ' <a href="#checklist">Release checklist</a>' : ''}${report.handover ? ' <a href="#handover">Handover</a>' : ''} <a href="#ledger">Requests</a> <a href="#reference">Check reference</a></nav>
<main>
${renderFixesHtml(report, ids)}
${renderRisks(groups, ids)}
${renderStages(report, ids)}
${renderDeliverables(report)}
${renderMap(report)}
${renderChecklistHtml(report)}
${renderHandoverHtml(report)}
${notes}
${renderLedger(report)}
${renderReference(report)}
</main>
<footer>launchready ${h(report.tool.version)} · report schema v${h(report.schemaVersion)} · Every check is explained under <a href="#reference">Check reference</a> and at <code>${h(docsUrl('docs/checks/'))}</code>.</footer>
</body>
</html>
`;
}
