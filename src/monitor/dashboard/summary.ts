// Everything the dashboard and /metrics show, computed once per request from
// the store. Renderers only format this.
import { fiveNumbers, SERIES_APP, type FiveNumbers } from '../events.js';
import type { MonitorPlan } from '../plan.js';
import type { FlagSummary } from '../logs/flagger.js';
import type { ChannelQueueCounts, IncidentRow, Store, StoreHealth } from '../store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface CheckSummary {
  name: string;
  url: string;
  covers?: string;
  up?: boolean;
  lastDetail?: string;
  lastAt?: number;
  uptime24h?: number;
  uptime7d?: number;
  p95Ms24h?: number;
  p50Ms24h?: number;
  p99Ms24h?: number;
  /** Average phase split over 24 h. */
  phases?: { dnsMs: number; connectMs: number; tlsMs: number; firstByteMs: number };
}

export interface DashboardSummary {
  generatedAt: number;
  now: FiveNumbers;
  previous: FiveNumbers;
  latencyTargetMs: number;
  checks: CheckSummary[];
  /** p95 of app requests (or of the checks when the app sends no events), 30-minute buckets over 24 h. */
  chart: { label: string; points: { at: number; value?: number }[] };
  openIncidents: IncidentRow[];
  recentAlerts: { at: number; channel: string; kind: string; subject: string; status: string; attempts: number; lastError?: string }[];
  /** Per channel: queued, retrying, given up, delivered in 24 h. */
  deliveries: ChannelQueueCounts[];
  /** The database: working, or which fault (shown as a banner; /healthz answers 503). */
  store: StoreHealth;
  /** Secrets and personal data seen in tailed logs since start (masked). */
  logFlags: FlagSummary[];
  redactPaths: string[];
}

export function buildSummary(store: Store, plan: MonitorPlan, now: number, logs?: { summaries(): FlagSummary[]; redactPaths(): string[] }): DashboardSummary {
  const current = fiveNumbers(store, now - HOUR, now + 1);
  const previous = fiveNumbers(store, now - 2 * HOUR, now - HOUR);
  const last = new Map(store.lastResults().map((r) => [r.check, r]));
  const checks = plan.checks.map((c): CheckSummary => {
    const series = `check:${c.name}`;
    const day = store.availability(series, now - DAY, now + 1);
    const week = store.availability(series, now - 7 * DAY, now + 1);
    const h = store.histogram(series, now - DAY, now + 1);
    const r = last.get(c.name);
    return {
      name: c.name,
      url: c.url,
      covers: c.covers,
      up: r?.ok,
      lastDetail: r?.detail,
      lastAt: r?.at,
      uptime24h: day.count ? day.ok / day.count : undefined,
      uptime7d: week.count ? week.ok / week.count : undefined,
      p50Ms24h: h.quantile(0.5),
      p95Ms24h: h.quantile(0.95),
      p99Ms24h: h.quantile(0.99),
      phases: day.count
        ? {
            dnsMs: day.phases.dnsMs / day.count,
            connectMs: day.phases.connectMs / day.count,
            tlsMs: day.phases.tlsMs / day.count,
            firstByteMs: day.phases.firstByteMs / day.count,
          }
        : undefined,
    };
  });
  const from = Math.floor((now - DAY) / (30 * 60_000)) * 30 * 60_000 + 30 * 60_000;
  const appPoints = store.quantileSeries(SERIES_APP, from, now + 1, 30 * 60_000, 0.95);
  const hasApp = appPoints.some((p) => p.value !== undefined);
  const chart = hasApp
    ? { label: 'p95 of app requests', points: appPoints }
    : { label: 'p95 of uptime checks', points: store.quantileSeries('check:', from, now + 1, 30 * 60_000, 0.95) };
  return {
    generatedAt: now,
    now: current,
    previous,
    latencyTargetMs: plan.latencyTargetMs,
    checks,
    chart,
    openIncidents: store.incidents({ open: true, limit: 20 }),
    logFlags: logs?.summaries() ?? [],
    redactPaths: logs?.redactPaths() ?? [],
    recentAlerts: store
      .deliveries(20)
      .map((d) => ({ at: d.sent ?? d.created, channel: d.channel, kind: d.kind, subject: d.subject, status: d.status, attempts: d.attempts, lastError: d.last_error ?? undefined })),
    deliveries: store.deliveryCounts(Object.keys(plan.channels), now),
    store: store.health(),
  };
}
