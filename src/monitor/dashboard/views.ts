// Assembles what each page and API shows from the monitor's store and plan,
// so the HTTP server only routes and the renderers only format.
import { activeWindow, windowsBetween } from '../maintenance.js';
import type { Monitor } from '../runtime.js';
import type { CheckPageData } from './check-page.js';
import { historyOf, RANGES, type CheckHistory, type RangeName } from './history.js';
import type { DashboardView } from './page.js';
import type { IncidentLine } from './sections.js';
import type { PublicState, StatusPageData } from './status-page.js';
import { badge, COLORS } from './svg.js';

const DAY = 86_400_000;

function maintenanceNow(m: Monitor, now: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of m.plan.checks) {
    const w = activeWindow(m.plan.maintenance, c.name, now);
    if (w) out.set(c.name, w.name);
  }
  return out;
}

/** Windows to list: those overlapping the range, and the next seven days. */
function windowsToShow(m: Monitor, range: RangeName, now: number) {
  return windowsBetween(m.plan.maintenance, now - RANGES[range].ms, now + 7 * DAY);
}

export function dashboardView(m: Monitor, range: RangeName, now: number): DashboardView {
  const histories = new Map(m.plan.checks.map((c) => [c.name, historyOf(m.store, m.plan, c.name, range, now)] as const));
  const incidents: IncidentLine[] = m.store.incidents({ since: now - RANGES[range].ms, limit: 100 }).map((i) => ({
    id: i.id,
    monitor: i.monitor,
    kind: i.kind,
    severity: i.severity,
    opened: i.opened,
    resolved: i.resolved,
    durationMs: (i.resolved ?? now) - i.opened,
    summary: i.summary,
    held: i.held === 1,
  }));
  return { range, histories, incidents, windows: m.plan.maintenance, maintenanceNow: maintenanceNow(m, now), statusPage: m.plan.statusPage.enabled };
}

export function checkPage(m: Monitor, name: string, range: RangeName, now: number, title: string): CheckPageData | undefined {
  const check = m.plan.checks.find((c) => c.name === name);
  if (!check) return undefined;
  const bars = Object.fromEntries((Object.keys(RANGES) as RangeName[]).map((r) => [r, historyOf(m.store, m.plan, name, r, now)])) as Record<RangeName, CheckHistory>;
  const last = m.store.lastResults().find((r) => r.check === name);
  return {
    title,
    check,
    range,
    bars,
    detail: historyOf(m.store, m.plan, name, range, now, { latency: true }),
    targetMs: m.plan.latencyTargetMs,
    lastDetail: last?.detail,
    up: last?.ok,
    maintenance: activeWindow(m.plan.maintenance, name, now)?.name,
    publicBadges: isPublic(m, name),
  };
}

export const isPublic = (m: Monitor, check: string): boolean => m.plan.statusPage.enabled && m.plan.checks.some((c) => c.name === check && c.public);

function publicState(m: Monitor, check: string, now: number, last: Map<string, boolean>): PublicState {
  if (activeWindow(m.plan.maintenance, check, now)) return 'maintenance';
  const ok = last.get(check);
  return ok === undefined ? 'unknown' : ok ? 'up' : 'down';
}

/** The public status page's data: public checks only, no URLs, no error text. */
export function statusPage(m: Monitor, range: RangeName, now: number, title: string): StatusPageData {
  const checks = m.plan.checks.filter((c) => c.public);
  const names = new Set(checks.map((c) => c.name));
  const last = new Map(m.store.lastResults().map((r) => [r.check, r.ok]));
  const incidents: IncidentLine[] = m.store
    .incidents({ since: now - RANGES[range].ms, limit: 100 })
    .filter((i) => names.has(i.monitor) && i.held === 0)
    .map((i) => ({ id: i.id, monitor: i.monitor, kind: i.kind, severity: '', opened: i.opened, resolved: i.resolved, durationMs: (i.resolved ?? now) - i.opened, summary: '', held: false }));
  return {
    title,
    range,
    generatedAt: now,
    checks: checks.map((c) => ({ name: c.name, state: publicState(m, c.name, now, last), history: historyOf(m.store, m.plan, c.name, range, now) })),
    incidents,
    windows: windowsToShow(m, range, now).filter((w) => !w.checks || w.checks.some((n) => names.has(n))),
  };
}

/** The JSON of /status.json: the same, as data (bars as uptime per bucket). */
export function statusJson(d: StatusPageData): unknown {
  return {
    title: d.title,
    range: d.range,
    generatedAt: new Date(d.generatedAt).toISOString(),
    checks: d.checks.map((c) => ({
      name: c.name,
      state: c.state,
      uptime: c.history.uptime ?? null,
      buckets: c.history.buckets.map((b) => ({ start: new Date(b.start).toISOString(), uptime: b.uptime ?? null, maintenance: b.maintenance.length > 0 })),
    })),
    incidents: d.incidents.map((i) => ({ check: i.monitor, kind: i.kind, opened: new Date(i.opened).toISOString(), resolved: i.resolved === null ? null : new Date(i.resolved).toISOString(), durationSeconds: Math.round(i.durationMs / 1000) })),
  };
}

/** /api/history: one check's buckets (with p50/p95) and incidents, for scripts. */
export function historyJson(h: CheckHistory): unknown {
  const iso = (t: number) => new Date(t).toISOString();
  return {
    check: h.check,
    range: h.range,
    from: iso(h.from),
    to: iso(h.to),
    bucketSeconds: h.bucketMs / 1000,
    uptime: h.uptime ?? null,
    buckets: h.buckets.map((b) => ({ start: iso(b.start), count: b.count, ok: b.ok, uptime: b.uptime ?? null, p50Ms: b.p50Ms ?? null, p95Ms: b.p95Ms ?? null, maintenance: b.maintenance })),
    incidents: h.incidents.map((i) => ({ id: i.id, kind: i.kind, severity: i.severity, opened: iso(i.opened), resolved: i.resolved === null ? null : iso(i.resolved), durationSeconds: Math.round(i.durationMs / 1000), heldByMaintenance: i.held, summary: i.summary })),
  };
}

export function statusBadge(m: Monitor, check: string, now: number): string {
  const last = new Map(m.store.lastResults().map((r) => [r.check, r.ok]));
  const s = publicState(m, check, now, last);
  const [text, color] = s === 'up' ? ['up', COLORS.up] : s === 'down' ? ['down', COLORS.down] : s === 'maintenance' ? ['maintenance', COLORS.maintenance] : ['no data', '#9f9f9f'];
  return badge(check, text, color);
}

export function uptimeBadge(m: Monitor, check: string, range: RangeName, now: number): string {
  const u = historyOf(m.store, m.plan, check, range, now).uptime;
  const color = u === undefined ? '#9f9f9f' : u >= 0.999 ? COLORS.up : u >= 0.99 ? '#97ca00' : u >= 0.95 ? COLORS.partial : COLORS.down;
  return badge(`uptime ${range}`, u === undefined ? 'no data' : `${(u * 100).toFixed(u >= 0.9999 ? 0 : 2)}%`, color);
}
