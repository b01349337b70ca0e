// The HTML report's fix list, release checklist and handover sections. Same
// rules as html.ts: every interpolated value goes through h(); links are
// in-page anchors only.
import { TRIAGES, type ChecklistStatus, type Finding, type Report } from '../model.js';
import { TRIAGE_LABEL, TRIAGE_MEANING } from './common.js';
import { escapeHtml as h } from './escape.js';

/** A table of already-escaped cells; an empty one says so. */
export const table = (heads: string[], rows: string[][], empty: string): string =>
  rows.length
    ? `<table><thead><tr>${heads.map((x) => `<th>${h(x)}</th>`).join('')}</tr></thead><tbody>${rows
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`
    : `<p class="empty">${h(empty)}</p>`;

/** Text with `inline code` spans kept as code, everything else escaped. */
function withCode(text: string): string {
  return text
    .split(/(`[^`]+`)/)
    .map((part) => (/^`[^`]+`$/.test(part) ? `<code>${h(part.slice(1, -1))}</code>` : h(part)))
    .join('');
}

const ol = (items: readonly string[]): string => `<ol>${items.map((s) => `<li>${withCode(s)}</li>`).join('')}</ol>`;

export function renderFixesHtml(report: Report, ids: Map<Finding, string>): string {
  if (!report.fixes) return '';
  const byFingerprint = new Map(report.checks.flatMap((c) => c.findings.map((f) => [f.fingerprint, f] as const)));
  let n = 0;
  const sections = TRIAGES.map((t) => {
    const fixes = report.fixes!.filter((f) => f.triage === t && !f.accepted);
    if (fixes.length === 0) return '';
    const items = fixes
      .map((fix) => {
        n++;
        const findings = fix.findings
          .map((fp) => byFingerprint.get(fp))
          .filter((f): f is Finding => Boolean(f))
          .map((f) => `<li><a href="#${ids.get(f) ?? ''}">${h(f.title)}</a>${f.triage !== fix.triage ? ` <span class="muted">(${h(TRIAGE_LABEL[f.triage].toLowerCase())})</span>` : ''}</li>`)
          .join('');
        return `<li class="fix sev-${fix.severity}" id="fix-${h(fix.id)}"><p><b>${h(fix.title)}</b> <span class="badge sev-${fix.severity}">${h(fix.size)}</span> <span class="muted">${fix.findings.length} finding${fix.findings.length === 1 ? '' : 's'}</span></p>
<p>${h(fix.change)}</p>
<p class="muted">Where: ${h([fix.place, ...fix.where].join(' · '))}</p>
<details><summary>Findings it closes</summary><ul>${findings}</ul></details>
<p>Verify: <code>${h(fix.verify)}</code></p></li>`;
      })
      .join('\n');
    return `<section class="triage ${t}"><h3>${h(TRIAGE_LABEL[t])} <span class="muted">(${fixes.length})</span></h3><p class="meaning">${h(TRIAGE_MEANING[t])}</p><ol class="fixes" start="${n - fixes.length + 1}">${items}</ol></section>`;
  }).join('\n');
  const accepted = report.fixes.filter((f) => f.accepted);
  const acceptedHtml = accepted.length
    ? `<section class="triage accepted"><h3>Accepted <span class="muted">(${accepted.length})</span></h3><p class="meaning">In the team baseline: known, shown, not blocking.</p><ul>${accepted.map((f) => `<li>${h(f.title)}</li>`).join('')}</ul></section>`
    : '';
  return `<section id="fixes"><h2>Fix list</h2><p>Each fix is one change that closes the findings listed under it, with a rough size and the command that re-verifies it.</p>
${sections || '<p class="empty">Nothing to fix.</p>'}
${acceptedHtml}
</section>`;
}

const MARK: Record<ChecklistStatus, string> = { done: '✓ done', open: '○ open', 'cannot-know': '? cannot know' };

export function renderChecklistHtml(report: Report): string {
  if (!report.releaseChecklist) return '';
  const sections = report.releaseChecklist
    .map(
      (s) => `<h3>${h(s.title)}</h3>
${table(
  ['Status', 'Step', 'What the audit knows'],
  s.items.map((it) => [
    `<span class="badge status-${it.status === 'done' ? 'pass' : it.status === 'open' ? 'fail' : 'not-tested'}">${h(MARK[it.status])}</span>`,
    h(it.item),
    `${withCode(it.detail)}${it.command ? `<br><code>${h(it.command)}</code>` : ''}`,
  ]),
  'Nothing here.',
)}`,
    )
    .join('\n');
  return `<section id="checklist"><h2>Release checklist</h2>\n${sections}\n</section>`;
}

export function renderHandoverHtml(report: Report): string {
  const ho = report.handover;
  if (!ho) return '';
  const envNames = ho.environments.map((e) => e.name);
  const domains = table(
    ['Host', 'What it does', 'DNS records', 'CDN'],
    ho.domains.map((d) => [`<code>${h(d.name)}</code>`, h(d.purpose), d.records.map((r) => `<code>${h(r)}</code>`).join('<br>'), h(d.cdn ?? 'none')]),
    'No domains configured.',
  );
  const tls = table(
    ['Host', 'Issuer', 'Expires', 'Days left', 'Renewal'],
    ho.tls.map((t) => [`<code>${h(t.host)}</code>`, h(t.issuer ?? '—'), h(t.expires ?? '—'), h(t.daysLeft ?? '—'), h(t.renewal)]),
    'No TLS handshake was made.',
  );
  const renewals = [...new Map(ho.tls.map((t) => [t.how.join('\n'), t])).values()]
    .map((t) => `<h4>How ${h(ho.tls.filter((x) => x.how.join('\n') === t.how.join('\n')).map((x) => x.host).join(', '))} renew (${h(t.renewal)})</h4>${ol(t.how)}`)
    .join('\n');
  const envVars = table(
    ['Variable', ...envNames, 'Owner', 'Kind', 'Rotation note'],
    ho.envVars.map((v) => [
      `<code>${h(v.name)}</code>`,
      ...envNames.map((n) => h(v.environments[n] ?? '—')),
      h(v.owner ?? 'no owner named'),
      h(v.secret ? v.provider : `${v.provider} (not secret)`),
      h(v.rotation ?? '—'),
    ]),
    'No variables found.',
  );
  const rotations = ho.envVars
    .filter((v) => v.secret)
    .map((v) => `<h4><code>${h(v.name)}</code> (${h(v.provider)})</h4>${ol(v.steps)}<p><b>What breaks:</b> ${h(v.breaks)}</p>`)
    .join('\n');
  const m = ho.monitoring;
  const alerts = table(['Severity', 'Goes to'], m.alerts.map((a) => [h(a.severity), h(a.channels.join(', ') || 'nobody')]), 'No routes.');
  const checks = table(['Check', 'URL', 'Covers'], m.checks.map((c) => [h(c.name), `<code>${h(c.url)}</code>`, h(c.covers ?? '—')]), 'No uptime checks.');
  const incidents = ho.incidents.map((i) => `<h4>${h(i.failure)}</h4><p><b>On the dashboard:</b> ${h(i.shows)}</p>${ol(i.firstSteps)}`).join('\n');
  const week = ho.weekTwo.length
    ? `<ol>${ho.weekTwo.map((w) => `<li><b>${h(w.title)}</b> <span class="muted">(${h(TRIAGE_LABEL[w.triage].toLowerCase())}, ${h(w.size)})</span> <code>${h(w.verify)}</code></li>`).join('')}</ol>`
    : '<p class="empty">Nothing left.</p>';
  return `<section id="handover"><h2>Handover</h2>
<h3>Domains</h3>${domains}
<h3>TLS certificates and renewal</h3>${tls}${renewals}
<h3>Environment variables</h3>${envVars}${rotations}
<h3>Monitoring and alerts</h3>
<p>Dashboard: ${m.dashboardUrl ? `<code>${h(m.dashboardUrl)}</code>` : 'none'} · runs with <code>${h(m.command)}</code> · people who get alerts: ${h(m.recipients.join(', ') || 'nobody named')}</p>
${alerts}${checks}
<h3>Rollback</h3>${ol(ho.rollback)}
<h3>Verifying mail authentication after a DNS change</h3>${ho.mailVerification.commands.length ? `<pre>${h(ho.mailVerification.commands.join('\n'))}</pre>` : '<p class="empty">No mail domain configured.</p>'}
<h3>Incident notes</h3>${incidents}
<h3>What this audit could not test</h3><ul>${ho.notTested.map((n) => `<li><b>${h(n.what)}</b>: ${h(n.why)}</li>`).join('')}</ul>
<h3>Week two</h3>${week}
</section>`;
}
