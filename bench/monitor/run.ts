// How many HTTP monitors one process sustains at a 10-second interval against
// a loopback target: CPU share of the monitor process, scheduling lateness
// p99, and database size per monitor-day. Baseline, measured in the same run:
// the common design of other uptime tools — one timer per monitor and one
// database row per check result (a "heartbeat" table).
//
//   npx tsx bench/monitor/run.ts            250, 500, 1000, 2000 monitors, 3 intervals each (~3.5 min)
//   npx tsx bench/monitor/run.ts --quick    1000 monitors, 2 intervals, plus the baseline (~1.2 min)
//   npx tsx bench/monitor/run.ts --monitors 10000 --no-baseline
//                                           one step of 10,000 monitors (the figure in docs/monitor.md)
//
// The target runs in a child process so its CPU is not counted as ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { configSchema } from '../../src/config/schema.js';
import { Histogram } from '../../src/monitor/histogram.js';
import { planFromConfig } from '../../src/monitor/plan.js';
import { probeHttp } from '../../src/monitor/probes/http.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { MINUTE, Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';

const quick = process.argv.includes('--quick');
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const INTERVAL_MS = 10_000;
const STEPS = arg('--monitors')?.split(',').map(Number) ?? (quick ? [1000] : [250, 500, 1000, 2000]);
const WITH_BASELINE = !process.argv.includes('--no-baseline');
const INTERVALS = quick ? 2 : 3;
const GOAL = { monitors: 1000, latenessP99Ms: 100 };

const TARGET = `
const http = require('node:http');
const s = http.createServer((req, res) => { res.writeHead(200, {'content-type': 'application/json'}); res.end('{"status":"ok"}'); });
s.keepAliveTimeout = 1000;
s.listen(0, '127.0.0.1', () => process.stdout.write(String(s.address().port) + '\\n'));
`;

async function startTarget(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', TARGET], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve(d.toString().trim()));
    child.once('error', reject);
    setTimeout(() => reject(new Error('target did not start')), 10_000).unref();
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

interface StepResult {
  design: string;
  monitors: number;
  runs: number;
  expectedRuns: number;
  failed: number;
  skipped: number;
  cpuShare: number;
  latenessP50: number;
  latenessP99: number;
  latenessMax: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runOurs(url: string, n: number, dir: string, intervals = INTERVALS): Promise<StepResult> {
  const config = configSchema.parse({
    project: { name: 'bench' },
    environments: { production: {} },
    monitor: {
      defaultChecks: false,
      dns: { enabled: false },
      defaults: { intervalSeconds: INTERVAL_MS / 1000, timeoutMs: 5_000 },
      checks: Array.from({ length: n }, (_, i) => ({ name: `m${i}`, url: `${url}/m/${i}`, conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 1000'] })),
    },
  });
  const plan = planFromConfig(config, (p) => p);
  const store = new Store(path.join(dir, `ours-${n}-${intervals}.db`));
  const monitor = new Monitor({ plan, store, redactor: new Redactor() });
  let failed = 0;
  let checkRuns = 0;
  const orig = monitor.runCheck.bind(monitor);
  monitor.runCheck = async (c) => {
    checkRuns++;
    const r = await orig(c);
    if (!r.ok) failed++;
    return r;
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  monitor.start();
  await sleep(intervals * INTERVAL_MS);
  await monitor.scheduler.stop();
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await monitor.stop();
  store.close();
  const s = monitor.scheduler.stats;
  return {
    design: 'launchready (one heap timer, per-minute rollups)',
    monitors: n,
    runs: checkRuns,
    expectedRuns: n * intervals,
    failed,
    skipped: s.skipped,
    cpuShare: (cpu.user + cpu.system) / 1000 / wall,
    latenessP50: s.lateness.quantile(0.5) ?? 0,
    latenessP99: s.lateness.quantile(0.99) ?? 0,
    latenessMax: s.lateness.max,
  };
}

/** The baseline: a setTimeout chain per monitor and one INSERT per result. */
async function runBaseline(url: string, n: number, dir: string, intervals = INTERVALS): Promise<StepResult> {
  const db = new Database(path.join(dir, `baseline-${n}-${intervals}.db`));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE heartbeat(id INTEGER PRIMARY KEY, monitor_id INTEGER, status INTEGER, msg TEXT, time TEXT, ping REAL, duration INTEGER)');
  db.exec('CREATE INDEX heartbeat_monitor_time ON heartbeat(monitor_id, time)');
  const insert = db.prepare('INSERT INTO heartbeat(monitor_id, status, msg, time, ping, duration) VALUES (?,?,?,?,?,?)');
  const lateness = new Histogram();
  let runs = 0;
  let failed = 0;
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const beat = (due: number) => {
      const t = setTimeout(() => {
        timers.delete(t);
        if (stopped) return;
        lateness.add(Math.max(0, performance.now() - due));
        runs++;
        void probeHttp({ url: `${url}/m/${i}`, method: 'GET', timeoutMs: 5_000, keepBody: 0 }).then((r) => {
          if (r.status !== 200) failed++;
          insert.run(i, r.status === 200 ? 1 : 0, r.status === 200 ? 'OK' : (r.error ?? ''), new Date().toISOString(), r.totalMs, 0);
        });
        beat(due + INTERVAL_MS);
      }, Math.max(0, due - performance.now()));
      timers.add(t);
    };
    beat(t0 + (INTERVAL_MS * i) / n);
  }
  await sleep(intervals * INTERVAL_MS);
  stopped = true;
  for (const t of timers) clearTimeout(t);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await sleep(500);
  db.close();
  return {
    design: 'baseline (timer per monitor, row per result)',
    monitors: n,
    runs,
    expectedRuns: n * intervals,
    failed,
    skipped: 0,
    cpuShare: (cpu.user + cpu.system) / 1000 / wall,
    latenessP50: lateness.quantile(0.5) ?? 0,
    latenessP99: lateness.quantile(0.99) ?? 0,
    latenessMax: lateness.max,
  };
}

const fileSize = (f: string) => [f, `${f}-wal`].filter((x) => existsSync(x)).reduce((a, x) => a + statSync(x).size, 0);

/** Bytes per monitor-day, by writing one simulated day (6 results a minute) for `m` monitors through each design's storage. */
function dbPerMonitorDay(dir: string, m = 20): { ours: number; baseline: number } {
  const day0 = Date.UTC(2026, 0, 1);
  const oursFile = path.join(dir, 'day-ours.db');
  const store = new Store(oursFile);
  for (let minute = 0; minute < 1440; minute++) {
    for (let i = 0; i < m; i++) {
      for (let k = 0; k < 6; k++) {
        const at = day0 + minute * MINUTE + k * 10_000;
        store.record(`check:m${i}`, at, true, 0.4 + Math.random() * 1.5, { dnsMs: 0, connectMs: 0.2, tlsMs: 0, firstByteMs: 0.5 });
        store.setLastResult({ check: `m${i}`, at, ok: true, latencyMs: 1, status: 200, detail: `GET http://127.0.0.1/m/${i} → 200 in 1 ms` });
      }
    }
    store.flush(day0 + (minute + 1) * MINUTE);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  const baseFile = path.join(dir, 'day-baseline.db');
  const db = new Database(baseFile);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE heartbeat(id INTEGER PRIMARY KEY, monitor_id INTEGER, status INTEGER, msg TEXT, time TEXT, ping REAL, duration INTEGER)');
  db.exec('CREATE INDEX heartbeat_monitor_time ON heartbeat(monitor_id, time)');
  const insert = db.prepare('INSERT INTO heartbeat(monitor_id, status, msg, time, ping, duration) VALUES (?,?,?,?,?,?)');
  db.transaction(() => {
    for (let s = 0; s < 8640; s++) for (let i = 0; i < m; i++) insert.run(i, 1, 'OK', new Date(day0 + s * 10_000).toISOString(), 0.4 + Math.random() * 1.5, 0);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  // Subtract the empty schema so the figure is the per-monitor growth.
  const empty = new Store(path.join(dir, 'empty.db'));
  empty.db.pragma('wal_checkpoint(TRUNCATE)');
  empty.close();
  const emptySize = fileSize(path.join(dir, 'empty.db'));
  return { ours: (fileSize(oursFile) - emptySize) / m, baseline: fileSize(baseFile) / m };
}

const f1 = (x: number) => x.toFixed(1);
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lr-bench-monitor-'));
  const target = await startTarget();
  const results: StepResult[] = [];
  try {
    console.log(`launchready monitor benchmark: interval ${INTERVAL_MS / 1000} s, ${INTERVALS} intervals per step, target ${target.url} (separate process)\n`);
    // Warm both code paths (JIT, module loading, first sockets) so neither design pays for it in its measured step.
    await runOurs(target.url, 200, dir, 1);
    await runBaseline(target.url, 200, dir, 1);
    for (const n of STEPS) {
      const r = await runOurs(target.url, n, dir);
      results.push(r);
      print(r);
    }
    if (!WITH_BASELINE) return;
    const base = await runBaseline(target.url, GOAL.monitors, dir);
    results.push(base);
    print(base);
    const size = dbPerMonitorDay(dir);

    const ours = results.find((r) => r.monitors === GOAL.monitors && !r.design.startsWith('baseline'))!;
    const sustained = results.filter((r) => !r.design.startsWith('baseline') && r.latenessP99 < GOAL.latenessP99Ms && r.skipped === 0 && r.failed === 0 && r.runs >= r.expectedRuns * 0.98);
    console.log('\nDatabase size per monitor-day (one simulated day, 6 results a minute):');
    console.log(`  launchready rollups: ${kib(size.ours)}   baseline heartbeat rows: ${kib(size.baseline)}   ratio ${(size.ours / size.baseline).toFixed(3)}`);
    console.log('\nAt 1,000 monitors, launchready vs baseline (same run):');
    console.log(`  CPU share        ${f1(ours.cpuShare * 100)}% vs ${f1(base.cpuShare * 100)}% of one core   ratio ${(ours.cpuShare / base.cpuShare).toFixed(2)}`);
    console.log(`  lateness p99     ${f1(ours.latenessP99)} ms vs ${f1(base.latenessP99)} ms   ratio ${(ours.latenessP99 / Math.max(base.latenessP99, 0.001)).toFixed(2)}`);
    const best = sustained.reduce((a, r) => Math.max(a, r.monitors), 0);
    console.log(`\nSustained (p99 lateness < ${GOAL.latenessP99Ms} ms, no skipped or failed runs): ${best || 'none'} monitors of the steps tried (${STEPS.join(', ')}).`);
    console.log(`Goal ${GOAL.monitors} monitors with p99 lateness < ${GOAL.latenessP99Ms} ms: ${sustained.some((r) => r.monitors >= GOAL.monitors) ? 'MET' : 'NOT MET'}`);
  } finally {
    target.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(r: StepResult) {
  console.log(
    `${r.design.padEnd(50)} ${String(r.monitors).padStart(5)} monitors: runs ${r.runs}/${r.expectedRuns}, failed ${r.failed}, skipped ${r.skipped}, CPU ${f1(r.cpuShare * 100)}% of a core, lateness p50 ${f1(r.latenessP50)} / p99 ${f1(r.latenessP99)} / max ${f1(r.latenessMax)} ms`,
  );
}

await main();
