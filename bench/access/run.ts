// Benchmark of the access probes: a generated API of ≥200 operations × 4
// roles on loopback (a node:http server in a child process), audited by the
// access gatherer with the rate limit lifted. Reported beside the same
// server's ceiling measured in the same run by autocannon, the probe engine
// alone on the ceiling's exact request with the same connection model, and
// each side's CPU time per request, so the verdict says which side limits.
// Run: npx tsx bench/access/run.ts [resources=40]
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// autocannon ships no types; only its promise API and the average are used here.
// @ts-expect-error -- untyped module
import autocannonUntyped from 'autocannon';
import { ProbeClient } from '../../src/probe/client.js';
import { Pool } from '../../src/probe/pool.js';
import { Redactor } from '../../src/secrets/redactor.js';

const autocannon = autocannonUntyped as (opts: Record<string, unknown>) => Promise<{ requests: { average: number }; errors: number; non2xx: number }>;
import { parseConfigText } from '../../src/config/load.js';
import { runAccess } from '../../test/access/run-access.js';
import { miniConfig } from '../../test/helpers/mini-api.js';

interface Target {
  url: string;
  spec: { paths: Record<string, Record<string, unknown>> };
  passwords: Record<string, string>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = Number(process.argv[2] ?? 40);
// autocannon's model, used for the engine-alone run too: 8 keep-alive
// connections, one request in flight on each (no pipelining). The probe
// client's agent also keeps 8 connections per origin.
const CONNECTIONS = 8;

const child = fork(path.join(here, 'server.ts'), [String(resources)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const target = await new Promise<Target>((resolve) => child.once('message', (m) => resolve(m as Target)));
const operations = Object.values(target.spec.paths).reduce((n, item) => n + Object.keys(item).filter((k) => k !== 'parameters').length, 0);

/** The server process's CPU time so far (µs). */
function serverCpu(): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      const cpu = (m as { cpu?: NodeJS.CpuUsage }).cpu;
      if (!cpu) return;
      child.off('message', on);
      resolve(cpu.user + cpu.system);
    };
    child.on('message', on);
    child.send('cpu');
  });
}

/** Wall time, this process's CPU and the server's CPU over fn. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuUs: number; serverCpuUs: number }> {
  const s0 = await serverCpu();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const serverCpuUs = (await serverCpu()) - s0;
  return { value, ms, cpuUs: c.user + c.system, serverCpuUs };
}

async function login(): Promise<string> {
  const res = await fetch(`${target.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olivia@acme.test', password: target.passwords.owner }) });
  return ((await res.json()) as { token: string }).token;
}

/** The benchmark's config: the tests' mini-API config with the budgets lifted. */
function configText(specFile: string, ratePerSecond: number, concurrency: number): string {
  return miniConfig(target, { specFile, allowWrites: true, concurrency, rate: ratePerSecond, maxRequests: 200_000, maxSeconds: 600 });
}

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

async function audit(specFile: string, dir: string, concurrency: number): Promise<AuditResult> {
  const file = path.join(dir, 'launchready.yml');
  const text = configText(specFile, 1_000_000, concurrency);
  await writeFile(file, text);
  const loaded = parseConfigText(text, file);
  const m = await measured(() => runAccess(loaded));
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

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const dir = await mkdtemp(path.join(os.tmpdir(), 'lr-bench-'));
try {
  const specFile = path.join(dir, 'openapi.json');
  await writeFile(specFile, JSON.stringify(target.spec));
  console.log(`generated API: ${operations} operations × 4 roles (2 tenants), server in a child process at ${target.url}`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average ${os.loadavg()[0]?.toFixed(2)}; the server and this process each have one event loop`);

  const token = await login();
  const reqUrl = `${target.url}/api/r0/1`;
  // Same headers as the engine sends, so both measure the same exchange.
  const headers = { 'user-agent': 'launchready', accept: 'application/json', authorization: `Bearer ${token}` };

  await autocannon({ url: reqUrl, connections: CONNECTIONS, pipelining: 1, duration: 1, headers }); // warm the server's JIT
  const ac = await measured(() => autocannon({ url: reqUrl, connections: CONNECTIONS, pipelining: 1, duration: 4, headers }));
  const ceiling = ac.value.requests.average;
  const acRequests = ceiling * (ac.ms / 1000);
  const serverUsPerReq = ac.serverCpuUs / acRequests;
  console.log(
    `server ceiling (autocannon, ${CONNECTIONS} keep-alive connections, pipelining 1, 4 s, authenticated GET): ${ceiling.toFixed(0)} req/s; ` +
      `server CPU ${serverUsPerReq.toFixed(0)} µs/request (busy ${pct(ac.serverCpuUs / 1000 / ac.ms)}); ${ac.value.errors + ac.value.non2xx} errors/non-2xx`,
  );

  // The engine alone on the ceiling's request: ProbeClient (budget, safety,
  // masking, ledger) + the pool, with autocannon's connection model.
  const redactor = new Redactor([...Object.values(target.passwords), token]);
  const client = new ProbeClient({ timeoutMs: 10_000, maxRequests: 1e9, ratePerSecond: 1e9, maxSeconds: 600, credentialOrigins: [target.url], writableOrigins: [], redactor });
  const pool = new Pool(CONNECTIONS);
  const one = () =>
    client.send({ method: 'GET', url: reqUrl, role: 'owner', purpose: 'bench', headers: { accept: 'application/json' }, credentials: { authorization: `Bearer ${token}` } });
  await pool.map(Array.from({ length: 3000 }), one); // warm-up, untimed
  const n = 20_000;
  const eng = await measured(() => pool.map(Array.from({ length: n }), one));
  const failures = eng.value.filter((x) => x.response?.status !== 200).length;
  await client.close();
  const engineRps = n / (eng.ms / 1000);
  const engineUs = eng.cpuUs / n;
  const engineCapacity = 1e6 / engineUs;
  console.log(
    `probe engine alone, same request, ${CONNECTIONS} in flight on ${CONNECTIONS} keep-alive connections: ${engineRps.toFixed(0)} req/s (${pct(engineRps / ceiling)} of the ceiling); ` +
      `engine CPU ${engineUs.toFixed(0)} µs/request (busy ${pct(eng.cpuUs / 1000 / eng.ms)}) → one core drives ${engineCapacity.toFixed(0)} req/s; server CPU ${(eng.serverCpuUs / n).toFixed(0)} µs/request; ${failures} failures`,
  );

  // The first audit pays for JIT compilation of the gatherers (V8 compiles on
  // helper threads, which process.cpuUsage counts): reported apart.
  const cold = await audit(specFile, dir, 8);
  const line = (label: string, a: AuditResult) =>
    `${label}: ${a.requests} requests in ${(a.ms / 1000).toFixed(2)} s = ${a.rps.toFixed(0)} req/s (${pct(a.rps / ceiling)} of the ceiling); ` +
    `engine ${a.cpuUsPerRequest.toFixed(0)} µs/request (busy ${pct(a.engineBusy)}), server ${a.serverCpuUsPerRequest.toFixed(0)} µs/request (busy ${pct(a.serverBusy)})`;
  console.log(line('access audit, rate limit lifted, concurrency 8, first run (cold JIT)', cold));
  const audits = [];
  for (const c of [4, 8, 16]) {
    const a = await audit(specFile, dir, c);
    audits.push(a);
    console.log(line(`access audit, rate limit lifted, concurrency ${c}${c === 4 ? ' (default)' : ' (raised: auth.flows.concurrency)'}`, a));
  }
  const def = audits[0]!;
  const best = audits.reduce((a, b) => (b.rps > a.rps ? b : a));

  console.log('');
  console.log('summary');
  console.log(`  requests/s: server ceiling (autocannon) ${ceiling.toFixed(0)} · engine alone ${engineRps.toFixed(0)} · audit ${def.rps.toFixed(0)} at the default concurrency 4, ${best.rps.toFixed(0)} at ${best.concurrency}`);
  console.log(`  ratios to the ceiling: engine alone ${(engineRps / ceiling).toFixed(2)} · engine CPU capacity ${(engineCapacity / ceiling).toFixed(2)} · audit ${(def.rps / ceiling).toFixed(2)} (concurrency 4), ${(best.rps / ceiling).toFixed(2)} (concurrency ${best.concurrency})`);
  console.log(`  total time of the audit (rate lifted): ${(def.ms / 1000).toFixed(2)} s at concurrency 4, ${(best.ms / 1000).toFixed(2)} s at ${best.concurrency}, ${(cold.ms / 1000).toFixed(2)} s cold; ${def.requests} requests over ${operations} operations × 4 roles`);
  console.log(`  CPU per request on the ceiling's request: engine ${engineUs.toFixed(0)} µs, server ${serverUsPerReq.toFixed(0)} µs`);
  console.log(`  at the polite default (20 req/s) the engine uses ${((20 * def.cpuUsPerRequest) / 1e4).toFixed(2)}% of a core and the audit takes ${(def.requests / 20 / 60).toFixed(1)} min: the configured rate sets the pace`);

  // The verdict, stated from the same run's figures.
  const engineVsServer = engineCapacity / ceiling;
  let verdict: string;
  if (engineRps >= 0.95 * ceiling) verdict = `the engine alone reaches the server's ceiling (${pct(engineRps / ceiling)}): the server is the limit, not the engine`;
  else if (engineVsServer >= 1)
    verdict = `the engine's own CPU per request leaves ${engineVsServer.toFixed(1)}× headroom over the server's ceiling; engine-alone throughput (${pct(engineRps / ceiling)} of the ceiling) is bounded by round trips, not by the engine's CPU`;
  else
    verdict =
      `on this single cheap request the engine's CPU per request (${engineUs.toFixed(0)} µs) is higher than the server's (${serverUsPerReq.toFixed(0)} µs): one core of the engine drives ${pct(engineVsServer)} of the ceiling, ` +
      `so a server this fast would be limited by the engine (most of the engine's cost is undici's HTTP client and the socket writes)`;
  const auditLimit =
    best.serverBusy >= 0.9
      ? 'by the server'
      : best.engineBusy >= 0.9
        ? `by the engine's CPU (busy ${pct(best.engineBusy)}, server ${pct(best.serverBusy)})`
        : best.engineBusy >= 0.75 && best.engineBusy > best.serverBusy + 0.2
          ? `mostly by the engine's CPU (busy ${pct(best.engineBusy)}, server ${pct(best.serverBusy)}); the rest is request chains (create → read → attack → read back) waiting on round trips`
          : `by neither side's CPU (engine busy ${pct(best.engineBusy)}, server ${pct(best.serverBusy)}): request chains (create → read → attack → read back) wait on round trips`;
  console.log(`  verdict: ${verdict}. The audit at concurrency ${best.concurrency} is limited ${auditLimit}.`);
  if (!cold.ok || audits.some((a) => !a.ok) || failures > 0) process.exitCode = 1;
} finally {
  child.send('stop');
  await rm(dir, { recursive: true, force: true });
}
