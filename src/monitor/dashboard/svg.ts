// Inline SVG for the dashboard, the status page and the badges: no scripts,
// no external assets, readable without colour (every bar and point carries a
// <title> with its numbers, and the state is also said in words next to it).
import { escapeHtml as e } from '../../report/renderers/escape.js';
import type { CheckHistory, HistoryBucket } from './history.js';

export const COLORS = { up: '#2da44e', partial: '#d4a72c', down: '#d93025', none: '#d0d7de', maintenance: '#0969da', p50: '#8250df', p95: '#0969da' };

const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ');
export const pctText = (v: number | undefined, digits = 2) => (v === undefined ? 'no data' : `${(v * 100).toFixed(digits)}%`);
export const msText = (v: number | undefined) => (v === undefined ? '–' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);

/** Green when every run passed, amber when some failed, red when at least 5% failed, grey without runs; blue-edged in maintenance. */
export function bucketColor(b: HistoryBucket): string {
  if (b.uptime === undefined) return b.maintenance.length ? COLORS.maintenance : COLORS.none;
  if (b.uptime >= 1) return COLORS.up;
  return b.uptime >= 0.95 ? COLORS.partial : COLORS.down;
}

export function bucketTitle(b: HistoryBucket, opts: { latency?: boolean } = {}): string {
  const runs = b.count ? `${pctText(b.uptime)} of ${b.count} checks passed` : 'no checks ran';
  const lat = opts.latency && b.p95Ms !== undefined ? `, p50 ${msText(b.p50Ms)}, p95 ${msText(b.p95Ms)}` : '';
  const m = b.maintenance.length ? `; maintenance: ${b.maintenance.join(', ')}` : '';
  return `${when(b.start)} – ${when(b.end).slice(11)} UTC: ${runs}${lat}${m}`;
}

/** One row of bars, oldest left. */
export function statusBars(h: CheckHistory, opts: { width?: number; height?: number; label?: string } = {}): string {
  const W = opts.width ?? 600;
  const H = opts.height ?? 28;
  const n = h.buckets.length || 1;
  const gap = n > 60 ? 1 : 2;
  const bw = (W - gap * (n - 1)) / n;
  const bars = h.buckets
    .map((b, i) => {
      const x = (i * (bw + gap)).toFixed(2);
      const stroke = b.maintenance.length && b.uptime !== undefined ? ` stroke="${COLORS.maintenance}" stroke-width="1.5"` : '';
      return `<rect x="${x}" y="0" width="${bw.toFixed(2)}" height="${H}" rx="1.5" fill="${bucketColor(b)}"${stroke} data-uptime="${b.uptime ?? ''}"><title>${e(bucketTitle(b))}</title></rect>`;
    })
    .join('');
  const label = opts.label ?? `status of ${h.check}, ${h.range}: ${pctText(h.uptime)} up`;
  return `<svg class="bars" role="img" aria-label="${e(label)}" viewBox="0 0 ${W} ${H}" width="100%" height="${H}" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">${bars}</svg>`;
}

/** p50 and p95 per bucket as two lines, with the latency target dashed. */
export function latencyChart(h: CheckHistory, targetMs: number): string {
  const W = 900;
  const H = 220;
  const L = 56;
  const R = 16;
  const T = 16;
  const B = 28;
  const values = h.buckets.flatMap((b) => [b.p50Ms, b.p95Ms]).filter((v): v is number => v !== undefined);
  if (values.length === 0) return '<p class="muted">No response times in this range yet.</p>';
  const max = Math.max(...values, targetMs * 1.1) * 1.05;
  const n = h.buckets.length;
  const x = (i: number) => L + ((i + 0.5) * (W - L - R)) / n;
  const y = (v: number) => T + (H - T - B) * (1 - v / max);
  const line = (pick: (b: HistoryBucket) => number | undefined, color: string, name: string) => {
    const segs: string[][] = [[]];
    h.buckets.forEach((b, i) => {
      const v = pick(b);
      if (v === undefined) segs.push([]);
      else segs[segs.length - 1]!.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
    });
    const dots = h.buckets
      .map((b, i) => {
        const v = pick(b);
        return v === undefined ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.2" fill="${color}"><title>${e(`${name} ${msText(v)} · ${bucketTitle(b)}`)}</title></circle>`;
      })
      .join('');
    return segs.filter((s) => s.length).map((s) => `<polyline class="${name}" fill="none" stroke="${color}" stroke-width="2" points="${s.join(' ')}"/>`).join('') + dots;
  };
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const v = max * f;
    return `<line x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#eef0f2"/><text x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end" fill="#57606a">${e(msText(v))}</text>`;
  });
  const labels = [0, Math.floor(n / 2), n - 1].map((i) => `<text x="${x(i).toFixed(1)}" y="${H - 8}" font-size="11" text-anchor="middle" fill="#57606a">${e(when(h.buckets[i]!.start))}</text>`);
  return `<svg class="latency" role="img" aria-label="response time of ${e(h.check)}: p50 and p95, ${h.range}" viewBox="0 0 ${W} ${H}" width="100%" height="${H}" xmlns="http://www.w3.org/2000/svg">
${ticks.join('')}
<line x1="${L}" x2="${W - R}" y1="${y(targetMs).toFixed(1)}" y2="${y(targetMs).toFixed(1)}" stroke="${COLORS.down}" stroke-dasharray="4 4"/><text x="${W - R}" y="${(y(targetMs) - 4).toFixed(1)}" font-size="11" text-anchor="end" fill="${COLORS.down}">target ${targetMs} ms</text>
${line((b) => b.p95Ms, COLORS.p95, 'p95')}${line((b) => b.p50Ms, COLORS.p50, 'p50')}
${labels.join('')}
<rect x="${L + 8}" y="${T}" width="10" height="3" fill="${COLORS.p95}"/><text x="${L + 22}" y="${T + 4}" font-size="11" fill="#1b1f24">p95</text>
<rect x="${L + 56}" y="${T}" width="10" height="3" fill="${COLORS.p50}"/><text x="${L + 70}" y="${T + 4}" font-size="11" fill="#1b1f24">p50</text>
</svg>`;
}

/**
 * A flat badge in the shields.io layout (label on grey, value on colour).
 * Widths are estimated from Verdana 11px advance widths, close enough that
 * text never overflows its half.
 */
export function badge(label: string, value: string, color: string): string {
  const w = (s: string) => Math.round([...s].reduce((a, c) => a + (/[il.:|!' ]/.test(c) ? 3.5 : /[mwMW%]/.test(c) ? 10 : /[A-Z0-9]/.test(c) ? 7.5 : 6.6), 0) + 12);
  const lw = w(label);
  const vw = w(value);
  const total = lw + vw;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="20" role="img" aria-label="${e(label)}: ${e(value)}"><title>${e(label)}: ${e(value)}</title>
<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
<clipPath id="r"><rect width="${total}" height="20" rx="3" fill="#fff"/></clipPath>
<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><rect width="${total}" height="20" fill="url(#s)"/></g>
<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${e(label)}</text><text x="${lw / 2}" y="14">${e(label)}</text>
<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${e(value)}</text><text x="${lw + vw / 2}" y="14">${e(value)}</text></g></svg>`;
}
