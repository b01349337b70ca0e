// Turns the `monitor` config section into what the runtime needs: concrete
// checks (the home / login / health set generated from the environments
// unless switched off), parsed conditions, alert policy in milliseconds, and
// every value that must be masked in messages.
import type { LaunchConfig } from '../config/schema.js';
import { checkKindOf, monitorSchema, type AlertSeverity, type ChannelConfig, type CheckKind, type MaintenanceConfig, type MonitorConfig } from '../config/monitor-schema.js';
import { parseCondition, type Condition } from './conditions.js';
import type { AlertPolicy } from './alerts/state-machine.js';
import { channelSecrets, queryValues } from './channels/index.js';
import type { FieldMap } from './logs/fields.js';
import { promptLogContext, type PromptLogContext } from '../evidence/gatherers/ai/log-exposure.js';
import type { Flow } from './events.js';

export interface PlannedCheck {
  name: string;
  kind: CheckKind;
  url: string;
  /** dns checks: the question. */
  dns?: { queryName: string; queryType: string };
  /** Shown on the public status page. */
  public: boolean;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  covers?: 'home' | 'login' | 'health';
  intervalMs: number;
  timeoutMs: number;
  conditions: Condition[];
  severity: AlertSeverity;
  /** Where it came from: the config, or generated from an environment. */
  origin: 'config' | 'default';
}

export interface MonitorPlan {
  checks: PlannedCheck[];
  policy: AlertPolicy;
  latencyTargetMs: number;
  tlsWarnDays: number;
  dns: { enabled: boolean; intervalMs: number; dnsServer?: string; domains: LaunchConfig['domains'] };
  channels: Record<string, ChannelConfig>;
  routes: Record<AlertSeverity, string[]>;
  retry: { baseDelayMs: number; maxDelayMs: number; expireAfterMs: number };
  /** Failed attempts in a row after which a channel raises its own alert. */
  channelFailures: number;
  flows: Record<Flow, string>;
  thresholds: { windowMs: number; minEvents: number; flowErrorRate: number; bounceRate: number; p95Ms: number; failedLogins?: number };
  ingestToken?: string;
  ingest: { maxRouteSeries: number; maxAgeMs: number; maxFutureMs: number };
  maintenance: MaintenanceConfig[];
  statusPage: { enabled: boolean; title?: string };
  logs: { path: string; fields: FieldMap }[];
  /** The system prompt's canary and text, so tailed lines that expose them are flagged (issue 16). */
  prompts?: PromptLogContext;
  dashboard: { enabled: boolean; bind: string; port: number; token?: string };
  storagePath: string;
  retentionDays: number;
  /** Values never to show: tokens, passwords, webhook URLs, check headers. */
  secrets: string[];
}

/** The monitor section as configured, or the defaults when the file has none. */
export function monitorConfigOf(config: LaunchConfig): MonitorConfig {
  return config.monitor ?? monitorSchema.parse({});
}

/** The checks `launchready monitor` runs: configured ones plus home/login/health of the target environment. */
export function plannedChecks(config: LaunchConfig, m: MonitorConfig = monitorConfigOf(config)): PlannedCheck[] {
  const d = m.defaults;
  const out: PlannedCheck[] = m.checks.map((c) => ({
    name: c.name,
    // The schema refused every other scheme.
    kind: checkKindOf(c.url) ?? 'http',
    url: c.url,
    dns: c.dns,
    public: c.public,
    method: c.method,
    headers: c.headers,
    covers: c.covers,
    intervalMs: (c.intervalSeconds ?? d.intervalSeconds) * 1000,
    timeoutMs: c.timeoutMs ?? d.timeoutMs,
    conditions: (c.conditions ?? DEFAULT_CONDITIONS[checkKindOf(c.url) ?? 'http']).map((s) => parseCondition(s)).filter((x): x is Condition => !('error' in x)),
    severity: c.severity,
    origin: 'config',
  }));
  if (!m.defaultChecks) return out;
  const envName = config.api.target ?? Object.keys(config.environments)[0];
  const env = envName ? config.environments[envName] : undefined;
  const appUrl = env?.appUrl;
  const apiUrl = env?.apiUrl ?? appUrl;
  const covered = new Set(out.map((c) => c.covers));
  const names = new Set(out.map((c) => c.name));
  const add = (name: string, covers: PlannedCheck['covers'], base: string | undefined, p: string, conds: string[]) => {
    if (!base || covered.has(covers) || names.has(name) || !/^https?:\/\//i.test(base)) return;
    out.push({
      name,
      kind: 'http',
      public: true,
      url: new URL(p, base.endsWith('/') ? base : `${base}/`).toString(),
      method: 'GET',
      headers: {},
      covers,
      intervalMs: d.intervalSeconds * 1000,
      timeoutMs: d.timeoutMs,
      conditions: conds.map((s) => parseCondition(s)).filter((x): x is Condition => !('error' in x)),
      severity: 'critical',
      origin: 'default',
    });
  };
  const rel = (p: string) => p.replace(/^\//, '');
  add('home', 'home', appUrl, '', ['[STATUS] < 400']);
  // Only a login page someone declared: a guessed /login on an API-only app would page somebody every minute.
  if (m.loginPath !== undefined) add('login', 'login', appUrl, rel(m.loginPath), ['[STATUS] < 400']);
  add('health', 'health', apiUrl, rel(config.api.healthPath), ['[STATUS] == 200']);
  return out;
}

const DEFAULT_CONDITIONS: Record<CheckKind, string[]> = {
  http: ['[STATUS] < 400'],
  tcp: ['[CONNECTED] == true'],
  tls: ['[CONNECTED] == true'],
  dns: ['[DNS_RCODE] == NOERROR'],
};

export function planFromConfig(config: LaunchConfig, resolvePath: (p: string) => string): MonitorPlan {
  const m = monitorConfigOf(config);
  const checks = plannedChecks(config, m);
  const secrets = [
    m.ingest.token,
    m.dashboard.token,
    ...Object.values(m.channels).flatMap(channelSecrets),
    ...checks.flatMap((c) => [...Object.values(c.headers), ...queryValues(c.url)]),
  ].filter((s): s is string => Boolean(s));
  return {
    checks,
    policy: {
      failureThreshold: m.defaults.failureThreshold,
      successThreshold: m.defaults.successThreshold,
      failuresInWindow: m.alerts.failuresInWindow
        ? { failures: m.alerts.failuresInWindow.failures, windowMs: m.alerts.failuresInWindow.minutes * 60_000 }
        : undefined,
      flapping: { changes: m.alerts.flapping.changes, windowMs: m.alerts.flapping.minutes * 60_000 },
      reminderMs: m.alerts.reminderMinutes * 60_000,
    },
    latencyTargetMs: m.defaults.latencyTargetMs,
    tlsWarnDays: m.tls.warnDays,
    dns: { enabled: m.dns.enabled, intervalMs: m.dns.intervalSeconds * 1000, dnsServer: config.network.dnsServer, domains: config.domains },
    channels: m.channels,
    routes: m.routes,
    retry: {
      baseDelayMs: m.alerts.retry.baseDelayMs,
      maxDelayMs: m.alerts.retry.maxDelayMinutes * 60_000,
      expireAfterMs: m.alerts.retry.giveUpMinutesAfterResolved * 60_000,
    },
    channelFailures: m.alerts.channelFailures,
    flows: m.flows,
    thresholds: {
      windowMs: m.thresholds.windowMinutes * 60_000,
      minEvents: m.thresholds.minEvents,
      flowErrorRate: m.thresholds.flowErrorRate,
      bounceRate: m.thresholds.bounceRate,
      p95Ms: m.thresholds.p95Ms ?? m.defaults.latencyTargetMs,
      failedLogins: m.thresholds.failedLogins,
    },
    ingestToken: m.ingest.token,
    ingest: { maxRouteSeries: m.ingest.maxRouteSeries, maxAgeMs: m.ingest.maxAgeMinutes * 60_000, maxFutureMs: m.ingest.maxFutureMinutes * 60_000 },
    maintenance: m.maintenance,
    statusPage: m.statusPage,
    logs: m.logs.map((l) => ({ path: resolvePath(l.path), fields: l.fields })),
    prompts: promptLogContext(config, resolvePath),
    dashboard: m.dashboard,
    storagePath: resolvePath(m.storage.path),
    retentionDays: m.storage.retentionDays,
    secrets,
  };
}
