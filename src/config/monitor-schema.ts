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

export const monitorCheckSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a short name: letters, digits, . _ -'),
  url: z.string().min(1).describe('the absolute http(s) URL to poll'),
  method: z.enum(['GET', 'HEAD']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  /** home | login | health: which launch minimum-bar target this check covers. */
  covers: z.enum(['home', 'login', 'health']).optional(),
  intervalSeconds: z.number().positive().optional(),
  timeoutMs: positiveInt.optional(),
  conditions: z.array(conditionSchema).min(1).default(['[STATUS] < 400']),
  severity: z.enum(ALERT_SEVERITIES).default('critical'),
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
});
const slackChannel = z.strictObject({
  type: z.literal('slack'),
  webhookUrl: z.string().min(1).describe('a Slack (or Mattermost/Discord-compatible) incoming webhook URL; use env:'),
});
const webhookChannel = z.strictObject({
  type: z.literal('webhook'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
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
    loginPath: z.string().default('/login').describe('path of the login page on appUrl'),
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
          .strictObject({ attempts: positiveInt.default(6), baseDelayMs: positiveInt.default(2_000) })
          .prefault({}),
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
      .strictObject({ token: token.optional().describe('bearer token the app sends with events; use env:') })
      .prefault({}),
    logs: z
      .array(
        z.strictObject({
          path: z.string().min(1).describe('a JSON-lines log file (pino style), relative to the config file'),
          fields: fieldsSchema,
        }),
      )
      .default([]),
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
    });
    for (const [k, v] of Object.entries(m.flows)) {
      try {
        new RegExp(v);
      } catch {
        ctx.addIssue({ code: 'custom', path: ['flows', k], message: 'not a valid regular expression' });
      }
    }
  });

export type MonitorConfig = z.infer<typeof monitorSchema>;
export type MonitorCheckConfig = z.infer<typeof monitorCheckSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
