// Ingest under a flood: 10,000 app events per second, every one on a route
// never seen before (what a scanner or a bug that puts ids in paths produces),
// for a minute, POSTed to a real `launchready monitor` child process. Measured:
// the monitor's RSS (from /proc) and its database size (file + WAL), against
// the documented caps, and the same load with the route-series cap switched
// off as the baseline, in the same run.
//
//   npx tsx bench/monitor/ingest.ts [SECONDS]     default 60 s per design
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { C } from '../../src/monitor/events.js';
import { Store } from '../../src/monitor/store.js';

const SECONDS = Number(process.argv[2] ?? 60);
const RATE = 10_000;
const BATCH = 500;
/** The caps docs/monitor.md promises for this load. */
const CAPS = { rssGrowthMiB: 64, dbMiB: 16 };
const CHILD = path.join(import.meta.dirname, '..', '..', 'test', 'monitor', 'crash', 'child.ts');
const TOKEN = ['bench', Math.random().toString(36).slice(2), Math.random().toString(36).slice(2)].join('-');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const dbMiB = (f: string) => [f, `${f}-wal`].filter(existsSync).reduce((a, x) => a + statSync(x).size, 0) / 1024 / 1024;

interface Result {
  design: string;
  sent: number;
  accepted: number;
  refused: number;
  seconds: number;
  rssStart: number;
  rssMax: number;
  /** Largest database + WAL seen during the run, and after a clean stop. */
  dbMax: number;
  db: number;
  stored: number;
  routeSeries: number;
}

async function run(dir: string, design: string, maxRouteSeries: number): Promise<Result> {
  const config = path.join(dir, `${design}.json`);
  const db = path.join(dir, `${design}.db`);
  writeFileSync(
    config,
    JSON.stringify({
      project: { name: 'bench' },
      environments: { production: {} },
      monitor: { defaultChecks: false, dns: { enabled: false }, ingest: { token: TOKEN, maxRouteSeries }, dashboard: { token: TOKEN } },
    }),
  );
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, 'monitor', '-c', config, '--db', db, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  try {
    while (!/dashboard: (http:\/\/\S+?)\s/.test(err)) await sleep(50);
    const base = /dashboard: (http:\/\/\S+?)\s/.exec(err)![1]!;
    await sleep(3_000);
    const rssStart = rssMiB(child.pid!);
    let rssMax = rssStart;
    let sent = 0;
    let accepted = 0;
    let refused = 0;
    let n = 0;
    const t0 = performance.now();
    let dbMax = 0;
    const sampler = setInterval(() => {
      rssMax = Math.max(rssMax, rssMiB(child.pid!));
      dbMax = Math.max(dbMax, dbMiB(db));
    }, 250);
    const inflight = new Set<Promise<void>>();
    for (let tick = 0; performance.now() - t0 < SECONDS * 1000; tick++) {
      // One batch every BATCH/RATE seconds, on schedule: a slow answer does not slow the sender (up to 8 in flight).
      const due = t0 + (tick * BATCH * 1000) / RATE;
      if (due > performance.now()) await sleep(due - performance.now());
      while (inflight.size >= 8) await Promise.race(inflight);
      const events = Array.from({ length: BATCH }, () => ({ type: 'request', route: `/u/${(n++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`, method: 'GET', status: n % 97 === 0 ? 500 : 200, durationMs: 3 + (n % 50) }));
      sent += events.length;
      const p = fetch(`${base}/ingest`, { method: 'POST', body: JSON.stringify(events), headers: { authorization: `Bearer ${TOKEN}` } })
        .then(async (r) => {
          const j = r.status === 202 ? ((await r.json()) as { accepted: number }) : undefined;
          if (j) accepted += j.accepted;
          else refused += events.length;
        })
        .catch(() => void (refused += events.length))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    rssMax = Math.max(rssMax, rssMiB(child.pid!));
    child.kill('SIGTERM');
    await exited;
    const store = new Store(db);
    const stored = store.counter(C.requests, 0, Date.now() + 3_600_000);
    const routeSeries = store.series('route:').length;
    store.close();
    return { design, sent, accepted, refused, seconds, rssStart, rssMax, dbMax, db: dbMiB(db), stored, routeSeries };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'lr-bench-ingest-'));
try {
  console.log(`ingest flood: ${RATE.toLocaleString('en')} events/s, every route new, ${SECONDS} s, batches of ${BATCH}, to a monitor child process\n`);
  const ours = await run(dir, 'capped', 500);
  const base = await run(dir, 'uncapped', 1_000_000_000);
  const f = (x: number) => x.toFixed(1);
  for (const r of [ours, base]) {
    console.log(
      `${r.design.padEnd(9)} sent ${r.sent} (${Math.round(r.sent / r.seconds)}/s), 202 for ${r.accepted}, refused ${r.refused}; stored ${r.stored}; route series ${r.routeSeries}; RSS ${f(r.rssStart)} → max ${f(r.rssMax)} MiB (+${f(r.rssMax - r.rssStart)}); database + WAL at most ${f(r.dbMax)} MiB, ${f(r.db)} MiB after stop`,
    );
  }
  console.log(`\nratios capped / uncapped (same run): RSS growth ${f((ours.rssMax - ours.rssStart) / Math.max(0.1, base.rssMax - base.rssStart))}, database at most ${(ours.dbMax / base.dbMax).toFixed(3)}`);
  const ok = ours.rssMax - ours.rssStart <= CAPS.rssGrowthMiB && ours.dbMax <= CAPS.dbMiB && ours.stored === ours.accepted;
  console.log(`caps (docs/monitor.md): RSS growth ≤ ${CAPS.rssGrowthMiB} MiB, database + WAL ≤ ${CAPS.dbMiB} MiB, every 202'd event stored: ${ok ? 'MET' : 'NOT MET'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
