// The long-running monitor: schedules the HTTP checks, the DNS/mail record
// re-checks and the log polls on one scheduler, feeds results to the store
// and each monitor's alert state machine, and hands alert events to the
// dispatcher. Time for data comes from `now` (injectable); scheduling uses
// the monotonic clock.
import type { LookupFunction } from 'node:net';
import type { AlertSeverity } from '../config/monitor-schema.js';
import { createLookup } from '../probe/resolver.js';
import type { Redactor } from '../secrets/redactor.js';
import { Dispatcher } from './alerts/dispatcher.js';
import { initialAlertState, step, type AlertPolicy, type AlertState } from './alerts/state-machine.js';
import { createChannel } from './channels/index.js';
import type { Channel } from './channels/types.js';
import { evaluate, needsBody } from './conditions.js';
import { EventSink, fiveNumbers } from './events.js';
import { eventFromLine } from './logs/fields.js';
import { FlagCollector, flagLine } from './logs/flagger.js';
import { LogTail } from './logs/tail.js';
import type { MonitorPlan, PlannedCheck } from './plan.js';
import { createResolver, dnsTargets, probeDns } from './probes/dns.js';
import { probeHttp, type HttpProbeResult } from './probes/http.js';
import { Scheduler, type Job } from './scheduler.js';
import type { Store } from './store.js';

export interface MonitorOptions {
  plan: MonitorPlan;
  store: Store;
  redactor: Redactor;
  now?: () => number;
  log?: (line: string) => void;
  /** Extra CA (PEM) for https checks. */
  ca?: string;
  /** Replaces the channels built from the plan (tests, benchmarks). */
  channels?: Map<string, Channel>;
  /** How often log files are polled and closed minutes flushed. */
  pollMs?: number;
  /** Read log files from their beginning instead of only new lines. */
  logsFromStart?: boolean;
}

export interface CheckRun {
  check: string;
  ok: boolean;
  at: number;
  result: HttpProbeResult;
  failed: string[];
}

export class Monitor {
  readonly scheduler = new Scheduler();
  readonly dispatcher: Dispatcher;
  readonly sink: EventSink;
  readonly flags = new FlagCollector();
  private readonly states = new Map<string, { state: AlertState; saved: string }>();
  private readonly tails: LogTail[];
  private readonly lookup: LookupFunction;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly bodyLimit = 64 * 1024;
  readonly startedAt: number;

  constructor(private readonly o: MonitorOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.startedAt = this.now();
    const p = o.plan;
    for (const s of p.secrets) o.redactor.add(s);
    const channels = o.channels ?? new Map(Object.entries(p.channels).map(([n, c]) => [n, createChannel(n, c)]));
    this.dispatcher = new Dispatcher(o.store, channels, p.routes, o.redactor, { ...p.retry, now: this.now, log: this.log });
    this.sink = new EventSink(o.store, p.flows);
    this.lookup = createLookup({ dnsServer: p.dns.dnsServer, timeoutMs: 5_000 });
    this.tails = p.logs.map(
      (l) =>
        new LogTail({
          file: l.path,
          from: o.logsFromStart ? 'start' : 'end',
          onLine: (line) => {
            const e = eventFromLine(line, l.fields, this.now());
            if (e) this.sink.add(e);
            this.flags.add(flagLine(line));
          },
        }),
    );
  }

  get plan(): MonitorPlan {
    return this.o.plan;
  }

  get store(): Store {
    return this.o.store;
  }

  /** Runs one HTTP check, records it and advances its alerts. */
  async runCheck(c: PlannedCheck): Promise<CheckRun> {
    const at = this.now();
    const result = await probeHttp({
      url: c.url,
      method: c.method,
      headers: c.headers,
      timeoutMs: c.timeoutMs,
      keepBody: needsBody(c.conditions) ? this.bodyLimit : 0,
      lookup: this.lookup,
      ca: this.o.ca,
    });
    const input = { connected: result.connected, status: result.status, responseTimeMs: result.totalMs, body: result.body, certDaysLeft: result.certDaysLeft };
    const failed = result.connected ? c.conditions.map((x) => evaluate(x, input)).filter((r) => !r.ok).map((r) => r.text) : [`no response: ${result.error ?? 'unknown error'}`];
    const ok = failed.length === 0;
    const summary = ok ? `${c.method} ${c.url} → ${result.status} in ${Math.round(result.totalMs)} ms` : `${c.method} ${c.url}: ${failed.join('; ')}`;
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
    return { check: c.name, ok, at, result, failed };
  }

  /** Advances one monitor's alert state and dispatches what it raised. */
  observe(monitor: string, severity: AlertSeverity, ok: boolean, summary: string, at: number, policy: AlertPolicy): void {
    const cached = this.states.get(monitor) ?? this.loadState(monitor);
    const { state, events } = step(monitor, cached.state, { ok, at, summary }, policy);
    const json = JSON.stringify(state);
    if (json !== cached.saved) this.o.store.saveAlertState(monitor, state);
    this.states.set(monitor, { state, saved: json });
    for (const ev of events) {
      this.log(`${monitor}: ${ev.type} ${ev.kind}: ${this.o.redactor.scrub(ev.summary)}`);
      this.dispatcher.handle(ev, monitor, severity);
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
        if (prev && prev.digest !== snap.digest) {
          const id = `${t.name}@changed:${snap.digest}`;
          this.dispatcher.handle(
            { type: 'opened', kind: 'changed', incidentId: id, seq: 0, at, opened: at, summary: `was: ${prev.summary || '(nothing)'}; now: ${snap.summary || '(nothing)'}` },
            t.name,
            'warning',
          );
          // A change is a notice, not a state: nothing to resolve later.
          this.o.store.resolveIncident(id, at);
        }
        this.o.store.saveSnapshot(t.name, snap.digest, snap.summary, at);
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
