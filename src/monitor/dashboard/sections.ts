// Parts of the dashboard beyond the five numbers: range links, the incident
// history with durations, maintenance windows, and the alert queues per
// channel. Each returns an HTML fragment; values are escaped here.
import { escapeHtml as e } from '../../report/renderers/escape.js';
import { formatDuration } from '../alerts/message.js';
import type { MaintenanceConfig } from '../../config/monitor-schema.js';
import { durationMs, spans } from '../maintenance.js';
import type { ChannelQueueCounts } from '../store.js';
import { RANGES, type HistoryIncident, type RangeName } from './history.js';
import { COLORS } from './svg.js';

export const when = (t: number) => e(new Date(t).toISOString().slice(0, 16).replace('T', ' '));

/** Links to the same page over 24 h / 7 d / 30 d (no script: plain links with ?range=). */
export function rangeLinks(href: (r: RangeName) => string, current: RangeName): string {
  return `<span class="ranges">${(Object.keys(RANGES) as RangeName[]).map((r) => (r === current ? `<b>${r}</b>` : `<a href="${e(href(r))}">${r}</a>`)).join('')}</span>`;
}

export function legend(): string {
  return `<p class="legend muted"><span style="background:${COLORS.up}"></span>all checks passed<span style="background:${COLORS.partial}"></span>some failed<span style="background:${COLORS.down}"></span>5% or more failed<span style="background:${COLORS.none}"></span>no data<span style="background:${COLORS.maintenance}"></span>maintenance</p>`;
}

export interface IncidentLine extends HistoryIncident {
  monitor: string;
}

export function incidentTable(rows: readonly IncidentLine[], opts: { details: boolean }): string {
  const body = rows
    .map((i) => {
      const state = `${i.resolved === null ? '<span class="down">ongoing</span>' : 'resolved'}${i.held ? ' <span class="maint">(maintenance: not alerted)</span>' : ''}`;
      const lasted = `${i.resolved === null ? 'for ' : ''}${formatDuration(i.durationMs)}`;
      return `<tr data-incident="${e(i.id)}"><td>${when(i.opened)}</td><td>${e(i.monitor)}</td><td>${e(i.kind)}</td><td>${state}</td><td>${e(lasted)}</td>${opts.details ? `<td>${e(i.severity)}</td><td>${e(i.summary)}</td>` : ''}</tr>`;
    })
    .join('\n');
  const cols = opts.details ? 7 : 5;
  return `<table class="incidents"><thead><tr><th>Opened (UTC)</th><th>Monitor</th><th>Kind</th><th>State</th><th>Duration</th>${opts.details ? '<th>Severity</th><th>What we saw</th>' : ''}</tr></thead><tbody>
${body || `<tr><td colspan="${cols}" class="muted">No incidents in this range.</td></tr>`}
</tbody></table>`;
}

/** One row per configured window: its schedule, and whether it holds alerts now, when it comes next, or that it is over. */
export function maintenanceSection(windows: readonly MaintenanceConfig[], now: number): string {
  if (windows.length === 0) return '';
  const rows = windows
    .map((w) => {
      const len = durationMs(w.duration);
      const schedule = w.every
        ? `${w.every.includes('day') ? 'every day' : `every ${w.every.join(', ')}`} at ${w.start} ${w.timezone}, for ${formatDuration(len)}`
        : `${when(Date.parse(w.start))} UTC, for ${formatDuration(len)}`;
      const current = spans(w, now, now + 1)[0];
      const next = spans(w, now + 1, now + 8 * 86_400_000).find((x) => x.start > now);
      const state = current
        ? `<span class="maint">now — alerts held until ${when(current.end)} UTC</span>`
        : next
          ? `next: ${when(next.start)} UTC`
          : 'over';
      return `<tr data-window="${e(w.name)}"><td>${e(w.name)}</td><td>${e(schedule)}</td><td>${state}</td><td>${w.checks ? e(w.checks.join(', ')) : 'every check'}</td></tr>`;
    })
    .join('\n');
  return `<section><h2>Maintenance windows</h2>
<table><thead><tr><th>Window</th><th>Schedule</th><th>State</th><th>Checks</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}

export function deliverySection(d: readonly ChannelQueueCounts[]): string {
  if (d.length === 0) return '';
  const rows = d
    .map((c) => {
      const bad = c.retrying > 0 || c.failed > 0;
      return `<tr data-channel="${e(c.channel)}"><td><b>${e(c.channel)}</b></td><td>${c.queued}</td><td class="${c.retrying ? 'down' : ''}">${c.retrying}</td><td class="${c.failed ? 'down' : ''}">${c.failed}</td><td>${c.sent}</td><td class="muted">${bad && c.lastError ? e(c.lastError) : c.oldestPending ? `oldest waiting since ${when(c.oldestPending)}` : ''}</td></tr>`;
    })
    .join('\n');
  return `<section><h2>Alert channels</h2>
<table><thead><tr><th>Channel</th><th>Queued</th><th>Retrying</th><th>Failed</th><th>Sent 24 h</th><th>Last error</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
}
