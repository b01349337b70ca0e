// Reads an app event out of one structured log line, with configurable field
// names (dotted paths), so pino's `req.url` / `res.statusCode` /
// `responseTime` and any other logger's names both work.
import { normalizeEvent, normalizeRoute, type AppEvent } from '../events.js';

export interface FieldMap {
  time: string;
  route: string;
  method: string;
  status: string;
  duration: string;
  event: string;
  attempt: string;
}

export const PINO_FIELDS: FieldMap = {
  time: 'time',
  route: 'req.url',
  method: 'req.method',
  status: 'res.statusCode',
  duration: 'responseTime',
  event: 'event',
  attempt: 'attempt',
};

export function get(obj: unknown, dotted: string): unknown {
  let v = obj;
  for (const k of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Event names a log line may carry in its `event` field. */
const EVENT_NAMES: Record<string, (line: unknown, f: FieldMap, at: number) => AppEvent | undefined> = {
  login_failed: (_l, _f, at) => ({ type: 'login_failed', at }),
  failed_login: (_l, _f, at) => ({ type: 'login_failed', at }),
  webhook_attempt: (l, f, at) => normalizeEvent({ type: 'webhook', attempt: get(l, f.attempt), ok: get(l, 'ok'), at }, at),
  webhook_retry: (l, f, at) => normalizeEvent({ type: 'webhook', attempt: get(l, f.attempt) ?? 2, at }, at),
  email_sent: (_l, _f, at) => ({ type: 'email', at, status: 'sent' }),
  email_bounced: (_l, _f, at) => ({ type: 'email', at, status: 'bounced' }),
};

export function eventFromLine(line: unknown, f: FieldMap, now: number): AppEvent | undefined {
  const rawTime = get(line, f.time);
  const at = typeof rawTime === 'number' ? (rawTime < 1e11 ? rawTime * 1000 : rawTime) : typeof rawTime === 'string' && !Number.isNaN(Date.parse(rawTime)) ? Date.parse(rawTime) : now;
  const name = get(line, f.event);
  if (typeof name === 'string') {
    const make = EVENT_NAMES[name];
    if (make) return make(line, f, at);
  }
  const route = get(line, f.route);
  const status = Number(get(line, f.status));
  const duration = Number(get(line, f.duration));
  if (typeof route === 'string' && Number.isFinite(status) && Number.isFinite(duration)) {
    const method = get(line, f.method);
    return { type: 'request', at, route: normalizeRoute(route), method: typeof method === 'string' ? method.toUpperCase() : undefined, status, durationMs: duration };
  }
  return undefined;
}
