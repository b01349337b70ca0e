// Events from the app, whether POSTed to the ingest endpoint or read from its
// logs, and how they become the five launch-week numbers: p95 latency per
// route, error count and rate on the critical flows, failed logins, webhook
// retries and email bounce rate.
import type { Store } from './store.js';

export type AppEvent =
  | { type: 'request'; at: number; route: string; method?: string; status: number; durationMs: number }
  | { type: 'login_failed'; at: number }
  | { type: 'webhook'; at: number; attempt: number; ok?: boolean }
  | { type: 'email'; at: number; status: 'sent' | 'bounced' };

export type Flow = 'signup' | 'login' | 'passwordReset';

export const SERIES_APP = 'app:all';
export const SERIES_ROUTE = 'route:';
export const C = {
  requests: 'requests',
  errors: 'errors',
  loginFailed: 'login_failed',
  login401: 'login_401',
  webhookAttempts: 'webhook_attempts',
  webhookRetries: 'webhook_retries',
  emailSent: 'email_sent',
  emailBounced: 'email_bounced',
  flowRequests: (f: Flow) => `flow:${f}:requests`,
  flowErrors: (f: Flow) => `flow:${f}:errors`,
} as const;

/** Reads one event from loose JSON; undefined when it is not one we know. */
export function normalizeEvent(raw: unknown, now: number): AppEvent | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const at = toTime(o.at ?? o.time ?? o.timestamp) ?? now;
  switch (o.type) {
    case 'request': {
      const status = Number(o.status);
      const durationMs = Number(o.durationMs ?? o.duration);
      if (typeof o.route !== 'string' || !Number.isFinite(status) || !Number.isFinite(durationMs) || durationMs < 0) return undefined;
      return { type: 'request', at, route: normalizeRoute(o.route), method: typeof o.method === 'string' ? o.method.toUpperCase() : undefined, status, durationMs };
    }
    case 'login_failed':
    case 'failed_login':
      return { type: 'login_failed', at };
    case 'webhook': {
      const attempt = Number(o.attempt ?? 1);
      return { type: 'webhook', at, attempt: Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1, ok: typeof o.ok === 'boolean' ? o.ok : undefined };
    }
    case 'email': {
      const s = String(o.status);
      if (s === 'sent' || s === 'delivered') return { type: 'email', at, status: 'sent' };
      if (s === 'bounced' || s === 'bounce') return { type: 'email', at, status: 'bounced' };
      return undefined;
    }
    default:
      return undefined;
  }
}

function toTime(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? v * 1000 : v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? undefined : t;
  }
  return undefined;
}

/** Drops the query string and replaces ids, so /api/invoices/42?x=1 and /api/invoices/43 share a series. */
export function normalizeRoute(route: string): string {
  const p = route.split('?')[0] ?? route;
  return (
    p
      .split('/')
      .map((seg) => (/^\d+$|^[0-9a-f]{8}-[0-9a-f-]{27,}$|^[0-9a-f]{24,}$/i.test(seg) ? ':id' : seg))
      .join('/')
      .slice(0, 200) || '/'
  );
}

export interface SinkOptions {
  /** Distinct route series kept; later new routes are counted under ROUTE_OTHER. */
  maxRouteSeries: number;
  /** Events older than this, or further ahead than maxFutureMs, are rejected. */
  maxAgeMs: number;
  maxFutureMs: number;
  now?: () => number;
}

export const ROUTE_OTHER = '(other routes)';

export type RejectReason = 'invalid' | 'too-old' | 'in-the-future';

export interface IngestResult {
  accepted: number;
  rejected: number;
  reasons: Partial<Record<RejectReason, number>>;
}

/** The store cannot make events durable now (it runs from memory): the client should retry. */
export class NotDurableError extends Error {}

type Writes = { samples: { series: string; at: number; ok: boolean; latencyMs?: number }[]; counters: { name: string; at: number; by: number }[] };

export class EventSink {
  private readonly flows: [Flow, RegExp][];
  private routes: Set<string> | undefined;
  accepted = 0;
  rejected = 0;
  /** Requests whose route was folded into ROUTE_OTHER because the cap was reached. */
  capped = 0;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    flows: Record<Flow, string>,
    private readonly o: SinkOptions = { maxRouteSeries: 500, maxAgeMs: 3_600_000, maxFutureMs: 300_000 },
  ) {
    this.flows = (Object.entries(flows) as [Flow, RegExp | string][]).map(([f, re]) => [f, new RegExp(re, 'i')]);
    this.now = o.now ?? Date.now;
  }

  flowOf(route: string): Flow | undefined {
    return this.flows.find(([, re]) => re.test(route))?.[0];
  }

  /** Why an event's time is refused, if it is. */
  private outOfWindow(at: number): RejectReason | undefined {
    const t = this.now();
    if (at < t - this.o.maxAgeMs) return 'too-old';
    if (at > t + this.o.maxFutureMs) return 'in-the-future';
    return undefined;
  }

  /** The series of a route, or ROUTE_OTHER once maxRouteSeries distinct routes are known (the set survives a restart through the store). */
  private routeSeries(key: string): string {
    this.routes ??= new Set(this.store.series(SERIES_ROUTE).map((s) => s.slice(SERIES_ROUTE.length)).filter((r) => r !== ROUTE_OTHER));
    if (this.routes.has(key)) return `${SERIES_ROUTE}${key}`;
    if (this.routes.size < this.o.maxRouteSeries) {
      this.routes.add(key);
      return `${SERIES_ROUTE}${key}`;
    }
    this.capped++;
    return `${SERIES_ROUTE}${ROUTE_OTHER}`;
  }

  private writesOf(events: readonly AppEvent[]): Writes {
    const w: Writes = { samples: [], counters: [] };
    const count = (name: string, at: number) => w.counters.push({ name, at, by: 1 });
    for (const e of events) {
      switch (e.type) {
        case 'request': {
          const ok = e.status < 500;
          w.samples.push({ series: SERIES_APP, at: e.at, ok, latencyMs: e.durationMs });
          w.samples.push({ series: this.routeSeries(`${e.method ? `${e.method} ` : ''}${e.route}`), at: e.at, ok, latencyMs: e.durationMs });
          count(C.requests, e.at);
          if (!ok) count(C.errors, e.at);
          const flow = this.flowOf(e.route);
          if (flow) {
            count(C.flowRequests(flow), e.at);
            if (!ok) count(C.flowErrors(flow), e.at);
            if (flow === 'login' && e.status === 401) count(C.login401, e.at);
          }
          break;
        }
        case 'login_failed':
          count(C.loginFailed, e.at);
          break;
        case 'webhook':
          count(C.webhookAttempts, e.at);
          if (e.attempt > 1) count(C.webhookRetries, e.at);
          break;
        case 'email':
          count(e.status === 'bounced' ? C.emailBounced : C.emailSent, e.at);
          break;
      }
    }
    return w;
  }

  /** An event read from a log file: aggregated in memory, written with the minute (the log file itself is the durable copy). */
  add(e: AppEvent): boolean {
    if (this.outOfWindow(e.at)) {
      this.rejected++;
      return false;
    }
    this.accepted++;
    const w = this.writesOf([e]);
    for (const x of w.samples) this.store.record(x.series, x.at, x.ok, x.latencyMs);
    for (const x of w.counters) this.store.count(x.name, x.at, x.by);
    return true;
  }

  /**
   * Events POSTed to /ingest: validated, checked against the time window,
   * and committed to the database before this returns, so the 202 that
   * follows means they survive a crash. Throws NotDurableError while the
   * store runs from memory.
   */
  ingest(items: readonly unknown[]): IngestResult {
    if (!this.store.health().durable) throw new NotDurableError('the monitor database is not writable right now; events were not stored, retry later');
    const t = this.now();
    const reasons: IngestResult['reasons'] = {};
    const good: AppEvent[] = [];
    for (const item of items) {
      const ev = normalizeEvent(item, t);
      const why: RejectReason | undefined = ev ? this.outOfWindow(ev.at) : 'invalid';
      if (why) reasons[why] = (reasons[why] ?? 0) + 1;
      else if (ev) good.push(ev);
    }
    const w = this.writesOf(good);
    this.store.writeNow(w.samples, w.counters);
    if (!this.store.health().durable) throw new NotDurableError('the monitor database failed while storing the events; retry later');
    this.accepted += good.length;
    this.rejected += items.length - good.length;
    return { accepted: good.length, rejected: items.length - good.length, reasons };
  }
}

export interface FiveNumbers {
  p95Ms?: number;
  errors: number;
  failedLogins: number;
  webhookRetries: number;
  /** 0..1, undefined when no email was sent. */
  bounceRate?: number;
  requests: number;
  flows: Record<Flow, { requests: number; errors: number; rate?: number }>;
}

/** The five numbers over [from, to). Failed logins count explicit events, or 401s on login routes when the app sends none. */
export function fiveNumbers(store: Store, from: number, to: number): FiveNumbers {
  const c = (n: string) => store.counter(n, from, to);
  const explicit = c(C.loginFailed);
  const sent = c(C.emailSent);
  const bounced = c(C.emailBounced);
  const flows = {} as FiveNumbers['flows'];
  for (const f of ['signup', 'login', 'passwordReset'] as const) {
    const requests = c(C.flowRequests(f));
    const errors = c(C.flowErrors(f));
    flows[f] = { requests, errors, rate: requests ? errors / requests : undefined };
  }
  return {
    p95Ms: store.histogram(SERIES_APP, from, to).quantile(0.95),
    errors: c(C.errors),
    failedLogins: explicit > 0 ? explicit : c(C.login401),
    webhookRetries: c(C.webhookRetries),
    // Apps report each email once as sent and again if it bounces, so the rate is bounced / sent.
    bounceRate: sent > 0 ? Math.min(1, bounced / sent) : bounced > 0 ? 1 : undefined,
    requests: c(C.requests),
    flows,
  };
}
