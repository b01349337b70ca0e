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

export class EventSink {
  private readonly flows: [Flow, RegExp][];
  accepted = 0;

  constructor(
    private readonly store: Store,
    flows: Record<Flow, string>,
  ) {
    this.flows = (Object.entries(flows) as [Flow, string][]).map(([f, re]) => [f, new RegExp(re, 'i')]);
  }

  flowOf(route: string): Flow | undefined {
    return this.flows.find(([, re]) => re.test(route))?.[0];
  }

  add(e: AppEvent): void {
    this.accepted++;
    const s = this.store;
    switch (e.type) {
      case 'request': {
        const ok = e.status < 500;
        s.record(SERIES_APP, e.at, ok, e.durationMs);
        s.record(`${SERIES_ROUTE}${e.method ? `${e.method} ` : ''}${e.route}`, e.at, ok, e.durationMs);
        s.count(C.requests, e.at);
        if (!ok) s.count(C.errors, e.at);
        const flow = this.flowOf(e.route);
        if (flow) {
          s.count(C.flowRequests(flow), e.at);
          if (!ok) s.count(C.flowErrors(flow), e.at);
          if (flow === 'login' && e.status === 401) s.count(C.login401, e.at);
        }
        break;
      }
      case 'login_failed':
        s.count(C.loginFailed, e.at);
        break;
      case 'webhook':
        s.count(C.webhookAttempts, e.at);
        if (e.attempt > 1) s.count(C.webhookRetries, e.at);
        break;
      case 'email':
        s.count(e.status === 'bounced' ? C.emailBounced : C.emailSent, e.at);
        break;
    }
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
