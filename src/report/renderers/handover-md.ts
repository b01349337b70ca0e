// handover.md and release-checklist.md: the two documents a founder hands to
// whoever runs the app next. Plain Markdown that reads well as text too; every
// value is escaped with md()/cell() like the main Markdown report.
import type { ChecklistStatus, Handover, Report } from '../model.js';
import { TRIAGE_LABEL } from './common.js';
import { cell, md } from './markdown.js';

const row = (cells: unknown[]): string => `| ${cells.map(cell).join(' | ')} |`;
const header = (names: string[]): string[] => [`| ${names.join(' | ')} |`, `|${names.map(() => '---').join('|')}|`];
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
/** Text whose `inline code` should stay code: escaped like md(), backticks kept. */
const mdc = (s: string): string => md(s).replace(/\\`/g, '`');

export const CHECKLIST_MARK: Record<ChecklistStatus, string> = { done: '[x] done', open: '[ ] open', 'cannot-know': '[?] cannot know' };

function missing(what: string): string[] {
  return [`_${md(what)}_`, ''];
}

export function renderHandoverMarkdown(report: Report): string {
  const h: Handover | undefined = report.handover;
  const out: string[] = [`# Handover: ${md(report.project.name)}`, ''];
  out.push(
    `Written by launchready ${md(report.tool.version)} on ${md(report.generatedAt)} from an audit of **${md(report.target.environment)}**. ` +
      `Verdict: **${md(report.verdictLine)}**.`,
    '',
  );
  if (!h) return [...out, ...missing('This report has no handover data (it was made by an older launchready, or from evidence without it). Rerun `launchready audit`.')].join('\n');

  out.push('## Environments', '');
  out.push(...header(['Environment', 'App URL', 'API URL', 'Audited']));
  for (const e of h.environments) out.push(row([e.name, e.appUrl ?? '—', e.apiUrl ?? '—', e.audited ? 'yes' : 'no']));
  out.push('');

  out.push('## Domains', '', 'Every name the app answers on, what it does, its DNS records and whether a CDN sits in front of it.', '');
  if (h.domains.length === 0) out.push(...missing('No domains are configured (domains: in launchready.yml).'));
  for (const d of h.domains) {
    out.push(`### ${md(d.name)}`, '', `- **What it does:** ${md(d.purpose)}`, `- **CDN:** ${md(d.cdn ?? 'none recognised (served directly)')}`, '- **DNS records:**');
    for (const r of d.records) out.push(`  - ${code(r)}`);
    out.push('');
  }

  out.push('## TLS certificates and renewal', '');
  if (h.tls.length === 0) out.push(...missing('No TLS handshake was made in this run.'));
  else {
    out.push(...header(['Host', 'Issuer', 'Expires', 'Days left', 'Renewal']));
    for (const t of h.tls) out.push(row([t.host, t.issuer ?? '—', t.expires ?? '—', t.daysLeft ?? '—', t.renewal]));
    out.push('');
    // Hosts served by one certificate share their steps; print each set once.
    const seen = new Map<string, string[]>();
    for (const t of h.tls) {
      const key = t.how.join('\n');
      seen.set(key, [...(seen.get(key) ?? []), t.host]);
    }
    for (const [, hosts] of seen) {
      const t = h.tls.find((x) => x.host === hosts[0])!;
      out.push(`### How ${md(hosts.join(', '))} renew${hosts.length === 1 ? 's' : ''} (${md(t.renewal)})`, '');
      t.how.forEach((s, i) => out.push(`${i + 1}. ${mdc(s)}`));
      out.push('');
    }
  }

  out.push('## Environment variables', '', 'Names only, never values. Owner and rotation notes come from `handover.envVars` in launchready.yml.', '');
  const envNames = h.environments.map((e) => e.name);
  out.push(...header(['Variable', ...envNames, 'Owner', 'Kind', 'Rotation note']));
  for (const v of h.envVars) {
    out.push(row([v.name, ...envNames.map((n) => v.environments[n] ?? '—'), v.owner ?? 'no owner named', v.secret ? v.provider : `${v.provider} (not secret)`, v.rotation ?? '—']));
  }
  out.push('');
  const secrets = h.envVars.filter((v) => v.secret);
  if (secrets.length) {
    out.push('### Rotating each secret', '');
    for (const v of secrets) {
      out.push(`#### ${md(v.name)} (${md(v.provider)})`, '');
      if (v.owner) out.push(`Owner: ${md(v.owner)}.${v.rotation ? ` Note: ${md(v.rotation)}` : ''}`, '');
      v.steps.forEach((s, i) => out.push(`${i + 1}. ${mdc(s)}`));
      out.push('', `**What breaks:** ${md(v.breaks)}`, '');
    }
  }

  out.push('## Monitoring and alerts', '');
  const m = h.monitoring;
  out.push(`- **Dashboard:** ${m.dashboardUrl ? md(m.dashboardUrl) : 'none (add a monitor: section and run `launchready monitor`)'}`);
  out.push(`- **Runs with:** ${code(m.command)}`);
  out.push(`- **People who get alerts:** ${m.recipients.length ? md(m.recipients.join(', ')) : 'nobody is named in handover.alertRecipients'}`);
  out.push('', '| Severity | Goes to |', '|---|---|');
  for (const a of m.alerts) out.push(row([a.severity, a.channels.length ? a.channels.join(', ') : 'nobody']));
  out.push('', '| Check | URL | Covers |', '|---|---|---|');
  for (const c of m.checks) out.push(row([c.name, c.url, c.covers ?? '—']));
  if (m.checks.length === 0) out.push(row(['none', '—', '—']));
  out.push('');

  out.push('## Rollback', '');
  h.rollback.forEach((s, i) => out.push(`${i + 1}. ${md(s)}`));
  out.push('');

  out.push('## Verifying mail authentication after a DNS change', '');
  if (!h.mailVerification.domain) out.push(...missing('No mail domain is configured (domains.mail).'));
  else {
    out.push(`After any change to the DNS of ${md(h.mailVerification.domain)}, run:`, '', '```sh', ...h.mailVerification.commands, '```', '');
    out.push('The audit must report SPF, DKIM and DMARC as passing; the dig answers must match the records listed under Domains.', '');
  }

  out.push('## Incident notes', '');
  for (const i of h.incidents) {
    out.push(`### ${md(i.failure)}`, '', `**On the dashboard:** ${md(i.shows)}`, '', 'First steps:', '');
    i.firstSteps.forEach((s, n) => out.push(`${n + 1}. ${mdc(s)}`));
    out.push('');
  }

  out.push('## What this audit could not test', '');
  for (const n of h.notTested) out.push(`- **${md(n.what)}**: ${md(n.why)}`);
  out.push('');

  out.push('## Week two', '', 'Safe to launch with, in the order to do them:', '');
  if (h.weekTwo.length === 0) out.push('Nothing: every remaining finding is fixed or accepted.');
  h.weekTwo.forEach((w, i) => out.push(`${i + 1}. **${md(w.title)}** (${md(TRIAGE_LABEL[w.triage].toLowerCase())}, ${md(w.size)}): verify with ${code(w.verify)}`));
  out.push('');
  return out.join('\n');
}

export function renderChecklistMarkdown(report: Report): string {
  const out: string[] = [`# Release checklist: ${md(report.project.name)}`, ''];
  out.push(
    `Filled in by launchready ${md(report.tool.version)} on ${md(report.generatedAt)} from an audit of **${md(report.target.environment)}** ` +
      '(`[x]` done, `[ ]` open, `[?]` the audit cannot know: check by hand).',
    '',
  );
  if (!report.releaseChecklist) return [...out, ...missing('This report has no release checklist. Rerun `launchready audit`.')].join('\n');
  for (const section of report.releaseChecklist) {
    out.push(`## ${md(section.title)}`, '');
    for (const it of section.items) {
      out.push(`- ${CHECKLIST_MARK[it.status]}: **${md(it.item)}**  `, `  ${mdc(it.detail)}${it.command ? `  \n  Check: ${code(it.command)}` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}
