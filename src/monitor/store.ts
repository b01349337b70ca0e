// The monitor's embedded database (better-sqlite3, WAL). What it keeps:
// - per-minute rollups per series (a check, a route, or all app requests):
//   count, successes, summed timing phases and a mergeable histogram, so
//   p50/p95/p99 over any range merge exactly within the histogram's error;
// - per-minute counters (errors, failed logins, webhook retries, bounces);
// - the last result of each check, recent failures, alert state, incidents
//   and the outbox of alert deliveries, all of which survive a restart.
// Raw successful samples are not stored: they are what bloats other uptime
// tools' databases and the rollups answer every question the dashboard asks.
// Check samples are aggregated in memory and written once per closed minute;
// app events are written before ingest answers (see ingestEvents).
//
// The store fails loudly and keeps going: a file that is deleted, replaced,
// made read-only or corrupted under the running process is a fault (logged,
// in /healthz and on the dashboard, see health()); when the file stops
// working the store moves to an in-memory copy so alerting continues, and it
// writes that copy back as soon as the path holds a usable database again.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Histogram } from './histogram.js';
import { inspectFile, isStorageError, StoreOpenError, type FileInfo } from './store-file.js';
import { appendSidecar, readSidecar, writeSidecar, type OpenIncidentRecord } from './store-sidecar.js';
import { migrate, SYNC_TABLES } from './store-schema.js';

export { StoreOpenError } from './store-file.js';

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
  /** 1 while its alerts are held by a maintenance window. */
  held: number;
}

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'expired' | 'superseded' | 'failed';

export interface DeliveryRow {
  /** SQLite rowid: queue order. */
  id: number;
  incident: string;
  channel: string;
  kind: string;
  seq: number;
  status: DeliveryStatus;
  attempts: number;
  next_at: number;
  last_error: string | null;
  subject: string;
  body: string;
  created: number;
  sent: number | null;
  /** Sent with every attempt (Idempotency-Key header, email Message-ID) so a receiver can drop a repeat. */
  idem_key: string;
  claimed: number | null;
  note: string | null;
}

export type DeliveryKey = Pick<DeliveryRow, 'incident' | 'channel' | 'kind' | 'seq'>;

export interface ChannelQueueCounts {
  channel: string;
  queued: number;
  retrying: number;
  failed: number;
  sent: number;
  oldestPending?: number;
  lastError?: string;
}

export type StoreFaultKind = 'missing' | 'replaced' | 'read-only' | 'corrupt' | 'io';

export interface StoreFault {
  kind: StoreFaultKind;
  message: string;
  since: number;
}

export interface StoreHealth {
  ok: boolean;
  /** Where data goes now: the file, or an in-memory copy while the file is unusable. */
  mode: 'file' | 'memory';
  /** Whether a commit survives this process being killed (a ':memory:' store, chosen as such, counts as working as configured). */
  durable: boolean;
  file: string;
  faults: StoreFault[];
  /** Faults that cleared, kept for an hour so the dashboard can say what happened. */
  recovered: (StoreFault & { recoveredAt: number })[];
  /** Said once at start: the file was deleted or replaced since the last run. */
  startNotice?: string;
}

export interface StoreOptions {
  log?: (line: string) => void;
  now?: () => number;
}

type Db = Database.Database;

const RECOVERED_SHOWN_MS = 3_600_000;

export class Store {
  private current: Db;
  private mode: 'file' | 'memory' = 'file';
  private identity: string | undefined;
  private readonly faults = new Map<StoreFaultKind, StoreFault>();
  private recoveredFaults: (StoreFault & { recoveredAt: number })[] = [];
  private startNotice: string | undefined;
  private txDepth = 0;
  private readonly open = new Map<string, Agg>();
  private readonly openCounters = new Map<string, number>();
  private readonly pendingLast = new Map<string, LastResult>();
  private readonly pendingFailures: LastResult[] = [];
  private readonly pendingStates = new Map<string, string>();
  private readonly cache = new Map<string, Database.Statement>();
  private readonly log: (line: string) => void;
  private readonly now: () => number;
  private readonly degradeListeners: (() => void)[] = [];
  private storeId: string | undefined;
  private sidecarWarned = false;
  private sidecarAppends = 0;

  /** Opens (or creates) the database. A file that exists but is not a usable SQLite database throws StoreOpenError. */
  constructor(
    readonly file: string,
    o: StoreOptions = {},
  ) {
    this.log = o.log ?? (() => undefined);
    this.now = o.now ?? Date.now;
    if (file === ':memory:') {
      this.current = new Database(':memory:');
      migrate(this.current);
      return;
    }
    const info = inspectFile(file);
    if (info.exists) {
      if (info.error) throw new StoreOpenError(file, `cannot read the monitor database (${info.error})`);
      if (!info.headerOk) throw new StoreOpenError(file, 'not a SQLite database (corrupt, or another kind of file); move it away and the monitor starts with an empty store');
      if (!info.writable) throw new StoreOpenError(file, 'the monitor database is read-only; make it writable (chmod u+w) or pass another --db');
    } else {
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    }
    this.current = this.openFile(file, true);
    this.identity = inspectFile(file).identity;
    this.checkStoreId(info);
  }

  /** Opens the file and verifies it, turning SQLite's errors into one line that names the file. */
  private openFile(file: string, atStart: boolean): Db {
    let db: Db | undefined;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commit.
      db.pragma('synchronous = NORMAL');
      if (atStart) {
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw new StoreOpenError(file, `the monitor database is corrupt (${String(check).slice(0, 120)}); move it away and the monitor starts with an empty store`);
      }
      migrate(db);
      return db;
    } catch (err) {
      db?.close();
      if (err instanceof StoreOpenError) throw err;
      const code = (err as { code?: string }).code ?? '';
      const what = /READONLY/.test(code) ? 'the monitor database is read-only' : /CORRUPT|NOTADB/.test(code) ? 'the monitor database is corrupt' : 'cannot open the monitor database';
      throw new StoreOpenError(file, `${what} (${(err as Error).message})`);
    }
  }

  /**
   * Each database carries a random id, also written next to it in FILE.id
   * with the incidents open since (store-sidecar.ts). A file deleted or
   * swapped between two runs is then said at start, and the incidents that
   * were open are restored into the new database, so they are not alerted a
   * second time and still get their RESOLVED.
   */
  private checkStoreId(before: FileInfo): void {
    const side = readSidecar(this.sidecarFile);
    let id = (this.current.prepare("SELECT value FROM meta WHERE key = 'store_id'").get() as { value: string } | undefined)?.value;
    if (!id) {
      id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
      this.current.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES ('store_id', ?)").run(id);
    }
    this.storeId = id;
    if (side.id && side.id !== id) {
      const restored = this.restoreOpen(side.open);
      const what = before.exists ? `${this.file} is not the database the last run used (it was replaced)` : `${this.file} was deleted since the last run`;
      this.startNotice = restored.length
        ? `${what}: alert history starts over; ${restored.length} incident${restored.length === 1 ? '' : 's'} open then (${restored.join(', ')}) restored from ${this.sidecarFile}, so they are not alerted again and will be resolved`
        : `${what}: alert history starts over`;
      this.log(`store warning: ${this.startNotice}`);
    }
    this.writeOpenIncidents();
  }

  private get sidecarFile(): string {
    return `${this.file}.id`;
  }

  /** Puts incidents from the sidecar back, unless this database already knows their monitor. Returns their monitors. */
  private restoreOpen(open: readonly OpenIncidentRecord[]): string[] {
    const done: string[] = [];
    this.current.transaction(() => {
      for (const { incident: i, state } of open) {
        if (this.current.prepare('SELECT 1 FROM alert_state WHERE monitor = ?').get(i.monitor)) continue;
        this.current.prepare('INSERT OR IGNORE INTO incidents(id, monitor, kind, severity, opened, resolved, summary, held) VALUES (?,?,?,?,?,NULL,?,?)').run(i.id, i.monitor, i.kind, i.severity, i.opened, i.summary, i.held ? 1 : 0);
        this.current.prepare('INSERT INTO alert_state(monitor, state) VALUES (?, ?)').run(i.monitor, state);
        done.push(i.monitor);
      }
    })();
    return done;
  }

  /** Appends one incident change to FILE.id (compacting it now and then); called after the commit that made it. */
  noteIncident(change: { open: OpenIncidentRecord } | { resolved: string }): void {
    if (this.file === ':memory:' || !this.storeId) return;
    try {
      appendSidecar(this.sidecarFile, change);
      if (++this.sidecarAppends > 10_000) this.writeOpenIncidents();
    } catch (err) {
      this.sidecarProblem(err);
    }
  }

  /** Rewrites FILE.id as the id and the incidents open now (at start, and when the appended lines pile up). */
  private writeOpenIncidents(): void {
    if (this.file === ':memory:' || !this.storeId) return;
    this.sidecarAppends = 0;
    try {
      const open = this.run(
        () => this.q('SELECT i.*, a.state AS state FROM incidents i JOIN alert_state a ON a.monitor = i.monitor WHERE i.resolved IS NULL').all() as (IncidentRow & { state: string })[],
      );
      writeSidecar(this.sidecarFile, { id: this.storeId, open: open.map(({ state, ...incident }) => ({ incident, state })) });
    } catch (err) {
      this.sidecarProblem(err);
    }
  }

  private sidecarProblem(err: unknown): void {
    // A folder that cannot be written is the health check's business; the sidecar is a second line of defence.
    if (!this.sidecarWarned) this.log(`store warning: could not write ${this.sidecarFile}: ${(err as Error).message}`);
    this.sidecarWarned = true;
  }

  /** The connection in use (the file, or the in-memory copy while the file is unusable). */
  get db(): Db {
    return this.current;
  }

  /** Called after the store moved to memory, so owners can re-save what they hold (alert states). */
  onDegrade(fn: () => void): void {
    this.degradeListeners.push(fn);
  }

  health(): StoreHealth {
    const t = this.now();
    this.recoveredFaults = this.recoveredFaults.filter((f) => t - f.recoveredAt < RECOVERED_SHOWN_MS);
    const faults = [...this.faults.values()];
    return {
      ok: faults.length === 0,
      mode: this.mode,
      durable: this.mode === 'file' && !this.faults.has('missing') && !this.faults.has('replaced'),
      file: this.file,
      faults,
      recovered: [...this.recoveredFaults],
      startNotice: this.startNotice,
    };
  }

  private raise(kind: StoreFaultKind, message: string): void {
    const had = this.faults.get(kind);
    if (had?.message === message) return;
    this.faults.set(kind, { kind, message, since: had?.since ?? this.now() });
    this.log(`store error: ${message}`);
  }

  private clear(kind: StoreFaultKind, how: string): void {
    const f = this.faults.get(kind);
    if (!f) return;
    this.faults.delete(kind);
    this.recoveredFaults.push({ ...f, recoveredAt: this.now() });
    this.log(`store recovered: ${how}`);
  }

  /**
   * Looks at the file from outside SQLite: deleted, replaced, read-only or a
   * broken header. Run on a schedule (the monitor does it every few seconds);
   * also tries to put the data back when the path is usable again.
   */
  checkFile(): StoreHealth {
    if (this.file === ':memory:') return this.health();
    const info = inspectFile(this.file);
    if (this.mode === 'file') {
      if (info.identity !== this.identity) {
        // SQLite keeps writing to the old inode, and its -wal file shares the path's name: take a copy
        // and close it before anything touches the path (https://www.sqlite.org/howtocorrupt.html §2).
        this.degrade(
          info.exists ? 'replaced' : 'missing',
          info.exists ? `${this.file} was replaced under the running monitor` : `${this.file} was deleted under the running monitor`,
        );
        this.recover(inspectFile(this.file));
      } else if (!info.headerOk) {
        this.degrade('corrupt', `${this.file} is corrupt (its SQLite header was overwritten)`);
      } else if (!info.writable) {
        this.raise('read-only', `${this.file} is read-only: the next write that reaches the file will fail, and a restart will refuse it`);
      } else {
        this.clear('read-only', `${this.file} is writable again`);
      }
    } else {
      this.recover(info);
    }
    return this.health();
  }

  /** Moves to an in-memory copy of the data (as much of it as can be read) after the file failed. */
  private degrade(kind: StoreFaultKind, message: string): void {
    this.raise(kind, `${message}; alerting continues from memory and the data will be written back when ${this.file} is usable again`);
    if (this.mode === 'memory') return;
    const old = this.current;
    this.current = copyToMemory(old, (table, err) => this.log(`store error: could not copy ${table} from the broken file: ${err}`));
    this.mode = 'memory';
    this.cache.clear();
    try {
      old.close();
    } catch {
      // already broken
    }
    for (const fn of this.degradeListeners) fn();
  }

  /** Writes the in-memory data back to the path once it can hold it: a fresh file if it is gone, merged into it if it is a usable database. */
  private recover(info: FileInfo): void {
    if (this.mode !== 'memory') return;
    try {
      if (!info.exists) {
        if (!info.dirWritable) return;
        writeImage(this.current, this.file);
      } else if (info.headerOk && info.writable && soundFile(this.file)) {
        mergeInto(this.current, this.file);
      } else {
        if (info.writable) this.raise('corrupt', `${this.file} is not a usable SQLite database; alerting continues from memory and the data will be written back when the path holds a sound database (or nothing)`);
        return;
      }
      const next = this.openFile(this.file, false);
      const old = this.current;
      this.current = next;
      this.mode = 'file';
      this.identity = inspectFile(this.file).identity;
      this.cache.clear();
      old.close();
      for (const k of ['missing', 'replaced', 'corrupt', 'io', 'read-only'] as const) this.clear(k, `the data is in ${this.file} again`);
    } catch (err) {
      this.log(`store error: could not write the data back to ${this.file}: ${(err as Error).message}`);
    }
  }

  /**
   * Runs fn on the database; a storage failure (corrupt, read-only, I/O)
   * moves the store to memory and runs fn again there, so the caller's write
   * is not lost. Inside a transaction the outer call does the retry.
   */
  private run<T>(fn: () => T): T {
    if (this.txDepth > 0) return fn();
    try {
      return fn();
    } catch (err) {
      if (!isStorageError(err) || this.mode === 'memory') throw err;
      const code = (err as { code?: string }).code ?? '';
      const kind: StoreFaultKind = /READONLY/.test(code) ? 'read-only' : /CORRUPT|NOTADB/.test(code) ? 'corrupt' : 'io';
      this.degrade(kind, `writing ${this.file} failed: ${(err as Error).message}`);
      return fn();
    }
  }

  /** One atomic write: every store call inside fn commits together or not at all. */
  transaction<T>(fn: () => T): T {
    return this.run(() => {
      this.txDepth++;
      try {
        return this.current.transaction(fn)();
      } finally {
        this.txDepth--;
      }
    });
  }

  /** Prepared once per SQL text and connection: preparing on every call costs more than running. */
  private q(sql: string): Database.Statement {
    let st = this.cache.get(sql);
    if (!st) {
      st = this.current.prepare(sql);
      this.cache.set(sql, st);
    }
    return st;
  }

  /** Adds one timed sample to its series' open minute. */
  record(series: string, at: number, ok: boolean, latencyMs: number | undefined, phases?: Partial<Phases>): void {
    addSample(this.open, series, at, ok, latencyMs, phases);
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
   * Writes samples and counters straight into their rollups, in one
   * transaction: when this returns, the events survive the process being
   * killed (while health().durable holds). The ingest endpoint answers 202
   * only after this.
   */
  writeNow(samples: { series: string; at: number; ok: boolean; latencyMs?: number }[], counters: { name: string; at: number; by: number }[]): void {
    const aggs = new Map<string, Agg>();
    for (const s of samples) addSample(aggs, s.series, s.at, s.ok, s.latencyMs);
    const sums = new Map<string, number>();
    for (const c of counters) {
      const key = `${c.name}\u0000${Math.floor(c.at / MINUTE) * MINUTE}`;
      sums.set(key, (sums.get(key) ?? 0) + c.by);
    }
    this.transaction(() => {
      for (const agg of aggs.values()) this.mergeRollup(agg);
      for (const [key, value] of sums) {
        const [name, minute] = key.split('\u0000') as [string, string];
        this.addCounter(name, Number(minute), value);
      }
    });
  }

  private mergeRollup(agg: Agg): void {
    const prev = this.q('SELECT count, ok, dns, connect, tls, ttfb, hist FROM rollups WHERE series = ? AND minute = ?').get(agg.series, agg.minute) as
      | { count: number; ok: number; dns: number; connect: number; tls: number; ttfb: number; hist: Buffer }
      | undefined;
    const hist = prev ? Histogram.decode(prev.hist).merge(agg.hist) : agg.hist;
    this.q('INSERT OR REPLACE INTO rollups(series, minute, count, ok, dns, connect, tls, ttfb, hist) VALUES (?,?,?,?,?,?,?,?,?)').run(
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

  private addCounter(name: string, minute: number, value: number): void {
    this.q('INSERT INTO counters(name, minute, value) VALUES (?,?,?) ON CONFLICT(name, minute) DO UPDATE SET value = value + excluded.value').run(name, minute, value);
  }

  /**
   * Writes minutes that have closed (or all, with `all`). An already written
   * minute (a restart, or an earlier forced flush) is merged, not replaced.
   */
  flush(now: number, all = false): void {
    const current = Math.floor(now / MINUTE) * MINUTE;
    const last = [...this.pendingLast.values()];
    const failures = [...this.pendingFailures];
    const aggs = [...this.open].filter(([, a]) => all || a.minute < current);
    const counters = [...this.openCounters].filter(([key]) => all || Number(key.split('\u0000')[1]) < current);
    const states = [...this.pendingStates];
    if (!last.length && !failures.length && !aggs.length && !counters.length && !states.length) return;
    this.transaction(() => {
      for (const [monitor, state] of states) this.q('INSERT OR REPLACE INTO alert_state(monitor, state) VALUES (?, ?)').run(monitor, state);
      for (const r of last) this.q('INSERT OR REPLACE INTO last_results(check_name, at, ok, latency, status, detail) VALUES (?,?,?,?,?,?)').run(r.check, r.at, r.ok ? 1 : 0, r.latencyMs, r.status ?? null, r.detail);
      for (const r of failures) this.q('INSERT INTO failures(check_name, at, detail) VALUES (?,?,?)').run(r.check, r.at, r.detail);
      for (const [, agg] of aggs) this.mergeRollup(agg);
      for (const [key, value] of counters) {
        const [name, minute] = key.split('\u0000') as [string, string];
        this.addCounter(name, Number(minute), value);
      }
    });
    // Dropped only once committed: a failed flush leaves them for the next one.
    for (const [monitor, state] of states) if (this.pendingStates.get(monitor) === state) this.pendingStates.delete(monitor);
    this.pendingLast.clear();
    this.pendingFailures.splice(0, failures.length);
    for (const [key] of aggs) this.open.delete(key);
    for (const [key] of counters) this.openCounters.delete(key);
  }

  /** Merged histogram of the series (exact name, or every series with the prefix) over [from, to). */
  histogram(series: string, from: number, to: number, opts: { prefix?: boolean } = {}): Histogram {
    this.flush(to, true);
    const rows = this.run(
      () =>
        (opts.prefix
          ? this.q('SELECT hist FROM rollups WHERE series >= ? AND series < ? AND minute >= ? AND minute < ?').all(series, series + '\uffff', from, to)
          : this.q('SELECT hist FROM rollups WHERE series = ? AND minute >= ? AND minute < ?').all(series, from, to)) as { hist: Buffer }[],
    );
    const h = new Histogram();
    for (const r of rows) h.merge(Histogram.decode(r.hist));
    return h;
  }

  /** Count and successes of a series over [from, to). */
  availability(series: string, from: number, to: number): { count: number; ok: number; phases: Phases } {
    this.flush(to, true);
    const r = this.run(
      () =>
        this.q(
          'SELECT COALESCE(SUM(count),0) c, COALESCE(SUM(ok),0) o, COALESCE(SUM(dns),0) d, COALESCE(SUM(connect),0) n, COALESCE(SUM(tls),0) t, COALESCE(SUM(ttfb),0) f FROM rollups WHERE series = ? AND minute >= ? AND minute < ?',
        ).get(series, from, to) as { c: number; o: number; d: number; n: number; t: number; f: number },
    );
    return { count: r.c, ok: r.o, phases: { dnsMs: r.d, connectMs: r.n, tlsMs: r.t, firstByteMs: r.f } };
  }

  /** Per-bucket count, successes and merged histogram of one series over [from, to), for history bars and charts. */
  buckets(series: string, from: number, to: number, bucketMs: number): { at: number; count: number; ok: number; hist: Histogram }[] {
    this.flush(to, true);
    const rows = this.run(
      () => this.q('SELECT minute, count, ok, hist FROM rollups WHERE series = ? AND minute >= ? AND minute < ?').all(series, from, to) as { minute: number; count: number; ok: number; hist: Buffer }[],
    );
    const n = Math.max(0, Math.ceil((to - from) / bucketMs));
    const out = Array.from({ length: n }, (_, b) => ({ at: from + b * bucketMs, count: 0, ok: 0, hist: new Histogram() }));
    for (const r of rows) {
      const b = out[Math.floor((r.minute - from) / bucketMs)];
      if (!b) continue;
      b.count += r.count;
      b.ok += r.ok;
      b.hist.merge(Histogram.decode(r.hist));
    }
    return out;
  }

  /** Per-bucket count and successes of one series over [from, to), summed in SQL (no histogram decoding): for status bars. */
  uptimeBuckets(series: string, from: number, to: number, bucketMs: number): { at: number; count: number; ok: number }[] {
    this.flush(to, true);
    const rows = this.run(
      () =>
        this.q('SELECT (minute - ?) / ? AS b, SUM(count) c, SUM(ok) o FROM rollups WHERE series = ? AND minute >= ? AND minute < ? GROUP BY b').all(from, bucketMs, series, from, to) as {
          b: number;
          c: number;
          o: number;
        }[],
    );
    const n = Math.max(0, Math.ceil((to - from) / bucketMs));
    const out = Array.from({ length: n }, (_, b) => ({ at: from + b * bucketMs, count: 0, ok: 0 }));
    for (const r of rows) {
      const b = out[Math.floor(r.b)];
      if (b) {
        b.count += r.c;
        b.ok += r.o;
      }
    }
    return out;
  }

  counter(name: string, from: number, to: number): number {
    this.flush(to, true);
    return this.run(() => (this.q('SELECT COALESCE(SUM(value),0) v FROM counters WHERE name = ? AND minute >= ? AND minute < ?').get(name, from, to) as { v: number }).v);
  }

  /** Per-bucket quantile of a series (prefix match), for charts. */
  quantileSeries(prefix: string, from: number, to: number, bucketMs: number, q: number): { at: number; value?: number }[] {
    this.flush(to, true);
    const rows = this.run(
      () => this.q('SELECT minute, hist FROM rollups WHERE series >= ? AND series < ? AND minute >= ? AND minute < ?').all(prefix, prefix + '\uffff', from, to) as { minute: number; hist: Buffer }[],
    );
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
    return this.run(() => (this.q('SELECT DISTINCT series FROM rollups WHERE series >= ? AND series < ?').all(prefix, prefix + '\uffff') as { series: string }[]).map((r) => r.series));
  }

  lastResults(): LastResult[] {
    this.flush(0);
    const rows = this.run(
      () => this.q('SELECT * FROM last_results ORDER BY check_name').all() as { check_name: string; at: number; ok: number; latency: number; status: number | null; detail: string }[],
    );
    return rows.map((r) => ({ check: r.check_name, at: r.at, ok: r.ok === 1, latencyMs: r.latency, status: r.status ?? undefined, detail: r.detail }));
  }

  loadAlertState<T>(monitor: string): T | undefined {
    const pending = this.pendingStates.get(monitor);
    if (pending) return JSON.parse(pending) as T;
    const r = this.run(() => this.q('SELECT state FROM alert_state WHERE monitor = ?').get(monitor) as { state: string } | undefined);
    return r ? (JSON.parse(r.state) as T) : undefined;
  }

  saveAlertState(monitor: string, state: unknown): void {
    this.pendingStates.delete(monitor);
    this.run(() => this.q('INSERT OR REPLACE INTO alert_state(monitor, state) VALUES (?, ?)').run(monitor, JSON.stringify(state)));
  }

  /**
   * A state change that raised nothing (a counter moved): written with the
   * next flush, in one transaction for every monitor, instead of a commit
   * per result. A crash loses at most a flush interval of counting, never an
   * incident or a message (those are written at once, with their state).
   */
  saveAlertStateLater(monitor: string, state: unknown): void {
    this.pendingStates.set(monitor, JSON.stringify(state));
  }

  openIncident(i: Omit<IncidentRow, 'resolved' | 'held'> & { held?: boolean }): void {
    this.run(() =>
      this.q('INSERT OR IGNORE INTO incidents(id, monitor, kind, severity, opened, resolved, summary, held) VALUES (?,?,?,?,?,NULL,?,?)').run(
        i.id,
        i.monitor,
        i.kind,
        i.severity,
        i.opened,
        i.summary,
        i.held ? 1 : 0,
      ),
    );
  }

  releaseIncident(id: string): void {
    this.run(() => this.q('UPDATE incidents SET held = 0 WHERE id = ?').run(id));
  }

  resolveIncident(id: string, at: number): void {
    this.run(() => this.q('UPDATE incidents SET resolved = ? WHERE id = ? AND resolved IS NULL').run(at, id));
  }

  incident(id: string): IncidentRow | undefined {
    return this.run(() => this.q('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined);
  }

  incidents(opts: { open?: boolean; limit?: number; since?: number; monitor?: string } = {}): IncidentRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (opts.open) where.push('resolved IS NULL');
    if (opts.since !== undefined) {
      where.push('(resolved IS NULL OR resolved >= ?)');
      args.push(opts.since);
    }
    if (opts.monitor !== undefined) {
      where.push('monitor = ?');
      args.push(opts.monitor);
    }
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY opened DESC LIMIT ?`;
    return this.run(() => this.q(sql).all(...args, opts.limit ?? 50) as IncidentRow[]);
  }

  /** Queues one message; the primary key makes a second queueing of the same (incident, channel, kind, seq) a no-op. */
  enqueueDelivery(d: DeliveryKey & Pick<DeliveryRow, 'subject' | 'body' | 'idem_key'>, now: number): boolean {
    const r = this.run(() =>
      this.q(
        "INSERT OR IGNORE INTO deliveries(incident, channel, kind, seq, status, attempts, next_at, last_error, subject, body, created, sent, idem_key) VALUES (?,?,?,?,'pending',0,?,NULL,?,?,?,NULL,?)",
      ).run(d.incident, d.channel, d.kind, d.seq, now, d.subject, d.body, now, d.idem_key),
    );
    return r.changes === 1;
  }

  /**
   * The next message a channel's queue may send now: the oldest unfinished
   * one that is due, and not behind an unfinished earlier message of the same
   * incident (a RESOLVED waits for its DOWN). A row left `sending` by a
   * process that died is unfinished and is sent again, with the same key.
   */
  nextDelivery(channel: string, now: number): DeliveryRow | undefined {
    return this.run(
      () =>
        this.q(
          `SELECT rowid AS id, * FROM deliveries d WHERE channel = ? AND status IN ('pending','sending') AND next_at <= ?
           AND NOT EXISTS (SELECT 1 FROM deliveries e WHERE e.channel = d.channel AND e.incident = d.incident AND e.rowid < d.rowid AND e.status IN ('pending','sending'))
           ORDER BY rowid LIMIT 1`,
        ).get(channel, now) as DeliveryRow | undefined,
    );
  }

  /** When the channel's queue next has something due (undefined: nothing waiting). */
  nextDeliveryAt(channel: string): number | undefined {
    const r = this.run(() => this.q("SELECT MIN(next_at) t FROM deliveries WHERE channel = ? AND status IN ('pending','sending')").get(channel) as { t: number | null });
    return r.t ?? undefined;
  }

  /** Whether a later message of the same incident is queued on the channel (an older reminder is then moot). */
  hasLaterDelivery(d: DeliveryRow): boolean {
    return this.run(() => this.q('SELECT 1 FROM deliveries WHERE channel = ? AND incident = ? AND rowid > ? LIMIT 1').get(d.channel, d.incident, d.id) !== undefined);
  }

  delivery(k: DeliveryKey): DeliveryRow | undefined {
    return this.run(() => this.q('SELECT rowid AS id, * FROM deliveries WHERE incident = ? AND channel = ? AND kind = ? AND seq = ?').get(k.incident, k.channel, k.kind, k.seq) as DeliveryRow | undefined);
  }

  /** Marks an attempt as started before anything is sent: after a crash the attempt is counted and the message re-sent with its key. */
  claimDelivery(d: DeliveryRow, now: number): void {
    this.run(() => this.q("UPDATE deliveries SET status = 'sending', attempts = attempts + 1, claimed = ? WHERE rowid = ?").run(now, d.id));
  }

  markDelivery(d: DeliveryRow, update: Partial<Pick<DeliveryRow, 'status' | 'next_at' | 'last_error' | 'sent' | 'note'>>): void {
    const cols = Object.keys(update) as (keyof typeof update)[];
    if (!cols.length) return;
    const sql = `UPDATE deliveries SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE rowid = ?`;
    this.run(() => this.q(sql).run(...cols.map((c) => update[c] ?? null), d.id));
  }

  deliveries(limit = 50): DeliveryRow[] {
    return this.run(() => this.q('SELECT rowid AS id, * FROM deliveries ORDER BY created DESC, channel LIMIT ?').all(limit) as DeliveryRow[]);
  }

  /** Per channel: waiting for a first attempt, waiting for a retry, given up, delivered (over the last day). */
  deliveryCounts(channels: readonly string[], now: number): ChannelQueueCounts[] {
    const rows = this.run(
      () =>
        this.q(
          `SELECT channel,
             SUM(status IN ('pending','sending') AND attempts = 0) queued,
             SUM(status IN ('pending','sending') AND attempts > 0) retrying,
             SUM(status IN ('expired','failed')) failed,
             SUM(status = 'sent' AND sent >= ?) sent,
             MIN(CASE WHEN status IN ('pending','sending') THEN created END) oldest
           FROM deliveries GROUP BY channel`,
        ).all(now - 86_400_000) as { channel: string; queued: number; retrying: number; failed: number; sent: number; oldest: number | null }[],
    );
    const byName = new Map(rows.map((r) => [r.channel, r]));
    return channels.map((channel) => {
      const r = byName.get(channel);
      const lastError = r?.retrying
        ? ((this.run(() => this.q("SELECT last_error FROM deliveries WHERE channel = ? AND status IN ('pending','sending') AND last_error IS NOT NULL ORDER BY rowid DESC LIMIT 1").get(channel)) as
            | { last_error: string }
            | undefined)?.last_error ?? undefined)
        : undefined;
      return { channel, queued: r?.queued ?? 0, retrying: r?.retrying ?? 0, failed: r?.failed ?? 0, sent: r?.sent ?? 0, oldestPending: r?.oldest ?? undefined, lastError };
    });
  }

  snapshot(name: string): { digest: string; summary: string } | undefined {
    return this.run(() => this.q('SELECT digest, summary FROM snapshots WHERE name = ?').get(name) as { digest: string; summary: string } | undefined);
  }

  saveSnapshot(name: string, digest: string, summary: string, at: number): void {
    this.run(() => this.q('INSERT OR REPLACE INTO snapshots(name, digest, summary, at) VALUES (?,?,?,?)').run(name, digest, summary, at));
  }

  /** Drops rollups, counters and failures older than the retention. */
  prune(now: number, retentionDays: number): void {
    const cutoff = now - retentionDays * 86_400_000;
    this.transaction(() => {
      this.q('DELETE FROM rollups WHERE minute < ?').run(cutoff);
      this.q('DELETE FROM counters WHERE minute < ?').run(cutoff);
      this.q('DELETE FROM failures WHERE at < ?').run(cutoff);
      this.q('DELETE FROM incidents WHERE resolved IS NOT NULL AND resolved < ?').run(cutoff);
      this.q("DELETE FROM deliveries WHERE status NOT IN ('pending','sending') AND created < ?").run(cutoff);
    });
  }

  close(now = this.now()): void {
    if (!this.current.open) return;
    try {
      this.flush(now, true);
    } catch (err) {
      this.log(`store error: the last minute could not be written: ${(err as Error).message}`);
    }
    if (this.mode === 'memory' || this.faults.has('missing') || this.faults.has('replaced')) {
      // One last try to put the data where the next run will look for it.
      this.recover(inspectFile(this.file));
      if (this.mode === 'memory') this.log(`store error: ${this.file} is still unusable; the data kept in memory since ${new Date(this.faults.values().next().value?.since ?? now).toISOString()} is lost`);
    }
    this.current.close();
  }
}

function addSample(into: Map<string, Agg>, series: string, at: number, ok: boolean, latencyMs: number | undefined, phases?: Partial<Phases>): void {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  const key = `${series}\u0000${minute}`;
  let agg = into.get(key);
  if (!agg) {
    agg = { series, minute, count: 0, ok: 0, phases: { dnsMs: 0, connectMs: 0, tlsMs: 0, firstByteMs: 0 }, hist: new Histogram() };
    into.set(key, agg);
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


/**
 * An in-memory copy of a file database: the whole image when it reads back
 * sound, otherwise table by table, keeping whatever can still be read.
 */
function copyToMemory(from: Db, onLoss: (table: string, error: string) => void): Db {
  try {
    const image = from.serialize();
    // Bytes 18-19 say WAL; an in-memory database cannot have a -wal file.
    image[18] = 1;
    image[19] = 1;
    const mem = new Database(image);
    if (mem.pragma('quick_check', { simple: true }) === 'ok') {
      migrate(mem);
      return mem;
    }
    mem.close();
  } catch {
    // fall through to the table-by-table copy
  }
  const mem = new Database(':memory:');
  migrate(mem);
  for (const table of SYNC_TABLES) {
    try {
      const cols = (mem.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      const have = new Set((from.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
      const use = cols.filter((c) => have.has(c));
      const insert = mem.prepare(`INSERT OR REPLACE INTO ${table}(${use.join(',')}) VALUES (${use.map(() => '?').join(',')})`);
      const rows = from.prepare(`SELECT ${use.join(',')} FROM ${table}`).raw().all() as unknown[][];
      mem.transaction(() => rows.forEach((r) => insert.run(...r)))();
    } catch (err) {
      onLoss(table, (err as Error).message);
    }
  }
  return mem;
}

/** Whether the file at the path is a database that passes SQLite's quick_check (read-only, without touching it). */
function soundFile(file: string): boolean {
  let d: Db | undefined;
  try {
    d = new Database(file, { readonly: true, fileMustExist: true });
    return d.pragma('quick_check', { simple: true }) === 'ok';
  } catch {
    return false;
  } finally {
    d?.close();
  }
}

/** Writes a database image to `file` atomically (temp file, then rename), as a rollback-journal file the next open turns to WAL. */
function writeImage(from: Db, file: string): void {
  const image = from.serialize();
  image[18] = 1;
  image[19] = 1;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, image);
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  renameSync(tmp, file);
}

/** Copies every row of `from` into the database at `file` (replacing rows with the same key): the running process's view wins. */
function mergeInto(from: Db, file: string): void {
  const tmp = `${file}.${process.pid}.merge.tmp`;
  const image = from.serialize();
  image[18] = 1;
  image[19] = 1;
  writeFileSync(tmp, image);
  const target = new Database(file);
  try {
    target.pragma('journal_mode = WAL');
    migrate(target);
    target.prepare('ATTACH DATABASE ? AS src').run(tmp);
    target.transaction(() => {
      target.exec('DELETE FROM main.alert_state');
      for (const table of SYNC_TABLES) {
        const cols = (target.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
        const have = new Set((target.prepare(`PRAGMA src.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
        const use = cols.filter((c) => have.has(c)).join(',');
        target.exec(`INSERT OR REPLACE INTO main.${table}(${use}) SELECT ${use} FROM src.${table}`);
      }
    })();
    target.exec('DETACH DATABASE src');
  } finally {
    target.close();
    rmSync(tmp, { force: true });
  }
}
