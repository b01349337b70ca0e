// The dashboard page: one self-contained HTML document (inline CSS and SVG,
// no scripts, no external assets) a founder can read at a glance: the five
// numbers, every check with its status-history bars over 24 h / 7 d / 30 d,
// the app's p95, maintenance windows, incident history with durations, the
// alert queues per channel. It reloads itself every 30 s with a meta refresh,
// so it needs no JavaScript and can be served under a CSP of default-src 'none'.
import { escapeHtml as e } from '../../report/renderers/escape.js';
import type { MaintenanceConfig } from '../../config/monitor-schema.js';
import type { CheckHistory, RangeName } from './history.js';
import { deliverySection, incidentTable, legend, maintenanceSection, rangeLinks, type IncidentLine } from './sections.js';
import { head } from './style.js';
import type { DashboardSummary } from './summary.js';
import { pctText, statusBars } from './svg.js';

/** What the page shows beyond the summary: the chosen range's history per check, incidents, maintenance. */
export interface DashboardView {
  range: RangeName;
  histories: Map<string, CheckHistory>;
  incidents: IncidentLine[];
  windows: MaintenanceConfig[];
  /** Checks whose alerts a window holds now, with its name. */
  maintenanceNow: Map<string, string>;
  statusPage: boolean;
}

const ms = (v: number | undefined) => (v === undefined ? '–' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
const pct = (v: number | undefined, digits = 1) => (v === undefined ? '–' : `${(v * 100).toFixed(digits)}%`);
const int = (v: number) => String(Math.round(v));

interface Card {
  id: string;
  label: string;
  value: string;
  previous: string;
  delta: number | undefined;
  bad: boolean;
  hint: string;
}

export function renderDashboard(s: DashboardSummary, title: string, view?: DashboardView): string {
  const n = s.now;
  const p = s.previous;
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a - b);
  const cards: Card[] = [
    { id: 'p95', label: 'p95 latency', value: ms(n.p95Ms), previous: ms(p.p95Ms), delta: diff(n.p95Ms, p.p95Ms), bad: (n.p95Ms ?? 0) > s.latencyTargetMs, hint: `target < ${s.latencyTargetMs} ms` },
    { id: 'errors', label: 'Errors (5xx)', value: int(n.errors), previous: int(p.errors), delta: n.errors - p.errors, bad: n.errors > 0, hint: flowHint(s) },
    { id: 'failed-logins', label: 'Failed logins', value: int(n.failedLogins), previous: int(p.failedLogins), delta: n.failedLogins - p.failedLogins, bad: false, hint: 'a sudden jump is credential stuffing' },
    { id: 'webhook-retries', label: 'Webhook retries', value: int(n.webhookRetries), previous: int(p.webhookRetries), delta: n.webhookRetries - p.webhookRetries, bad: n.webhookRetries > 0, hint: 'deliveries that needed another try' },
    { id: 'bounce-rate', label: 'Email bounce rate', value: pct(n.bounceRate), previous: pct(p.bounceRate), delta: diff(n.bounceRate, p.bounceRate), bad: (n.bounceRate ?? 0) > 0.05, hint: 'over 5% hurts deliverability' },
  ];
  const v = view ?? { range: '24h' as const, histories: new Map(), incidents: [], windows: [], maintenanceNow: new Map(), statusPage: false };
  const q = (r: RangeName) => `/?range=${r}`;
  return `${head(`${e(title)} · launchready monitor`, { refresh: 30 })}<body>
<header><h1>${e(title)}</h1><p>Last hour, compared with the hour before · updated ${e(new Date(s.generatedAt).toISOString().slice(0, 19).replace('T', ' '))} UTC${v.statusPage ? ' · <a href="/status">public status page</a>' : ''}</p></header>
<main>
${storeBanner(s)}
${[...v.maintenanceNow.values()].length ? `<div class="banner info" data-banner="maintenance">Maintenance now: ${e([...new Set(v.maintenanceNow.values())].join(', '))} — alerts for ${e([...v.maintenanceNow.keys()].join(', '))} are held until it ends.</div>` : ''}
<div class="cards">
${cards.map(card).join('\n')}
</div>
<section><h2>Uptime checks ${rangeLinks(q, v.range)}</h2>
<table><thead><tr><th>Check</th><th>Now</th><th>History, ${e(v.range)}</th><th>Uptime ${e(v.range)}</th><th>p95 24 h</th><th>DNS / connect / TLS / first byte</th><th>Last result</th></tr></thead><tbody>
${s.checks.map((c) => checkRow(c, v)).join('\n') || '<tr><td colspan="7" class="muted">No checks configured.</td></tr>'}
</tbody></table>
${legend()}</section>
<section><h2>${e(s.chart.label)} · last 24 h</h2>
${chart(s.chart.points, s.latencyTargetMs)}
</section>
${maintenanceSection(v.windows, s.generatedAt)}
<section><h2>Incidents ${rangeLinks(q, v.range)}</h2>
${incidentTable(v.incidents, { details: true })}
</section>
${deliverySection(s.deliveries)}
<section><h2>Recent alerts</h2>
<table><thead><tr><th>When</th><th>Channel</th><th>Message</th><th>Delivery</th></tr></thead><tbody>
${s.recentAlerts.map((a) => `<tr><td>${time(a.at)}</td><td>${e(a.channel)}</td><td>${e(a.subject)}</td><td>${e(a.status)}${a.attempts > 1 ? ` after ${a.attempts} attempts` : ''}${a.status !== 'sent' && a.lastError ? ` <span class="muted">(${e(a.lastError)})</span>` : ''}</td></tr>`).join('\n') || '<tr><td colspan="4" class="muted">No alerts sent.</td></tr>'}
</tbody></table></section>
${s.logFlags.length ? logSection(s) : ''}
</main></body></html>
`;
}

function checkRow(c: DashboardSummary['checks'][number], v: DashboardView): string {
  const h = v.histories.get(c.name);
  const held = v.maintenanceNow.get(c.name);
  const now = c.up === undefined ? '<td class="muted">not run yet</td>' : `<td class="${c.up ? 'up' : 'down'}">${c.up ? 'up' : 'DOWN'}${held ? '<br><span class="maint">maintenance</span>' : ''}</td>`;
  return `<tr data-check="${e(c.name)}"><td><a href="/check/${encodeURIComponent(c.name)}?range=${v.range}"><b>${e(c.name)}</b></a><br><span class="muted">${e(c.url)}</span></td>${now}<td class="bars">${h ? statusBars(h) : ''}</td><td>${h ? pctText(h.uptime) : pct(c.uptime24h, 2)}</td><td>${ms(c.p95Ms24h)}</td><td>${c.phases ? [c.phases.dnsMs, c.phases.connectMs, c.phases.tlsMs, c.phases.firstByteMs].map(ms).join(' / ') : '–'}</td><td class="muted">${e(c.lastDetail ?? '')}</td></tr>`;
}

function storeBanner(s: DashboardSummary): string {
  const h = s.store;
  const out: string[] = [];
  if (!h.ok) {
    out.push(
      `<div class="banner error" role="alert" data-banner="store"><b>Database problem${h.mode === 'memory' ? ' — alerting continues from memory' : ''}.</b> ${h.faults
        .map((f) => `${e(f.message)} (since ${time(f.since)} UTC)`)
        .join('<br>')}</div>`,
    );
  }
  for (const f of h.recovered) out.push(`<div class="banner warn" data-banner="store-recovered">Database problem at ${time(f.since)} UTC, resolved at ${time(f.recoveredAt)}: ${e(f.message)}</div>`);
  if (h.startNotice) out.push(`<div class="banner warn" data-banner="store-start">${e(h.startNotice)}</div>`);
  return out.join('\n');
}

function card(c: Card): string {
  const arrow = c.delta === undefined || Math.abs(c.delta) < 1e-9 ? '→' : c.delta > 0 ? '↑' : '↓';
  return `<div class="metric${c.bad ? ' bad' : ''}" data-metric="${c.id}"><div class="label">${e(c.label)}</div><div class="value">${e(c.value)}</div><div class="trend">${arrow} previous hour: ${e(c.previous)}</div><div class="hint">${e(c.hint)}</div></div>`;
}

function flowHint(s: DashboardSummary): string {
  const f = s.now.flows;
  const parts = (
    [
      ['signup', f.signup],
      ['login', f.login],
      ['password reset', f.passwordReset],
    ] as const
  )
    .filter(([, v]) => v.requests > 0)
    .map(([name, v]) => `${name} ${pct(v.rate)}`);
  return parts.length ? `error rate: ${parts.join(', ')}` : 'no signup/login/reset traffic';
}

const time = (t: number) => e(new Date(t).toISOString().slice(0, 16).replace('T', ' '));

function chart(points: { at: number; value?: number }[], target: number): string {
  const W = 900;
  const H = 200;
  const pad = 36;
  const values = points.map((p) => p.value).filter((v): v is number => v !== undefined);
  if (values.length === 0) return '<p class="muted">No latency data yet.</p>';
  const max = Math.max(target * 1.1, ...values) || 1;
  const x = (i: number) => pad + (i * (W - 2 * pad)) / Math.max(1, points.length - 1);
  const y = (v: number) => H - pad + 10 - (v / max) * (H - pad - 10);
  const segs: string[] = [];
  let cur: string[] = [];
  points.forEach((p, i) => {
    if (p.value === undefined) {
      if (cur.length) segs.push(cur.join(' '));
      cur = [];
    } else cur.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
  });
  if (cur.length) segs.push(cur.join(' '));
  const dots = points.map((p, i) => (p.value === undefined ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" fill="#0969da"><title>${e(ms(p.value))}</title></circle>`)).join('');
  return `<svg role="img" aria-label="p95 latency chart" viewBox="0 0 ${W} ${H}" width="100%" height="${H}" xmlns="http://www.w3.org/2000/svg">
<line x1="${pad}" x2="${W - pad}" y1="${y(target).toFixed(1)}" y2="${y(target).toFixed(1)}" stroke="#d93025" stroke-dasharray="4 4"/>
<text x="${W - pad}" y="${(y(target) - 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#d93025">target ${target} ms</text>
<text x="4" y="${pad - 14}" font-size="11" fill="#57606a">${e(ms(max))}</text><text x="4" y="${H - pad + 10}" font-size="11" fill="#57606a">0</text>
${segs.map((s) => `<polyline fill="none" stroke="#0969da" stroke-width="2" points="${s}"/>`).join('')}${dots}
</svg>`;
}

function logSection(s: DashboardSummary): string {
  return `<section><h2>Secrets and personal data seen in logs</h2>
<table><thead><tr><th>Field</th><th>What</th><th>Lines</th><th>Example (masked)</th></tr></thead><tbody>
${s.logFlags.map((f) => `<tr><td>${e(f.path)}</td><td>${e(f.kind)}</td><td>${f.count}</td><td>${e(f.example.masked)} <span class="muted">${e(f.example.fingerprint)}</span></td></tr>`).join('\n')}
</tbody></table>
${s.redactPaths.length ? `<p>Stop them at the logger: <code>pino({ redact: ${e(JSON.stringify(s.redactPaths))} })</code></p>` : ''}</section>`;
}
