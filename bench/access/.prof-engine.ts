import { fork } from 'node:child_process';
import { ProbeClient } from '../../src/probe/client.js';
import { Pool } from '../../src/probe/pool.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { request, Agent } from 'undici';
const child = fork(new URL('./server.ts', import.meta.url).pathname, ['40'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const target = await new Promise<any>((resolve) => child.once('message', resolve));
const res = await fetch(`${target.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'olivia@acme.test', password: target.passwords.owner }) });
const token = ((await res.json()) as any).token;
const mode = process.argv[2] ?? 'engine';
const n = Number(process.argv[3] ?? 20000);
const redactor = new Redactor([...Object.values(target.passwords as Record<string,string>), token]);
const client = new ProbeClient({ timeoutMs: 10_000, maxRequests: 1e9, ratePerSecond: 1e9, maxSeconds: 600, credentialOrigins: [target.url], writableOrigins: [], redactor });
const agent = new Agent({ connections: 8 });
const pool = new Pool(8);
const one = mode === 'raw'
  ? async () => { const r = await request(`${target.url}/api/r0/1`, { dispatcher: agent, headers: { 'user-agent': 'launchready', accept: 'application/json', authorization: `Bearer ${token}` } }); return r.body.text(); }
  : () => client.send({ method: 'GET', url: `${target.url}/api/r0/1`, role: 'owner', purpose: 'bench', headers: { accept: 'application/json' }, credentials: { authorization: `Bearer ${token}` } });
await pool.map(Array.from({ length: 2000 }), one);
for (let k = 0; k < 3; k++) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  await pool.map(Array.from({ length: n }), one);
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  console.log(`${mode}: ${(n / ms * 1000).toFixed(0)} req/s, CPU ${((c.user + c.system) / n).toFixed(1)} µs/req`);
}
await client.close(); await agent.close();
child.send('stop');
