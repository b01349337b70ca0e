// The monitor's embedded database (better-sqlite3, WAL). What it keeps:
// - per-minute rollups per series (a check, a route, or all app requests):
//   count, successes, summed timing phases and a mergeable histogram, so
//   p50/p95/p99 over any range merge exactly within the histogram's error;
// - per-minute counters (errors, failed logins, webhook retries, bounces);
// - the last result of each check, recent failures, alert state, incidents
//   and alert deliveries, all of which survive a restart.
// Raw successful samples are not stored: they are what bloats other uptime
// tools' databases and the rollups answer every question the dashboard asks.
// Samples are aggregated in memory and written once per closed minute.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Histogram } from './histogram.js';

export const MINUTE = 60_000;

export interface Phases {
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
}

interface Agg {
  series: string;
  minute: number;
  count: number;
  ok: number;
  phases: Phases;
  hist: Histogram;
}

export interface LastResult {
  check: string;
  at: number;
  ok: boolean;
  latencyMs: number;
  status?: number;
  detail: string;
}

export interface IncidentRow {
  id: string;
  monitor: string;
  kind: string;
  severity: string;
  opened: number;
  resolved: number | null;
  summary: string;
}

export interface DeliveryRow {
  incident: string;
  channel: string;
  kind: string;
  seq: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_at: number;
  last_error: string | null;
  subject: string;
  body: string;
  created: number;
  sent: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rollups(series TEXT NOT NULL, minute INTEGER NOT NULL, count INTEGER NOT NULL, ok INTEGER NOT NULL,
  dns REAL NOT NULL, connect REAL NOT NULL, tls REAL NOT NULL, ttfb REAL NOT NULL, hist BLOB NOT NULL, PRIMARY KEY(series, minute)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS rollups_minute ON rollups(minute);
CREATE TABLE IF NOT EXISTS counters(name TEXT NOT NULL, minute INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY(name, minute)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS last_results(check_name TEXT PRIMARY KEY, at INTEGER NOT NULL, ok INTEGER NOT NULL, latency REAL NOT NULL, status INTEGER, detail TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS failures(check_name TEXT NOT NULL, at INTEGER NOT NULL, detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS failures_at ON failures(at);
CREATE TABLE IF NOT EXISTS alert_state(monitor TEXT PRIMARY KEY, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS incidents(id TEXT PRIMARY KEY, monitor TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
  opened INTEGER NOT NULL, resolved INTEGER, summary TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries(incident TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, seq INTEGER NOT NULL,
  status TEXT NOT NULL, attempts INTEGER NOT NULL, next_at INTEGER NOT NULL, last_error TEXT, subject TEXT NOT NULL, body TEXT NOT NULL,
  created INTEGER NOT NULL, sent INTEGER, PRIMARY KEY(incident, channel, kind, seq));
CREATE TABLE IF NOT EXISTS snapshots(name TEXT PRIMARY KEY, digest TEXT NOT NULL, summary TEXT NOT NULL, at INTEGER NOT NULL);
`;

export class Store {
  readonly db: Database.Database;
  private readonly open = new Map<string, Agg>();
  private readonly openCounters = new Map<string, number>();
  private readonly pendingLast = new Map<string, LastResult>();
  private readonly pendingFailures: LastResult[] = [];
  private readonly stmts;
  private readonly cache = new Map<string, Database.Statement>();

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const d = this.db;
    this.stmts = {
      getRollup: d.prepare('SELECT count, ok, dns, connect, tls, ttfb, hist FROM rollups WHERE series = ? AND minute = ?'),
      putRollup: d.prepare(
        'INSERT OR REPLACE INTO rollups(series, minute, count, ok, dns, connect, tls, ttfb, hist) VALUES (?,?,?,?,?,?,?,?,?)',
      ),
      addCounter: d.prepare(
        'INSERT INTO counters(name, minute, value) VALUES (?,?,?) ON CONFLICT(name, minute) DO UPDATE SET value = value + excluded.value',
      ),
      putLast: d.prepare('INSERT OR REPLACE INTO last_results(check_name, at, ok, latency, status, detail) VALUES (?,?,?,?,?,?)'),
      addFailure: d.prepare('INSERT INTO failures(check_name, at, detail) VALUES (?,?,?)'),
    };
  }

  /** Prepared once per SQL text: preparing on every call costs more than running. */
  private q(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  /** Adds one timed sample to its series' open minute. */
  record(series: string, at: number, ok: boolean, latencyMs: number | undefined, phases?: Partial<Phases>): void {
    const minute = Math.floor(at / MINUTE) * MINUTE;
    const key = `${series}\u0000${minute}`;
    let agg = this.open.get(key);
    if (!agg) {
      agg = { series, minute, count: 0, ok: 0, phases: { dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0 }, hist: new Histogram() };
      this.open.set(key, agg);
    }
    agg.count++;
    if (ok) agg.ok++;
    if (latencyMs !== undefined) agg.hist.add(latencyMs);
    if (phases) {
      agg.phases.dnsMs += phases.dnsMs ?? 0;
      agg.phases.connectMs += phases.connectMs ?? 0;
      agg.phases.tlsMs += phases.tlsMs ?? 0;
      agg.phases.firstByteMs += phases.firstByteMs ?? 0;
    }
  }

  count(name: string, at: number, by = 1): void {
    const minute = Math.floor(at / MINUTE) * MINUTE;
    const key = `${name}\u0000${minute}`;
    this.openCounters.set(key, (this.openCounters.get(key) ?? 0) + by);
  }

  /** Kept in memory and written with the next flush: one transaction for many checks. */
  setLastResult(r: LastResult): void {
    this.pendingLast.set(r.check, r);
    if (!r.ok) this.pendingFailures.push(r);
  }

  /**
   * Writes minutes that have closed (or all, with `all`). An already written
   * minute (a restart, or an earlier forced flush) is merged, not replaced.
   */
  flush(now: number, all = false): void {
    const current = Math.floor(now / MINUTE) * MINUTE;
    const tx = this.db.transaction(() => {
      for (const r of this.pendingLast.values()) this.stmts.putLast.run(r.check, r.at, r.ok ? 1 : 0, r.latencyMs, r.status ?? null, r.detail);
      this.pendingLast.clear();
      for (const r of this.pendingFailures.splice(0)) this.stmts.addFailure.run(r.check, r.at, r.detail);
      for (const [key, agg] of this.open) {
        if (!all && agg.minute >= current) continue;
        this.open.delete(key);
        const prev = this.stmts.getRollup.get(agg.series, agg.minute) as
          | { count: number; ok: number; dns: number; connect: number; tls: number; ttfb: number; hist: Buffer }
          | undefined;
        const hist = prev ? Histogram.decode(prev.hist).merge(agg.hist) : agg.hist;
        this.stmts.putRollup.run(
          agg.series,
          agg.minute,
          agg.count + (prev?.count ?? 0),
          agg.ok + (prev?.ok ?? 0),
          agg.phases.dnsMs + (prev?.dns ?? 0),
          agg.phases.connectMs + (prev?.connect ?? 0),
          agg.phases.tlsMs + (prev?.tls ?? 0),
          agg.phases.firstByteMs + (prev?.ttfb ?? 0),
          hist.encode(),
        );
      }
      for (const [key, value] of this.openCounters) {
        const [name, minute] = key.split('\u0000') as [string, string];
        if (!all && Number(minute) >= current) continue;
        this.openCounters.delete(key);
        this.stmts.addCounter.run(name, Number(minute), value);
      }
    });
    tx();
  }

  /** Merged histogram of the series (exact name, or every series with the prefix) over [from, to). */
  histogram(series: string, from: number, to: number, opts: { prefix?: boolean } = {}): Histogram {
    this.flush(to, true);
    const rows = (
      opts.prefix
        ? this.q('SELECT hist FROM rollups WHERE series >= ? AND series < ? AND minute >= ? AND minute < ?').all(series, series + '\uffff', from, to)
        : this.q('SELECT hist FROM rollups WHERE series = ? AND minute >= ? AND minute < ?').all(series, from, to)
    ) as { hist: Buffer }[];
    const h = new Histogram();
    for (const r of rows) h.merge(Histogram.decode(r.hist));
    return h;
  }

  /** Count and successes of a series over [from, to). */
  availability(series: string, from: number, to: number): { count: number; ok: number; phases: Phases } {
    this.flush(to, true);
    const r = this.q('SELECT COALESCE(SUM(count),0) c, COALESCE(SUM(ok),0) o, COALESCE(SUM(dns),0) d, COALESCE(SUM(connect),0) n, COALESCE(SUM(tls),0) t, COALESCE(SUM(ttfb),0) f FROM rollups WHERE series = ? AND minute >= ? AND minute < ?')
      .get(series, from, to) as { c: number; o: number; d: number; n: number; t: number; f: number };
    return { count: r.c, ok: r.o, phases: { dnsMs: r.d, connectMs: r.n, tlsMs: r.t, firstByteMs: r.f } };
  }

  counter(name: string, from: number, to: number): number {
    this.flush(to, true);
    const r = this.q('SELECT COALESCE(SUM(value),0) v FROM counters WHERE name = ? AND minute >= ? AND minute < ?').get(name, from, to) as { v: number };
    return r.v;
  }

  /** Per-bucket p95 of a series (prefix match), for charts. */
  quantileSeries(prefix: string, from: number, to: number, bucketMs: number, q: number): { at: number; value?: number }[] {
    this.flush(to, true);
    const rows = this.q('SELECT minute, hist FROM rollups WHERE series >= ? AND series < ? AND minute >= ? AND minute < ?')
      .all(prefix, prefix + '\uffff', from, to) as { minute: number; hist: Buffer }[];
    const buckets = new Map<number, Histogram>();
    for (const r of rows) {
      const b = Math.floor((r.minute - from) / bucketMs);
      const h = buckets.get(b) ?? new Histogram();
      buckets.set(b, h.merge(Histogram.decode(r.hist)));
    }
    const n = Math.ceil((to - from) / bucketMs);
    return Array.from({ length: n }, (_, b) => ({ at: from + b * bucketMs, value: buckets.get(b)?.quantile(q) }));
  }

  series(prefix: string): string[] {
    return (this.q('SELECT DISTINCT series FROM rollups WHERE series >= ? AND series < ?').all(prefix, prefix + '\uffff') as { series: string }[]).map(
      (r) => r.series,
    );
  }

  lastResults(): LastResult[] {
    this.flush(0);
    return (this.q('SELECT * FROM last_results ORDER BY check_name').all() as {
      check_name: string;
      at: number;
      ok: number;
      latency: number;
      status: number | null;
      detail: string;
    }[]).map((r) => ({ check: r.check_name, at: r.at, ok: r.ok === 1, latencyMs: r.latency, status: r.status ?? undefined, detail: r.detail }));
  }

  loadAlertState<T>(monitor: string): T | undefined {
    const r = this.q('SELECT state FROM alert_state WHERE monitor = ?').get(monitor) as { state: string } | undefined;
    return r ? (JSON.parse(r.state) as T) : undefined;
  }

  saveAlertState(monitor: string, state: unknown): void {
    this.q('INSERT OR REPLACE INTO alert_state(monitor, state) VALUES (?, ?)').run(monitor, JSON.stringify(state));
  }

  openIncident(i: Omit<IncidentRow, 'resolved'>): void {
    this.q('INSERT OR IGNORE INTO incidents(id, monitor, kind, severity, opened, resolved, summary) VALUES (?,?,?,?,?,NULL,?)').run(
      i.id,
      i.monitor,
      i.kind,
      i.severity,
      i.opened,
      i.summary,
    );
  }

  resolveIncident(id: string, at: number): void {
    this.q('UPDATE incidents SET resolved = ? WHERE id = ? AND resolved IS NULL').run(at, id);
  }

  incidents(opts: { open?: boolean; limit?: number } = {}): IncidentRow[] {
    const where = opts.open ? 'WHERE resolved IS NULL' : '';
    return this.q(`SELECT * FROM incidents ${where} ORDER BY opened DESC LIMIT ?`).all(opts.limit ?? 50) as IncidentRow[];
  }

  /** Queues one message; the primary key makes a second queueing of the same (incident, channel, kind, seq) a no-op. */
  enqueueDelivery(d: Pick<DeliveryRow, 'incident' | 'channel' | 'kind' | 'seq' | 'subject' | 'body'>, now: number): boolean {
    const r = this.q(
        "INSERT OR IGNORE INTO deliveries(incident, channel, kind, seq, status, attempts, next_at, last_error, subject, body, created, sent) VALUES (?,?,?,?,'pending',0,?,NULL,?,?,?,NULL)",
      )
      .run(d.incident, d.channel, d.kind, d.seq, now, d.subject, d.body, now);
    return r.changes === 1;
  }

  dueDeliveries(now: number): DeliveryRow[] {
    return this.q("SELECT * FROM deliveries WHERE status = 'pending' AND next_at <= ? ORDER BY created").all(now) as DeliveryRow[];
  }

  nextDeliveryAt(): number | undefined {
    const r = this.q("SELECT MIN(next_at) t FROM deliveries WHERE status = 'pending'").get() as { t: number | null };
    return r.t ?? undefined;
  }

  markDelivery(d: Pick<DeliveryRow, 'incident' | 'channel' | 'kind' | 'seq'>, update: Pick<DeliveryRow, 'status' | 'attempts' | 'next_at' | 'last_error' | 'sent'>): void {
    this.q('UPDATE deliveries SET status = ?, attempts = ?, next_at = ?, last_error = ?, sent = ? WHERE incident = ? AND channel = ? AND kind = ? AND seq = ?')
      .run(update.status, update.attempts, update.next_at, update.last_error, update.sent, d.incident, d.channel, d.kind, d.seq);
  }

  deliveries(limit = 50): DeliveryRow[] {
    return this.q('SELECT * FROM deliveries ORDER BY created DESC, channel LIMIT ?').all(limit) as DeliveryRow[];
  }

  snapshot(name: string): { digest: string; summary: string } | undefined {
    return this.q('SELECT digest, summary FROM snapshots WHERE name = ?').get(name) as { digest: string; summary: string } | undefined;
  }

  saveSnapshot(name: string, digest: string, summary: string, at: number): void {
    this.q('INSERT OR REPLACE INTO snapshots(name, digest, summary, at) VALUES (?,?,?,?)').run(name, digest, summary, at);
  }

  /** Drops rollups, counters and failures older than the retention. */
  prune(now: number, retentionDays: number): void {
    const cutoff = now - retentionDays * 86_400_000;
    this.q('DELETE FROM rollups WHERE minute < ?').run(cutoff);
    this.q('DELETE FROM counters WHERE minute < ?').run(cutoff);
    this.q('DELETE FROM failures WHERE at < ?').run(cutoff);
    this.q('DELETE FROM incidents WHERE resolved IS NOT NULL AND resolved < ?').run(cutoff);
    this.q("DELETE FROM deliveries WHERE status != 'pending' AND created < ?").run(cutoff);
  }

  close(now = Date.now()): void {
    if (!this.db.open) return;
    this.flush(now, true);
    this.db.close();
  }
}
