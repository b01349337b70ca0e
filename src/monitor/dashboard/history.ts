// A check's history over 24 h, 7 d or 30 d, in fixed buckets aligned to UTC:
// availability per bucket (for the status bars), p50/p95 per bucket (for the
// response-time chart, merged from the per-minute histograms, so within their
// 1% error), maintenance windows that overlapped each bucket, and the
// incidents of the range with their durations. The dashboard, the public
// status page, the badges and the JSON history API all read this one shape.
import type { Histogram } from '../histogram.js';
import { windowsBetween } from '../maintenance.js';
import type { MonitorPlan } from '../plan.js';
import type { Store } from '../store.js';

export const RANGES = {
  '24h': { label: 'last 24 hours', ms: 86_400_000, bucketMs: 15 * 60_000 },
  '7d': { label: 'last 7 days', ms: 7 * 86_400_000, bucketMs: 2 * 3_600_000 },
  '30d': { label: 'last 30 days', ms: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;

export type RangeName = keyof typeof RANGES;

export const rangeOf = (v: string | null | undefined, fallback: RangeName = '24h'): RangeName => (v && v in RANGES ? (v as RangeName) : fallback);

export interface HistoryBucket {
  start: number;
  end: number;
  /** Runs in the bucket and how many passed; 0 runs = no data. */
  count: number;
  ok: number;
  uptime?: number;
  p50Ms?: number;
  p95Ms?: number;
  /** Names of maintenance windows that overlapped the bucket (for this check). */
  maintenance: string[];
}

export interface HistoryIncident {
  id: string;
  kind: string;
  severity: string;
  opened: number;
  resolved: number | null;
  /** To the resolution, or to now while open. */
  durationMs: number;
  summary: string;
  /** Opened inside a maintenance window and never alerted. */
  held: boolean;
}

export interface CheckHistory {
  check: string;
  range: RangeName;
  from: number;
  to: number;
  bucketMs: number;
  buckets: HistoryBucket[];
  /** Passing share over the whole range (undefined without data). */
  uptime?: number;
  incidents: HistoryIncident[];
}

/** The history of one check; `latency` adds p50/p95 per bucket (costlier: it decodes every minute's histogram). */
export function historyOf(store: Store, plan: MonitorPlan, check: string, range: RangeName, now: number, opts: { latency?: boolean } = {}): CheckHistory {
  const r = RANGES[range];
  const to = Math.ceil((now + 1) / r.bucketMs) * r.bucketMs;
  const from = to - r.ms;
  const series = `check:${check}`;
  const windows = windowsBetween(plan.maintenance, from, to).filter((w) => !w.checks || w.checks.includes(check));
  const rows: { at: number; count: number; ok: number; hist?: Histogram }[] = opts.latency ? store.buckets(series, from, to, r.bucketMs) : store.uptimeBuckets(series, from, to, r.bucketMs);
  let count = 0;
  let ok = 0;
  const buckets = rows.map((b): HistoryBucket => {
    count += b.count;
    ok += b.ok;
    const hist = b.hist;
    return {
      start: b.at,
      end: b.at + r.bucketMs,
      count: b.count,
      ok: b.ok,
      uptime: b.count ? b.ok / b.count : undefined,
      p50Ms: hist?.quantile(0.5),
      p95Ms: hist?.quantile(0.95),
      maintenance: windows.filter((w) => w.start < b.at + r.bucketMs && w.end > b.at).map((w) => w.name),
    };
  });
  const incidents = store
    .incidents({ monitor: check, since: from, limit: 200 })
    .filter((i) => i.opened < to)
    .map((i) => ({ id: i.id, kind: i.kind, severity: i.severity, opened: i.opened, resolved: i.resolved, durationMs: (i.resolved ?? now) - i.opened, summary: i.summary, held: i.held === 1 }));
  return { check, range, from, to, bucketMs: r.bucketMs, buckets, uptime: count ? ok / count : undefined, incidents };
}
