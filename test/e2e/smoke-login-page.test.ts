// Critic #3: an API app that signs in with POST /api/login has no login page.
// `audit --only smoke` must not call the 404 on a guessed /login an outage
// (a false critical that made every generated CI pipeline roll back), while a
// declared monitor.loginPath that answers 404 still is one.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { runCli } from '../helpers/run-cli.js';

let tmp: string;
let server: http.Server;
let appUrl: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-smoke-login-'));
  // Home and health answer; sign-in is POST /api/login; every other path is 404, as Express answers.
  server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>tinyops</h1>');
    if (req.method === 'GET' && req.url === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.method === 'POST' && req.url === '/api/login') return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid"}');
    res.writeHead(404, { 'content-type': 'text/html' }).end(`Cannot ${req.method} ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await rm(tmp, { recursive: true, force: true });
});

async function smoke(name: string, extra: string[]): Promise<{ code: number | null; report: Report }> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  const config = path.join(dir, 'launchready.yml');
  await writeFile(config, ['project:', `  name: ${name}`, 'environments:', '  production:', `    appUrl: ${appUrl}`, ...extra, ''].join('\n'));
  const r = await runCli(['audit', '--config', config, '--only', 'critical-page-unavailable', '--format', 'json', '-q'], { timeoutMs: 60_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

describe('the smoke check judges a login page only where there is one', () => {
  it('no monitor.loginPath and /login answers 404: no finding, the reason says why', async () => {
    const { report } = await smoke('api-only', []);
    const c = report.checks.find((x) => x.id === 'critical-page-unavailable')!;
    expect(c.status).toBe('pass');
    expect(c.findings).toEqual([]);
    expect(c.reason).toContain('home page 200');
    expect(c.reason).toMatch(/login page not judged: .*\/login answers 404 and monitor\.loginPath is not set/);
  }, 90_000);

  it('a declared monitor.loginPath that answers 404 is still the critical finding', async () => {
    const { code, report } = await smoke('declared', ['monitor:', '  loginPath: /login']);
    const c = report.checks.find((x) => x.id === 'critical-page-unavailable')!;
    expect(c.status).toBe('fail');
    expect(c.findings.map((f) => f.title)).toEqual(['The login page answers 404']);
    expect(code).toBe(1);
  }, 90_000);
});

describe('the smoke check judges a health endpoint only where there is one', () => {
  // The same app, asked for a health route it does not have: /status is 404 like every unknown path.
  const health = (extra: string[]) => ['api:', '  healthPath: /status', ...extra];

  it('no api.healthPath: the guessed /health is judged as before when it answers (here 200)', async () => {
    const { report } = await smoke('health-guess-ok', []);
    expect(report.checks.find((x) => x.id === 'critical-page-unavailable')!.reason).toContain('health endpoint 200');
  }, 90_000);

  it('a declared api.healthPath that answers 404 is the critical finding', async () => {
    const { code, report } = await smoke('health-declared', health([]));
    const c = report.checks.find((x) => x.id === 'critical-page-unavailable')!;
    expect(c.findings.map((f) => f.title)).toEqual(['The health endpoint answers 404']);
    expect(code).toBe(1);
  }, 90_000);
});

describe('an API without /health and without api.healthPath', () => {
  let bare: http.Server;
  let bareUrl: string;
  beforeAll(async () => {
    // Home answers; every other path is behind the auth wall (401), the shape the critics met.
    bare = http.createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>ops</h1>');
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"missing Token in header"}');
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  });
  afterAll(() => bare.close());

  it('a 401 on the guessed /health is no finding, and the reason says which line to set', async () => {
    const dir = path.join(tmp, 'no-health');
    await mkdir(dir, { recursive: true });
    const config = path.join(dir, 'launchready.yml');
    await writeFile(config, ['project:', '  name: no-health', 'environments:', '  production:', `    appUrl: ${bareUrl}`, ''].join('\n'));
    const r = await runCli(['audit', '--config', config, '--only', 'critical-page-unavailable', '--format', 'json', '-q'], { timeoutMs: 60_000 });
    const c = (JSON.parse(r.stdout) as Report).checks.find((x) => x.id === 'critical-page-unavailable')!;
    expect(c.findings).toEqual([]);
    expect(c.status).toBe('pass');
    expect(c.reason).toMatch(/health endpoint not judged: .*\/health answers 401 and api\.healthPath is not set/);
  }, 90_000);
});
