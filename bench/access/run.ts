// Benchmark of the access probes: a generated API of ≥200 operations × 4
// roles on loopback, in a child process, audited by the access gatherer with
// the rate limit lifted. Two builds of the same API (same spec, users,
// routes and answers):
// - bare: node:http and in-memory maps, ~25 µs of server CPU per request,
//   the engine's worst case;
// - realistic: Express 5 and SQLite, how a small SaaS backend is built.
// For each, in the same run: the server's ceiling by autocannon on one cheap
// GET and on a replay of the audit's own requests, the probe engine alone on
// the cheap GET, the audit at three concurrencies, and each side's CPU time
// per request, so the verdict says which side sets the pace.
// Run: npx tsx bench/access/run.ts [resources=40] [bare|realistic]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// autocannon ships no types; only its promise API and request counts are used here.
// @ts-expect-error -- untyped module
import autocannonUntyped from 'autocannon';
import { parseConfigText } from '../../src/config/load.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Pool } from '../../src/probe/pool.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { runAccess } from '../../test/access/run-access.js';
import { miniConfig, type RecordedRequest } from '../../test/helpers/mini-api.js';
import { startTarget, type Target, type TargetKind } from './target.js';

const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Promise<{ requests: { average: number; total: number }; errors: number; non2xx: number }>;

const resources = Number(process.argv[2] ?? 40);
const kinds: TargetKind[] = process.argv[3] === 'bare' || process.argv[3] === 'realistic' ? [process.argv[3]] : ['bare', 'realistic'];
// autocannon's model, used for the engine-alone run and the replay too: 8
// keep-alive connections, one request in flight on each (no pipelining).
// The probe client's agent also keeps 8 connections per origin.
const CONNECTIONS = 8;
/** The audit phase's ratio to the ceiling on its own requests from which the server, not the engine, sets the pace. */
const SERVER_BOUND = 0.8;

interface AuditResult {
  concurrency: number;
  ms: number;
  requests: number;
  rps: number;
  cpuUsPerRequest: number;
  serverCpuUsPerRequest: number;
  engineBusy: number;
  serverBusy: number;
  ok: boolean;
}

interface Replay {
  rps: number;
  serverUsPerRequest: number;
  serverBusy: number;
  generatorUsPerRequest: number;
}

interface TargetResult {
  kind: TargetKind;
  operations: number;
  ceiling: number;
  getServerUs: number;
  engineRps: number;
  engineUs: number;
  cold: AuditResult;
  def: AuditResult;
  best: AuditResult;
  mix: Replay;
  ok: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;

async function login(t: Target): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olivia@acme.test', password: t.passwords.owner }) });
  return ((await res.json()) as { token: string }).token;
}

async function audit(t: Target, specFile: string, dir: string, concurrency: number): Promise<AuditResult> {
  const file = path.join(dir, 'launchready.yml');
  // The tests' mini-API config with the budgets lifted.
  const text = miniConfig(t, { specFile, allowWrites: true, concurrency, rate: 1_000_000, maxRequests: 200_000, maxSeconds: 600 });
  await writeFile(file, text);
  const loaded = parseConfigText(text, file);
  const m = await t.measured(() => runAccess(loaded));
  const requests = m.value.ledger.length;
  return {
    concurrency,
    ms: m.ms,
    requests,
    rps: requests / (m.ms / 1000),
    cpuUsPerRequest: m.cpuUs / requests,
    serverCpuUsPerRequest: m.serverCpuUs / requests,
    engineBusy: m.cpuUs / 1000 / m.ms,
    serverBusy: m.serverCpuUs / 1000 / m.ms,
    ok: m.value.access.state === 'ok',
  };
}

/**
 * The server's ceiling on an audit's own requests: the recorded sequence cut
 * into `streams` contiguous slices, each replayed in order, over and over for
 * `seconds`, by its own autocannon instance on one keep-alive connection, all
 * at once. So the mix is the audit's exactly (same methods, paths, headers
 * and bodies, in the same proportions), without the audit's waits between
 * dependent requests. (autocannon's `amount` mode ends on a one-second tick,
 * too coarse for a sub-second sequence, hence a duration.) State drifts a
 * little: a replayed create gets a new id, so the recorded read-back of the
 * old one is a 404, and the lists grow by the replayed creates; the server's
 * CPU per request is printed beside the audit's so the two mixes can be
 * compared.
 */
async function replay(t: Target, recorded: RecordedRequest[], streams: number, seconds: number): Promise<Replay> {
  const size = Math.ceil(recorded.length / streams);
  const slices = Array.from({ length: streams }, (_, i) => recorded.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  const m = await t.measured(() => Promise.all(slices.map((requests) => autocannon({ url: t.url, connections: 1, pipelining: 1, duration: seconds, requests, timeout: 10 }))));
  const sent = m.value.reduce((n, r) => n + r.requests.total, 0);
  return { rps: sent / (m.ms / 1000), serverUsPerRequest: m.serverCpuUs / sent, serverBusy: m.serverCpuUs / 1000 / m.ms, generatorUsPerRequest: m.cpuUs / sent };
}

async function benchTarget(t: Target, dir: string): Promise<TargetResult> {
  const specFile = path.join(dir, 'openapi.json');
  await writeFile(specFile, JSON.stringify(t.spec));
  console.log(`\n== ${t.kind}: generated API of ${t.operations} operations × 4 roles (2 tenants), server in a child process at ${t.url}`);

  const token = await login(t);
  const reqUrl = `${t.url}/api/r0/1`;
  // Same headers as the engine sends, so both measure the same exchange.
  const headers = { 'user-agent': 'launchready', accept: 'application/json', authorization: `Bearer ${token}` };
  await autocannon({ url: reqUrl, connections: CONNECTIONS, pipelining: 1, duration: 1, headers }); // warm the server's JIT
  const ac = await t.measured(() => autocannon({ url: reqUrl, connections: CONNECTIONS, pipelining: 1, duration: 4, headers }));
  const ceiling = ac.value.requests.average;
  const getServerUs = ac.serverCpuUs / (ceiling * (ac.ms / 1000));
  console.log(
    `server ceiling (autocannon, ${CONNECTIONS} keep-alive connections, pipelining 1, 4 s, authenticated GET): ${ceiling.toFixed(0)} req/s; ` +
      `server CPU ${getServerUs.toFixed(0)} µs/request (busy ${pct(ac.serverCpuUs / 1000 / ac.ms)}); ${ac.value.errors + ac.value.non2xx} errors/non-2xx`,
  );

  // The engine alone on the ceiling's request: ProbeClient (budget, safety,
  // masking, ledger) + the pool, with autocannon's connection model.
  const redactor = new Redactor([...Object.values(t.passwords), token]);
  const client = new ProbeClient({ timeoutMs: 10_000, maxRequests: 1e9, ratePerSecond: 1e9, maxSeconds: 600, credentialOrigins: [t.url], writableOrigins: [], redactor });
  const pool = new Pool(CONNECTIONS);
  const one = () => client.send({ method: 'GET', url: reqUrl, role: 'owner', purpose: 'bench', headers: { accept: 'application/json' }, credentials: { authorization: `Bearer ${token}` } });
  await pool.map(Array.from({ length: 3000 }), one); // warm-up, untimed
  const n = 20_000;
  const eng = await t.measured(() => pool.map(Array.from({ length: n }), one));
  const failures = eng.value.filter((x) => x.response?.status !== 200).length;
  await client.close();
  const engineRps = n / (eng.ms / 1000);
  const engineUs = eng.cpuUs / n;
  console.log(
    `probe engine alone, same request, ${CONNECTIONS} in flight on ${CONNECTIONS} keep-alive connections: ${engineRps.toFixed(0)} req/s (${pct(engineRps / ceiling)} of the ceiling); ` +
      `engine CPU ${engineUs.toFixed(0)} µs/request (busy ${pct(eng.cpuUs / 1000 / eng.ms)}); server CPU ${(eng.serverCpuUs / n).toFixed(0)} µs/request; ${failures} failures`,
  );

  // The first audit pays for JIT compilation of the gatherers (V8 compiles on
  // helper threads, which process.cpuUsage counts): reported apart.
  const cold = await audit(t, specFile, dir, 8);
  const line = (label: string, a: AuditResult) =>
    `${label}: ${a.requests} requests in ${(a.ms / 1000).toFixed(2)} s = ${a.rps.toFixed(0)} req/s; ` +
    `engine ${a.cpuUsPerRequest.toFixed(0)} µs/request (busy ${pct(a.engineBusy)}), server ${a.serverCpuUsPerRequest.toFixed(0)} µs/request (busy ${pct(a.serverBusy)})`;
  console.log(line('access audit, rate limit lifted, concurrency 8, first run (cold JIT)', cold));
  const audits: AuditResult[] = [];
  for (const c of [4, 8, 16]) {
    const a = await audit(t, specFile, dir, c);
    audits.push(a);
    console.log(line(`access audit, rate limit lifted, concurrency ${c}${c === 4 ? ' (default)' : ' (raised: auth.flows.concurrency)'}`, a));
  }
  const def = audits[0]!;
  const best = audits.reduce((a, b) => (b.rps > a.rps ? b : a));

  // The same server's ceiling on the audit's own mix: one more audit (at the
  // best concurrency, untimed) is recorded by the server, then replayed.
  const recorded = await t.recordedDuring(() => audit(t, specFile, dir, best.concurrency));
  const mix = await replay(t, recorded, CONNECTIONS, 4);
  console.log(
    `server ceiling on the audit's own ${recorded.length} requests (autocannon replay, ${CONNECTIONS} streams, each one slice in order on a loop, 4 s): ${mix.rps.toFixed(0)} req/s; ` +
      `server CPU ${mix.serverUsPerRequest.toFixed(0)} µs/request (busy ${pct(mix.serverBusy)}); autocannon CPU ${mix.generatorUsPerRequest.toFixed(0)} µs/request`,
  );
  return { kind: t.kind, operations: t.operations, ceiling, getServerUs, engineRps, engineUs, cold, def, best, mix, ok: cold.ok && audits.every((a) => a.ok) && failures === 0 };
}

/**
 * Is the probe engine the bottleneck? It is when its CPU is saturated, or
 * when it spends more CPU per request than the server does on the same
 * requests (then no concurrency lets the server run flat out). Otherwise the
 * server sets the pace, or, below SERVER_BOUND of the replay ceiling, the
 * audit's own request chains do: a rate-limit burst is sequential by design,
 * and create → read → attack → read back waits on each round trip.
 */
function verdict(r: TargetResult): string {
  const ratio = r.best.rps / r.mix.rps;
  const engineBound = r.best.engineBusy >= 0.9 || r.best.cpuUsPerRequest > r.mix.serverUsPerRequest;
  const cpu = `engine ${r.best.cpuUsPerRequest.toFixed(0)} µs of CPU per request (busy ${pct(r.best.engineBusy)}), server ${r.mix.serverUsPerRequest.toFixed(0)} µs (busy ${pct(r.best.serverBusy)})`;
  const head = `at concurrency ${r.best.concurrency} the audit runs at ${pct(ratio)} of what this server answers on the same requests`;
  if (engineBound) return `the probe engine IS the bottleneck: ${head}; ${cpu}`;
  if (ratio >= SERVER_BOUND) return `the probe engine is not the bottleneck: ${head}, so the server sets the pace; ${cpu}`;
  return `the probe engine is not the bottleneck: ${head}; the rest is the audit's request chains waiting on round trips (sequential bursts, create → read → attack → read back); ${cpu}`;
}

function summary(r: TargetResult): void {
  console.log(`\n${r.kind}: ${r.operations} operations × 4 roles, ${r.def.requests} requests per audit`);
  console.log(
    `  requests/s: server ceiling ${r.ceiling.toFixed(0)} on one cheap GET, ${r.mix.rps.toFixed(0)} on the audit's own requests · engine alone ${r.engineRps.toFixed(0)} · ` +
      `audit ${r.def.rps.toFixed(0)} at the default concurrency 4, ${r.best.rps.toFixed(0)} at ${r.best.concurrency}`,
  );
  console.log(
    `  ratios: audit to the ceiling on its own requests ${(r.def.rps / r.mix.rps).toFixed(2)} (concurrency 4), ${(r.best.rps / r.mix.rps).toFixed(2)} (concurrency ${r.best.concurrency}); ` +
      `audit to the cheap-GET ceiling ${(r.best.rps / r.ceiling).toFixed(2)}; engine alone to the cheap-GET ceiling ${(r.engineRps / r.ceiling).toFixed(2)}`,
  );
  console.log(
    `  total time of the audit (rate lifted): ${(r.def.ms / 1000).toFixed(2)} s at concurrency 4, ${(r.best.ms / 1000).toFixed(2)} s at ${r.best.concurrency}, ${(r.cold.ms / 1000).toFixed(2)} s cold; ` +
      `the same requests at the replay's rate: ${(r.def.requests / r.mix.rps).toFixed(2)} s`,
  );
  console.log(
    `  CPU per request: cheap GET engine ${r.engineUs.toFixed(0)} µs, server ${r.getServerUs.toFixed(0)} µs; audit's requests engine ${r.best.cpuUsPerRequest.toFixed(0)} µs, ` +
      `server ${r.mix.serverUsPerRequest.toFixed(0)} µs (replay) / ${r.best.serverCpuUsPerRequest.toFixed(0)} µs (audit), autocannon ${r.mix.generatorUsPerRequest.toFixed(0)} µs (replay)`,
  );
  console.log(`  at the polite default (20 req/s) the engine uses ${((20 * r.def.cpuUsPerRequest) / 1e4).toFixed(2)}% of a core and the audit takes ${(r.def.requests / 20 / 60).toFixed(1)} min`);
  console.log(`  verdict: ${verdict(r)}.`);
}

console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]?.toFixed(2)}; the server and this process each have one event loop`);
const results: TargetResult[] = [];
const dir = await mkdtemp(path.join(os.tmpdir(), 'lr-bench-'));
try {
  for (const kind of kinds) {
    const t = await startTarget(kind, resources);
    try {
      results.push(await benchTarget(t, dir));
    } finally {
      await t.stop();
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
console.log('\nsummary');
for (const r of results) summary(r);
if (results.some((r) => !r.ok)) process.exitCode = 1;
