// The `monitor` section of launchready.yml: what `launchready monitor` polls,
// where it keeps data, who it alerts and how. Kept in its own file so the main
// schema only gains one key. Conditions are validated here, so a typo in
// `[STATUS] == 200` comes out of the loader with its file:line like any other
// config error.
import { z } from 'zod';
import { parseCondition } from '../monitor/conditions.js';

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;

const positiveInt = z.number().int().positive();
// env: references are resolved after validation, so only a literal token is held to the length.
const token = z.string().refine((s) => s.startsWith('env:') || s.length >= 16, { message: 'a token of at least 16 characters (or env:NAME)' });

const conditionSchema = z.string().superRefine((s, ctx) => {
  const r = parseCondition(s);
  if ('error' in r) ctx.addIssue({ code: 'custom', message: `invalid condition: ${r.error}` });
});

/** The kinds of check a `url` can name, by scheme. */
export const CHECK_SCHEMES = ['http', 'https', 'tcp', 'tls', 'dns'] as const;
export type CheckKind = 'http' | 'tcp' | 'tls' | 'dns';

export const DNS_QUERY_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS', 'SRV', 'PTR', 'CAA'] as const;

export const monitorCheckSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a short name: letters, digits, . _ -'),
  url: z
    .string()
    .min(1)
    .describe('what to check: http(s)://… (an HTTP request), tcp://host:port (a TCP connect), tls://host:port (connect and TLS handshake), dns:// or dns://resolver:port (a DNS query, see dns)'),
  method: z.enum(['GET', 'HEAD']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  /** For dns:// checks: the question to ask. */
  dns: z.strictObject({ queryName: z.string().min(1), queryType: z.enum(DNS_QUERY_TYPES).default('A') }).optional(),
  /** home | login | health: which launch minimum-bar target this check covers. */
  covers: z.enum(['home', 'login', 'health']).optional(),
  intervalSeconds: z.number().positive().optional(),
  timeoutMs: positiveInt.optional(),
  conditions: z.array(conditionSchema).min(1).optional().describe('default: [STATUS] < 400 (http), [CONNECTED] == true (tcp, tls), [DNS_RCODE] == NOERROR (dns)'),
  severity: z.enum(ALERT_SEVERITIES).default('critical'),
  /** Shown on the public status page (when statusPage.enabled); default true. */
  public: z.boolean().default(true),
});

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

const maintenanceSchema = z
  .strictObject({
    name: z.string().min(1).default('maintenance'),
    start: z.string().describe('an ISO date-time (2026-12-01T22:00:00Z) for one window, or HH:MM with `every` for a recurring one'),
    duration: z
      .union([z.number().positive(), z.string().regex(/^\s*(\d+\s*h)?\s*(\d+\s*m(in)?)?\s*$/i, 'a duration like 1h, 30m or 1h30m')])
      .describe('minutes, or 1h / 30m / 1h30m'),
    every: z.array(z.enum([...WEEKDAYS, 'day'])).min(1).optional().describe('weekdays (or day) on which a recurring window starts'),
    timezone: z.string().default('UTC').describe('IANA time zone of a recurring window, e.g. Europe/Berlin'),
    checks: z.array(z.string()).optional().describe('check names whose alerts are held; default: every check'),
  })
  .superRefine((w, ctx) => {
    const clock = /^([01]\d|2[0-3]):[0-5]\d$/.test(w.start);
    if (w.every && !clock) ctx.addIssue({ code: 'custom', path: ['start'], message: 'a recurring window (every: …) starts at a time of day, HH:MM' });
    if (!w.every && (clock || Number.isNaN(Date.parse(w.start)))) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'a one-off window starts at an ISO date-time like 2026-12-01T22:00:00Z (or add every: [day] for a daily one)' });
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: w.timezone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['timezone'], message: `unknown time zone "${w.timezone}"; expected an IANA name like UTC or Europe/Berlin` });
    }
  });

const emailChannel = z.strictObject({
  type: z.literal('email'),
  host: z.string().min(1),
  port: positiveInt.default(587),
  secure: z.boolean().default(false).describe('TLS from the first byte (port 465); otherwise STARTTLS when offered'),
  username: z.string().optional(),
  password: z.string().optional(),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
  timeoutMs: positiveInt.default(30_000).describe('deadline of one delivery attempt, SMTP conversation included'),
});
const slackChannel = z.strictObject({
  type: z.literal('slack'),
  webhookUrl: z.string().min(1).describe('a Slack (or Mattermost/Discord-compatible) incoming webhook URL; use env:'),
  timeoutMs: positiveInt.default(10_000).describe('deadline of one delivery attempt'),
});
const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  timeoutMs: positiveInt.default(10_000).describe('deadline of one delivery attempt'),
});
export const channelSchema = z.discriminatedUnion('type', [emailChannel, slackChannel, webhookChannel]);

const fieldsSchema = z
  .strictObject({
    time: z.string().default('time'),
    route: z.string().default('req.url'),
    method: z.string().default('req.method'),
    status: z.string().default('res.statusCode'),
    duration: z.string().default('responseTime'),
    event: z.string().default('event'),
    attempt: z.string().default('attempt'),
  })
  .prefault({});

export const monitorSchema = z
  .strictObject({
    storage: z
      .strictObject({
        path: z.string().default('.launchready/monitor.db').describe('SQLite file, relative to the config file'),
        retentionDays: z.number().positive().default(35).describe('how long per-minute rollups are kept'),
      })
      .prefault({}),
    defaults: z
      .strictObject({
        intervalSeconds: z.number().positive().default(60),
        timeoutMs: positiveInt.default(10_000),
        latencyTargetMs: z.number().positive().default(300),
        failureThreshold: positiveInt.default(3),
        successThreshold: positiveInt.default(2),
      })
      .prefault({}),
    /** Generate home / login / health checks from the environments. */
    defaultChecks: z.boolean().default(true),
    // No default: an app that signs in through an API (POST /api/login) has no login page, and a guessed
    // /login that answers 404 there is not an outage (critic #3). Unset, the monitor watches no login page
    // and the audit judges /login only when it answers as a page.
    loginPath: z.string().optional().describe('path of the login page on appUrl; unset when the app has none (sign-in through an API)'),
    checks: z.array(monitorCheckSchema).default([]),
    tls: z.strictObject({ warnDays: positiveInt.default(14) }).prefault({}),
    dns: z
      .strictObject({ enabled: z.boolean().default(true), intervalSeconds: z.number().positive().default(900) })
      .prefault({}),
    alerts: z
      .strictObject({
        failuresInWindow: z.strictObject({ failures: positiveInt, minutes: z.number().positive() }).optional(),
        flapping: z
          .strictObject({ changes: positiveInt.default(4), minutes: z.number().positive().default(10) })
          .prefault({}),
        reminderMinutes: z.number().nonnegative().default(60).describe('0 turns reminders off'),
        retry: z
          .strictObject({
            baseDelayMs: positiveInt.default(2_000).describe('first retry delay; doubles per attempt'),
            maxDelayMinutes: z.number().positive().default(5).describe('backoff cap: a channel that is down is retried at least this often'),
            giveUpMinutesAfterResolved: z
              .number()
              .nonnegative()
              .default(60)
              .describe('a message is retried until delivered, or until its incident has been over this long'),
          })
          .prefault({}),
        channelFailures: positiveInt.default(3).describe('failed attempts in a row after which a channel raises its own alert on the other channels'),
      })
      .prefault({}),
    channels: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case channel name'), channelSchema).default({}),
    /** Which channels get which severity. */
    routes: z
      .strictObject({
        critical: z.array(z.string()).default([]),
        warning: z.array(z.string()).default([]),
        info: z.array(z.string()).default([]),
      })
      .prefault({}),
    /** Alerts on the app's own numbers (from ingested events and logs), over a sliding window. */
    thresholds: z
      .strictObject({
        windowMinutes: z.number().positive().default(15),
        minEvents: positiveInt.default(20).describe('fewer events than this in the window decide nothing'),
        flowErrorRate: z.number().min(0).max(1).default(0.05).describe('5xx share on signup, login or password reset'),
        bounceRate: z.number().min(0).max(1).default(0.05),
        p95Ms: z.number().positive().optional().describe('default: defaults.latencyTargetMs'),
        failedLogins: positiveInt.optional().describe('failed logins per window that raise a warning'),
      })
      .prefault({}),
    flows: z
      .strictObject({
        signup: z.string().default('(^|/)(signup|sign-up|register)(/|$|\\?)'),
        login: z.string().default('(^|/)(login|sign-in|signin|session|sessions)(/|$|\\?)'),
        passwordReset: z.string().default('(^|/)(password-reset|reset-password|forgot-password|password/reset)(/|$|\\?)'),
      })
      .prefault({}),
    ingest: z
      .strictObject({
        token: token.optional().describe('bearer token the app sends with events; use env:'),
        maxRouteSeries: positiveInt.default(500).describe('distinct routes kept as their own series; later new routes are counted under "(other routes)"'),
        maxAgeMinutes: z.number().positive().default(60).describe('events older than this are rejected'),
        maxFutureMinutes: z.number().nonnegative().default(5).describe('events further ahead than this (clock skew) are rejected'),
      })
      .prefault({}),
    logs: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe('a JSON-lines log file (pino style), relative to the config file'),
          fields: fieldsSchema,
        }),
      )
      .default([]),
    /** Times when alerts are held (planned work): results are still recorded and shown. */
    maintenance: z.array(maintenanceSchema).default([]),
    /** A public, read-only status page at /status (no token, no internal details). Off by default. */
    statusPage: z
      .strictObject({
        enabled: z.boolean().default(false),
        title: z.string().optional().describe('default: the project name'),
      })
      .prefault({}),
    dashboard: z
      .strictObject({
        enabled: z.boolean().default(true),
        bind: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(9464),
        token: token.optional().describe('required to open the dashboard; use env:'),
      })
      .prefault({}),
  })
  .superRefine((m, ctx) => {
    const names = Object.keys(m.channels);
    for (const sev of ALERT_SEVERITIES) {
      m.routes[sev].forEach((c, i) => {
        if (!names.includes(c)) {
          ctx.addIssue({
            code: 'custom',
            path: ['routes', sev, i],
            message: `unknown channel "${c}"; expected one of: ${names.join(', ') || 'none configured under monitor.channels'}`,
          });
        }
      });
    }
    const seen = new Set<string>();
    m.checks.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: ['checks', i, 'name'], message: `duplicate check name "${c.name}"` });
      seen.add(c.name);
      for (const problem of checkProblems(c)) ctx.addIssue({ code: 'custom', path: ['checks', i, ...problem.path], message: problem.message });
    });
    m.maintenance.forEach((w, i) => {
      (w.checks ?? []).forEach((name, j) => {
        if (!seen.has(name) && !['home', 'login', 'health'].includes(name)) {
          ctx.addIssue({ code: 'custom', path: ['maintenance', i, 'checks', j], message: `unknown check "${name}"; expected one of: ${[...seen, 'home', 'login', 'health'].join(', ')}` });
        }
      });
    });
    for (const [k, v] of Object.entries(m.flows)) {
      try {
        new RegExp(v);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['flows', k], message: 'not a valid regular expression' });
      }
    }
  });

/** The scheme of a check URL ('' when it has none). */
export function schemeOf(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? '';
}

export function checkKindOf(url: string): CheckKind | undefined {
  const s = schemeOf(url);
  return s === 'https' || s === 'http' ? 'http' : s === 'tcp' || s === 'tls' || s === 'dns' ? s : undefined;
}

/** What each kind of check can be asked about. */
export const PLACEHOLDERS_BY_KIND: Record<CheckKind, readonly string[]> = {
  http: ['STATUS', 'RESPONSE_TIME', 'BODY', 'JSON', 'CONNECTED', 'CERTIFICATE_EXPIRATION_DAYS'],
  tcp: ['CONNECTED', 'RESPONSE_TIME'],
  tls: ['CONNECTED', 'RESPONSE_TIME', 'CERTIFICATE_EXPIRATION_DAYS'],
  dns: ['DNS_RCODE', 'BODY', 'RESPONSE_TIME', 'CONNECTED'],
};

/**
 * A check the config accepts is a check that runs: the URL's scheme must be
 * one the monitor implements, with what that kind needs. ICMP is refused
 * here: Node cannot open an ICMP socket without root or CAP_NET_RAW.
 */
function checkProblems(c: z.infer<typeof monitorCheckSchema>): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  const scheme = schemeOf(c.url);
  if (c.url.startsWith('env:')) return out;
  if (scheme === 'icmp' || scheme === 'ping') {
    return [
      {
        path: ['url'],
        message:
          'icmp:// checks need raw sockets (root or CAP_NET_RAW), which the monitor does not use; check a port instead (tcp://host:22, tcp://host:443) or an HTTP endpoint',
      },
    ];
  }
  const kind = checkKindOf(c.url);
  if (!kind) return [{ path: ['url'], message: `unsupported check URL "${c.url.slice(0, 60)}"; expected http(s)://…, tcp://host:port, tls://host:port or dns://` }];
  let u: URL | undefined;
  try {
    u = new URL(c.url);
  } catch {
    return [{ path: ['url'], message: `not a valid URL: "${c.url.slice(0, 60)}"` }];
  }
  if ((kind === 'tcp' || kind === 'tls') && (!u.hostname || !u.port)) out.push({ path: ['url'], message: `a ${kind} check needs a host and a port: ${kind}://host:port` });
  if (kind === 'dns' && !c.dns) out.push({ path: ['dns'], message: 'a dns:// check needs dns: { queryName: …, queryType: A }' });
  if (kind !== 'dns' && c.dns) out.push({ path: ['dns'], message: 'dns: belongs to a dns:// check' });
  if (kind !== 'http' && (c.method !== 'GET' || Object.keys(c.headers).length)) out.push({ path: ['headers'], message: `a ${kind} check sends no HTTP request: method and headers do not apply` });
  (c.conditions ?? []).forEach((cond, i) => {
    const p = /^\s*\[([A-Z_]+)\]/.exec(cond)?.[1];
    if (p && !PLACEHOLDERS_BY_KIND[kind].includes(p)) {
      out.push({ path: ['conditions', i], message: `[${p}] does not apply to a ${kind} check; it knows ${PLACEHOLDERS_BY_KIND[kind].map((x) => `[${x}]`).join(', ')}` });
    }
  });
  return out;
}

export type MonitorConfig = z.infer<typeof monitorSchema>;
export type MonitorCheckConfig = z.infer<typeof monitorCheckSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type MaintenanceConfig = z.infer<typeof maintenanceSchema>;
