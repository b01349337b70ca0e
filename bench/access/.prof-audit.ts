import { fork } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseConfigText } from '../../src/config/load.js';
import { runAccess } from '../../test/access/run-access.js';
const child = fork(new URL('./server.ts', import.meta.url).pathname, ['40'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
const target = await new Promise<any>((resolve) => child.once('message', resolve));
const conc = Number(process.argv[2] ?? 8);
const dir = await mkdtemp(path.join(os.tmpdir(), 'lr-prof-'));
const specFile = path.join(dir, 'openapi.json');
await writeFile(specFile, JSON.stringify(target.spec));
const role = (name: string, email: string, tenant: string) => `    ${name}: { tenant: ${tenant}, login: { username: ${email}, password: "${target.passwords[name]}" } }\n`;
const text = `version: 1
project: { name: Bench }
environments: { bench: { apiUrl: ${target.url}, allowWrites: true } }
api: { openapi: ${specFile} }
auth:
  login: { path: /api/auth/login }
  logout: { method: POST, path: /api/auth/logout }
  flows: { concurrency: ${conc}, rateLimitBurst: 5 }
  roles:
${role('owner', 'olivia@acme.test', 'acme')}${role('staff', 'sam@acme.test', 'acme')}${role('viewer', 'vic@acme.test', 'acme')}${role('outsider', 'gary@globex.test', 'globex')}
policy:
  - { operation: "GET /api/*", allow: [owner, staff, viewer, outsider] }
  - { operation: "POST /api/auth/logout", allow: [owner, staff, viewer, outsider] }
  - { operation: "DELETE /api/*", allow: [owner] }
  - { operation: "* /api/*", allow: [owner, staff] }
network: { ratePerSecond: 1000000, maxRequests: 200000, maxSeconds: 600, timeoutMs: 10000 }
`;
const file = path.join(dir, 'launchready.yml');
await writeFile(file, text);
for (let k = 0; k < Number(process.argv[3] ?? 3); k++) {
  const loaded = parseConfigText(text, file);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  const run = await runAccess(loaded);
  const ms = performance.now() - t0; const c = process.cpuUsage(c0);
  console.log(`audit c=${conc}: ${run.ledger.length} req in ${ms.toFixed(0)} ms = ${(run.ledger.length / ms * 1000).toFixed(0)} req/s, CPU ${((c.user + c.system) / run.ledger.length).toFixed(0)} µs/req, ${run.access.state}`);
}
child.send('stop');
