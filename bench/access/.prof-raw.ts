import { fork } from 'node:child_process';
import { request, Agent } from 'undici';
import { Pool } from '../../src/probe/pool.js';
const child = fork(new URL('./server.ts', import.meta.url).pathname, ['40'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const target = await new Promise<any>((resolve) => child.once('message', resolve));
const res = await fetch(`${target.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olivia@acme.test', password: target.passwords.owner }) });
const token = ((await res.json()) as any).token;
const mode = process.argv[2] ?? 'raw';
const n = Number(process.argv[3] ?? 10000);
const agent = new Agent({ connections: 8 });
const pool = new Pool(8);
const url = new URL(`${target.url}/api/r0/1`);
const headers = { 'user-agent': 'launchready', accept: 'application/json', authorization: `Bearer ${token}` };
function dispatchOnce(): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []; let status = 0; let timer: NodeJS.Timeout;
    agent.dispatch({ origin: url.origin, path: url.pathname + url.search, method: 'GET', headers }, {
      onRequestStart(controller) { timer = setTimeout(() => controller.abort(new Error('timeout')), 10000); },
      onResponseStart(_c, statusCode, _h) { status = statusCode; },
      onResponseData(_c, chunk) { chunks.push(chunk); },
      onResponseEnd() { clearTimeout(timer); resolve({ status, body: Buffer.concat(chunks).toString('utf8') }); },
      onResponseError(_c, err) { clearTimeout(timer); reject(err); },
    } as any);
  });
}
const one = mode === 'raw'
  ? async () => { const r = await request(url, { dispatcher: agent, headers }); return r.body.text(); }
  : mode === 'rawsig' ? async () => { const r = await request(url, { dispatcher: agent, headers, signal: AbortSignal.timeout(10000) }); return r.body.text(); }
  : dispatchOnce;
await pool.map(Array.from({ length: 2000 }), one);
for (let k = 0; k < 3; k++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const q: Promise<unknown>[] = [];
  let i = 0;
  const worker = async () => { while (i++ < n) await one(); };
  for (let w = 0; w < 8; w++) q.push(worker());
  await Promise.all(q);
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  console.log(`${mode}: ${(n / ms * 1000).toFixed(0)} req/s, CPU ${((c.user + c.system) / n).toFixed(1)} µs/req`);
}
await agent.close();
child.send('stop');
