// One check in detail (behind the dashboard token): status bars over 24 h,
// 7 d and 30 d, the response-time chart (p50 and p95 per bucket, merged from
// the per-minute histograms) for the chosen range, its incidents with
// durations, and the badge snippets.
import { escapeHtml as e } from '../../report/renderers/escape.js';
import type { PlannedCheck } from '../plan.js';
import { RANGES, type CheckHistory, type RangeName } from './history.js';
import { incidentTable, legend, rangeLinks } from './sections.js';
import { head } from './style.js';
import { latencyChart, pctText, statusBars } from './svg.js';

export interface CheckPageData {
  title: string;
  check: PlannedCheck;
  range: RangeName;
  /** Bars for each range. */
  bars: Record<RangeName, CheckHistory>;
  /** The chosen range with p50/p95. */
  detail: CheckHistory;
  targetMs: number;
  lastDetail?: string;
  up?: boolean;
  maintenance?: string;
  /** Whether the badges are served without a token (status page on, check public). */
  publicBadges: boolean;
}

export function renderCheckPage(d: CheckPageData): string {
  const c = d.check;
  const name = encodeURIComponent(c.name);
  const state = d.up === undefined ? '<span class="muted">not run yet</span>' : d.up ? '<span class="up">up</span>' : '<span class="down">DOWN</span>';
  const bars = (Object.keys(RANGES) as RangeName[])
    .map((r) => `<div class="card" data-range="${r}"><div class="row"><b>${e(RANGES[r].label)}</b><span>${pctText(d.bars[r].uptime)} up</span></div>${statusBars(d.bars[r])}</div>`)
    .join('\n');
  const incidents = d.detail.incidents.map((i) => ({ ...i, monitor: c.name }));
  return `${head(`${e(c.name)} · ${e(d.title)}`, { refresh: 60 })}<body>
<header><h1>${e(c.name)}</h1><p><a href="/">← ${e(d.title)}</a> · ${e(c.kind.toUpperCase())} ${e(c.url)} · every ${c.intervalMs < 1000 ? `${c.intervalMs} ms` : `${Math.round(c.intervalMs / 1000)} s`}</p></header>
<main>
${d.maintenance ? `<div class="banner info" data-banner="maintenance">In the maintenance window "${e(d.maintenance)}": alerts are held.</div>` : ''}
<p>Now: ${state}${d.lastDetail ? ` <span class="muted">${e(d.lastDetail)}</span>` : ''}</p>
<section><h2>Status history</h2>
${bars}
${legend()}</section>
<section><h2>Response time, ${e(RANGES[d.range].label)} ${rangeLinks((r) => `/check/${name}?range=${r}`, d.range)}</h2>
${latencyChart(d.detail, d.targetMs)}
</section>
<section><h2>Incidents, ${e(RANGES[d.range].label)}</h2>
${incidentTable(incidents, { details: true })}
</section>
<section><h2>Badges</h2>
<p>${d.publicBadges ? 'Served without a token (the status page is on and this check is public):' : 'These need the dashboard token until the status page is enabled (monitor.statusPage.enabled):'}</p>
<pre>![${e(c.name)}](/badge/${name}/status.svg) ![uptime](/badge/${name}/uptime.svg?range=30d)</pre>
</section>
</main></body></html>
`;
}
