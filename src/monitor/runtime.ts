// The long-running monitor: schedules the checks (HTTP, TCP, TLS, DNS), the
// DNS/mail record re-checks, the log polls and the store's own health check on
// one scheduler, feeds results to the store and each monitor's alert state
// machine, and hands alert events to the dispatcher. Time for data comes from
// `now` (injectable); scheduling uses the monotonic clock.
import type { LookupFunction } from 'node:net';
import type { AlertSeverity } from '../config/monitor-schema.js';
import { createLookup } from '../probe/resolver.js';
import type { Redactor } from '../secrets/redactor.js';
import { Dispatcher, type RecordOptions } from './alerts/dispatcher.js';
import { initialAlertState, step, type AlertEvent, type AlertPolicy, type AlertState } from './alerts/state-machine.js';
import { createChannel } from './channels/index.js';
import type { Channel } from './channels/types.js';
import { evaluate, needsBody } from './conditions.js';
import { crashPoint } from './crash-points.js';
import { EventSink, fiveNumbers } from './events.js';
import { eventFromLine } from './logs/fields.js';
import { FlagCollector, flagLine, flagText } from './logs/flagger.js';
import { LogTail } from './logs/tail.js';
import { activeWindow } from './maintenance.js';
import type { MonitorPlan, PlannedCheck } from './plan.js';
import { createResolver, dnsTargets, probeDns } from './probes/dns.js';
import { probeDnsQuery, type DnsProbeResult } from './probes/dns-query.js';
import { probeHttp } from './probes/http.js';
import { probeTcp } from './probes/tcp.js';
import { Scheduler, type Job } from './scheduler.js';
import type { Store } from './store.js';

export interface MonitorOptions {
  plan: MonitorPlan;
  store: Store;
  redactor: Redactor;
  now?: () => number;
  log?: (line: string) => void;
  /** Extra CA (PEM) for https and tls checks. */
  ca?: string;
  /** Replaces the channels built from the plan (tests, benchmarks). */
  channels?: Map<string, Channel>;
  /** How often log files are polled and closed minutes flushed. */
  pollMs?: number;
  /** How often the database file is looked at (deleted, replaced, read-only, corrupt); default 5 s or the shortest check interval. */
  storeCheckMs?: number;
  /** Read log files from their beginning instead of only new lines. */
  logsFromStart?: boolean;
}

export type CheckResult = DnsProbeResult;

export interface CheckRun {
  check: string;
  ok: boolean;
  at: number;
  result: CheckResult;
  failed: string[];
  summary: string;
}

const CHANNEL_MONITOR = 'channel:';

export class Monitor {
  readonly scheduler: Scheduler;
  readonly dispatcher: Dispatcher;
  readonly sink: EventSink;
  readonly flags = new FlagCollector();
  private readonly states = new Map<string, { state: AlertState; saved: string }>();
  private readonly tails: LogTail[];
  private readonly lookup: LookupFunction;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly bodyLimit = 64 * 1024;
  private readonly jobErrors = new Map<string, string>();
  readonly startedAt: number;

  constructor(private readonly o: MonitorOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.startedAt = this.now();
    this.scheduler = new Scheduler(undefined, (job, err) => {
      // Said once per distinct error, so a failing job is loud without flooding the log.
      const msg = (err as Error).message ?? String(err);
      if (this.jobErrors.get(job) !== msg) this.log(`error in ${job}: ${o.redactor.scrub(msg)}`);
      this.jobErrors.set(job, msg);
    });
    const p = o.plan;
    for (const s of p.secrets) o.redactor.add(s);
    const channels = o.channels ?? new Map(Object.entries(p.channels).map(([n, c]) => [n, createChannel(n, c)]));
    const timeouts = new Map(Object.entries(p.channels).map(([n, c]) => [n, c.timeoutMs]));
    this.dispatcher = new Dispatcher(o.store, channels, p.routes, o.redactor, {
      ...p.retry,
      timeoutMs: (c) => timeouts.get(c) ?? 10_000,
      now: this.now,
      log: this.log,
      onAttempt: (channel, ok, detail) => this.observeChannel(channel, ok, detail),
    });
    this.sink = new EventSink(o.store, p.flows, { ...p.ingest, now: this.now });
    this.lookup = createLookup({ dnsServer: p.dns.dnsServer, timeoutMs: 5_000 });
    this.tails = p.logs.map(
      (l) =>
        new LogTail({
          file: l.path,
          from: o.logsFromStart ? 'start' : 'end',
          onLine: (line) => {
            const e = eventFromLine(line, l.fields, this.now());
            if (e) this.sink.add(e);
            this.flags.add(flagLine(line, p.prompts));
          },
          // A line too long to hold is still scanned, piece by piece.
          onPiece: (text) => this.flags.add(flagText(text)),
        }),
    );
    // After the store fell back to memory, the alert states this process holds are the truth: put them there.
    o.store.onDegrade(() => {
      for (const [monitor, s] of this.states) o.store.saveAlertState(monitor, s.state);
    });
  }

  get plan(): MonitorPlan {
    return this.o.plan;
  }

  get store(): Store {
    return this.o.store;
  }

  /** Runs one check, records it and advances its alerts. */
  async runCheck(c: PlannedCheck): Promise<CheckRun> {
    const at = this.now();
    const result = await this.probe(c);
    const input = { connected: result.connected, status: result.status, responseTimeMs: result.totalMs, body: result.body, certDaysLeft: result.certDaysLeft, dnsRcode: result.dnsRcode };
    const failed = result.connected ? c.conditions.map((x) => evaluate(x, input)).filter((r) => !r.ok).map((r) => r.text) : [`no response: ${result.error ?? 'unknown error'}`];
    const ok = failed.length === 0;
    const summary = ok ? describe(c, result) : `${target(c)}: ${failed.join('; ')}`;
    const store = this.o.store;
    store.record(`check:${c.name}`, at, ok, result.connected ? result.totalMs : undefined, {
      dnsMs: result.dnsMs,
      connectMs: result.connectMs,
      tlsMs: result.tlsMs,
      firstByteMs: result.firstByteMs,
    });
    store.setLastResult({ check: c.name, at, ok, latencyMs: result.totalMs, status: result.status, detail: this.o.redactor.scrub(summary) });
    this.observe(c.name, c.severity, ok, summary, at, this.o.plan.policy);
    if (result.certDaysLeft !== undefined) {
      const host = new URL(c.url).host;
      const days = Math.floor(result.certDaysLeft);
      const fine = result.certDaysLeft >= this.o.plan.tlsWarnDays;
      this.observe(`certificate:${host}`, 'warning', fine, `the TLS certificate of ${host} expires in ${days} days (${result.certNotAfter})`, at, {
        ...this.o.plan.policy,
        failureThreshold: 1,
        successThreshold: 1,
        failuresInWindow: undefined,
        reminderMs: 86_400_000,
        failKind: 'expiring',
      });
    }
    return { check: c.name, ok, at, result, failed, summary };
  }

  private probe(c: PlannedCheck): Promise<CheckResult> {
    switch (c.kind) {
      case 'tcp':
      case 'tls':
        return probeTcp({ url: c.url, timeoutMs: c.timeoutMs, lookup: this.lookup, ca: this.o.ca });
      case 'dns':
        return probeDnsQuery({ url: c.url, queryName: c.dns?.queryName ?? '', queryType: c.dns?.queryType ?? 'A', timeoutMs: c.timeoutMs, dnsServer: this.o.plan.dns.dnsServer });
      case 'http':
        return probeHttp({
          url: c.url,
          method: c.method,
          headers: c.headers,
          timeoutMs: c.timeoutMs,
          keepBody: needsBody(c.conditions) ? this.bodyLimit : 0,
          lookup: this.lookup,
          ca: this.o.ca,
        });
    }
  }

  /**
   * Advances one monitor's alert state. The new state, the incident change
   * and every message it owes are committed in one transaction, then the
   * channel queues are woken. Inside a maintenance window the incident is
   * recorded but its messages are held; they go out on the first failure
   * after the window ends, and never if it resolves first.
   */
  observe(monitor: string, severity: AlertSeverity, ok: boolean, summary: string, at: number, policy: AlertPolicy, route?: readonly string[]): void {
    const cached = this.states.get(monitor) ?? this.loadState(monitor);
    const { state, events } = step(monitor, cached.state, { ok, at, summary }, policy);
    const window = monitor.startsWith(CHANNEL_MONITOR) ? undefined : activeWindow(this.o.plan.maintenance, monitor, at);
    const wasHeld = cached.state.incident?.held === true;
    const plan: { ev: AlertEvent; opts: RecordOptions }[] = [];
    for (const ev of events) {
      if (ev.type === 'opened') {
        if (window && state.incident) {
          state.incident.held = true;
          state.incident.heldBy = window.name;
        }
        plan.push({ ev, opts: { channels: route, held: Boolean(window) } });
      } else if (ev.type === 'reminder') {
        if (!state.incident?.held) plan.push({ ev, opts: { channels: route } });
      } else {
        // The opening alert of a held incident never went out, so neither does its RESOLVED.
        const held = ev.incidentId === cached.state.incident?.id ? wasHeld : false;
        plan.push({ ev, opts: { channels: route, held } });
      }
    }
    const inc = state.incident;
    // Released only by a failure after the window: a check already recovering when the window ends resolves quietly.
    if (!window && !ok && inc?.held && !events.some((e) => e.type === 'opened')) {
      const by = inc.heldBy ?? 'maintenance';
      inc.held = false;
      inc.heldBy = undefined;
      inc.lastNotified = at;
      plan.push({
        ev: { type: 'opened', incidentId: inc.id, kind: inc.kind, seq: 0, at, opened: inc.opened, summary },
        opts: { channels: route, extra: [`Held during the maintenance window "${by}", which has ended; the problem is still there.`] },
      });
      this.o.store.releaseIncident(inc.id);
    }
    const json = JSON.stringify(state);
    if (plan.length === 0) {
      // Nothing raised: the new counts go with the next flush, not a commit of their own.
      if (json !== cached.saved) this.o.store.saveAlertStateLater(monitor, state);
      this.states.set(monitor, json === cached.saved ? cached : { state, saved: json });
      return;
    }
    const types = plan.map((x) => x.ev.type).join(',');
    if (plan.length) crashPoint('state-computed', types);
    this.o.store.transaction(() => {
      this.o.store.saveAlertState(monitor, state);
      if (plan.length) crashPoint('state-written', types);
      for (const { ev, opts } of plan) this.dispatcher.record(ev, monitor, severity, opts);
    });
    this.states.set(monitor, { state, saved: json });
    if (plan.length === 0) return;
    crashPoint('committed', types);
    for (const { ev, opts } of plan) {
      if (ev.type === 'resolved') this.o.store.noteIncident({ resolved: ev.incidentId });
      if (ev.type === 'opened' && !opts.extra) {
        const incident = { id: ev.incidentId, monitor, kind: ev.kind, severity, opened: ev.opened, resolved: null, summary: this.o.redactor.scrub(ev.summary), held: opts.held ? 1 : 0 };
        this.o.store.noteIncident({ open: { incident, state: json } });
      }
    }
    for (const { ev, opts } of plan) this.log(`${monitor}: ${ev.type} ${ev.kind}${opts.held ? ' (held: maintenance)' : ''}: ${this.o.redactor.scrub(ev.summary)}`);
    this.dispatcher.kick();
  }

  /** A channel that keeps failing raises its own incident, announced on every other channel. */
  private observeChannel(channel: string, ok: boolean, detail: string): void {
    const others = this.dispatcher.channelNames.filter((c) => c !== channel);
    try {
      this.observe(
        `${CHANNEL_MONITOR}${channel}`,
        'warning',
        ok,
        `alert channel ${channel}: ${detail}`,
        this.now(),
        {
          failureThreshold: this.o.plan.channelFailures,
          successThreshold: 1,
          flapping: { changes: 1_000_000, windowMs: 60_000 },
          reminderMs: 86_400_000,
          failKind: 'failing',
        },
        others,
      );
    } catch (err) {
      this.log(`error recording the state of channel ${channel}: ${(err as Error).message}`);
    }
  }

  private loadState(monitor: string): { state: AlertState; saved: string } {
    const s = this.o.store.loadAlertState<AlertState>(monitor);
    return { state: s ?? initialAlertState(), saved: s ? JSON.stringify(s) : '' };
  }

  /** Re-reads the DNS and mail records; announces a change once per new value, alerts when one breaks. */
  async runDns(): Promise<void> {
    const p = this.o.plan;
    const resolver = createResolver(p.dns.dnsServer, 5_000);
    for (const t of dnsTargets(p.dns.domains)) {
      const snap = await probeDns(t, resolver, 5_000);
      const at = this.now();
      const prev = this.o.store.snapshot(t.name);
      // A broken record is the incident's business, and the last good value stays the reference, so
      // breaking and coming back unchanged is one incident, not two change notices.
      if (snap.ok && snap.digest) {
        const changed = prev && prev.digest !== snap.digest;
        this.o.store.transaction(() => {
          if (changed) {
            const id = `${t.name}@changed:${snap.digest}`;
            const summary = `was: ${prev.summary || '(nothing)'}; now: ${snap.summary || '(nothing)'}`;
            this.dispatcher.record({ type: 'opened', kind: 'changed', incidentId: id, seq: 0, at, opened: at, summary }, t.name, 'warning');
            // A change is a notice, not a state: nothing to resolve later.
            this.o.store.resolveIncident(id, at);
          }
          this.o.store.saveSnapshot(t.name, snap.digest, snap.summary, at);
        });
        if (changed) this.dispatcher.kick();
      }
      this.observe(t.name, 'warning', snap.ok, snap.problem ?? snap.summary, at, { ...p.policy, failKind: 'broken', reminderMs: 86_400_000 });
    }
  }

  /**
   * Judges the app's own numbers over the sliding window: error rate of each
   * critical flow, email bounce rate, p95 latency and (when configured)
   * failed logins. Too few events decide nothing, so a quiet night cannot page.
   */
  evaluateThresholds(): void {
    const t = this.o.plan.thresholds;
    const at = this.now();
    const n = fiveNumbers(this.o.store, at - t.windowMs, at + 1);
    const mins = Math.round(t.windowMs / 60_000);
    const policy: AlertPolicy = { ...this.o.plan.policy, failureThreshold: 1, successThreshold: 1, failuresInWindow: undefined, failKind: 'breached' };
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const names = { signup: 'signup', login: 'login', passwordReset: 'password reset' } as const;
    for (const [flow, v] of Object.entries(n.flows) as [keyof typeof names, (typeof n.flows)['signup']][]) {
      if (v.requests < t.minEvents || v.rate === undefined) continue;
      const ok = v.rate <= t.flowErrorRate;
      this.observe(`error-rate:${flow}`, 'critical', ok, `${names[flow]} error rate ${pct(v.rate)} (${v.errors} of ${v.requests} requests answered 5xx in ${mins} min; threshold ${pct(t.flowErrorRate)})`, at, policy);
    }
    const sent = this.o.store.counter('email_sent', at - t.windowMs, at + 1);
    if (sent >= t.minEvents && n.bounceRate !== undefined) {
      this.observe('email:bounce-rate', 'warning', n.bounceRate <= t.bounceRate, `email bounce rate ${pct(n.bounceRate)} of ${sent} sent in ${mins} min (threshold ${pct(t.bounceRate)})`, at, policy);
    }
    if (n.requests >= t.minEvents && n.p95Ms !== undefined) {
      this.observe('latency:p95', 'warning', n.p95Ms <= t.p95Ms, `p95 latency ${Math.round(n.p95Ms)} ms over ${n.requests} requests in ${mins} min (target ${t.p95Ms} ms)`, at, policy);
    }
    if (t.failedLogins !== undefined) {
      this.observe('auth:failed-logins', 'warning', n.failedLogins < t.failedLogins, `${n.failedLogins} failed logins in ${mins} min (threshold ${t.failedLogins})`, at, policy);
    }
  }

  async pollLogs(): Promise<void> {
    for (const t of this.tails) await t.poll();
  }

  /** Starts every schedule. */
  start(): void {
    const p = this.o.plan;
    const pollMs = this.o.pollMs ?? 1_000;
    const jobs: Job[] = p.checks.map((c) => ({ id: `check:${c.name}`, intervalMs: c.intervalMs, run: () => this.runCheck(c).then(() => undefined) }));
    if (p.dns.enabled && dnsTargets(p.dns.domains).length > 0) jobs.push({ id: 'dns', intervalMs: p.dns.intervalMs, run: () => this.runDns() });
    if (this.tails.length) jobs.push({ id: 'logs', intervalMs: pollMs, run: () => this.pollLogs() });
    jobs.push({ id: 'thresholds', intervalMs: 60_000, run: async () => this.evaluateThresholds() });
    jobs.push({ id: 'flush', intervalMs: Math.max(pollMs, 1_000) * 5, run: async () => this.o.store.flush(this.now()) });
    jobs.push({ id: 'prune', intervalMs: 3_600_000, run: async () => this.o.store.prune(this.now(), p.retentionDays) });
    const shortest = Math.min(...p.checks.map((c) => c.intervalMs), 5_000);
    jobs.push({ id: 'store', intervalMs: this.o.storeCheckMs ?? Math.max(200, shortest), run: async () => void this.o.store.checkFile() });
    this.scheduler.start(jobs);
    this.dispatcher.kick();
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.dispatcher.settle(2_000);
    this.dispatcher.close();
    this.o.store.flush(this.now(), true);
  }
}

function target(c: PlannedCheck): string {
  if (c.kind === 'http') return `${c.method} ${c.url}`;
  if (c.kind === 'dns') return `${c.dns?.queryType ?? 'A'} ${c.dns?.queryName ?? ''} (${c.url})`;
  return c.url;
}

function describe(c: PlannedCheck, r: CheckResult): string {
  const ms = Math.round(r.totalMs);
  switch (c.kind) {
    case 'http':
      return `${target(c)} → ${r.status} in ${ms} ms`;
    case 'dns':
      return `${target(c)} → ${r.dnsRcode}${r.body ? ` ${r.body.slice(0, 200)}` : ''} in ${ms} ms`;
    default:
      return `${c.url} connected${c.kind === 'tls' ? ' (TLS)' : ''} in ${ms} ms`;
  }
}
