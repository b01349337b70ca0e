// The public status page (/status, opt-in with monitor.statusPage.enabled):
// what customers may see and nothing more. Each public check by name, its
// state, status bars and uptime; maintenance windows; incident history with
// durations. No URLs, no error text, no timings, no channels, no token.
import { escapeHtml as e } from '../../report/renderers/escape.js';
import type { WindowSpan } from '../maintenance.js';
import { RANGES, type CheckHistory, type RangeName } from './history.js';
import { incidentTable, legend, rangeLinks, when, type IncidentLine } from './sections.js';
import { head } from './style.js';
import { pctText, statusBars } from './svg.js';

export type PublicState = 'up' | 'down' | 'maintenance' | 'unknown';

export interface StatusPageData {
  title: string;
  range: RangeName;
  generatedAt: number;
  checks: { name: string; state: PublicState; history: CheckHistory }[];
  incidents: IncidentLine[];
  windows: WindowSpan[];
}

export function overall(states: readonly PublicState[]): { level: 'ok' | 'warn' | 'error' | 'info'; text: string } {
  const down = states.filter((s) => s === 'down').length;
  if (down && down === states.length) return { level: 'error', text: 'Major outage' };
  if (down) return { level: 'warn', text: `Partial outage: ${down} of ${states.length} services down` };
  if (states.includes('maintenance')) return { level: 'info', text: 'Maintenance in progress' };
  return { level: 'ok', text: 'All systems operational' };
}

const STATE_TEXT: Record<PublicState, string> = { up: '<span class="up">Operational</span>', down: '<span class="down">Down</span>', maintenance: '<span class="maint">Maintenance</span>', unknown: '<span class="muted">No data yet</span>' };

export function renderStatusPage(d: StatusPageData): string {
  const o = overall(d.checks.map((c) => c.state));
  const rows = d.checks
    .map((c) => `<div class="card" data-check="${e(c.name)}"><div class="row"><b>${e(c.name)}</b><span>${STATE_TEXT[c.state]} · ${pctText(c.history.uptime)} uptime</span></div>${statusBars(c.history)}</div>`)
    .join('\n');
  const upcoming = d.windows.filter((w) => w.end > d.generatedAt);
  return `${head(`${e(d.title)} status`, { refresh: 60 })}<body>
<header><h1>${e(d.title)} status</h1><p>Updated ${when(d.generatedAt)} UTC</p></header>
<main>
<div class="banner ${o.level}" data-banner="overall" role="status"><b>${e(o.text)}</b></div>
${upcoming.map((w) => `<div class="banner info" data-banner="maintenance">${w.start <= d.generatedAt ? 'Maintenance in progress' : 'Scheduled maintenance'}: ${when(w.start)} – ${when(w.end)} UTC</div>`).join('\n')}
<section><h2>${e(RANGES[d.range].label)} ${rangeLinks((r) => `/status?range=${r}`, d.range)}</h2>
${rows || '<p class="muted">Nothing to show.</p>'}
${legend()}</section>
<section><h2>Incidents, ${e(RANGES[d.range].label)}</h2>
${incidentTable(d.incidents, { details: false })}
</section>
</main></body></html>
`;
}
