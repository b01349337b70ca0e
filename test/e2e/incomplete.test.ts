// The acceptance lines of "a verdict you can trust", as a new user meets
// them: `audit` where nothing listens, against a certificate the machine does
// not trust, and with a config of only a name and an app URL. None of them
// may read READY; each exits 4 and the coverage block says why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { makePki } from '../edge/pki.js';
import { runCli } from '../helpers/run-cli.js';
import { startSpaFallback } from '../targets/spa-fallback.js';

let tmp: string;
const servers: (http.Server | https.Server)[] = [];
const apps: { close(): Promise<void> }[] = [];

async function listen(server: http.Server | https.Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port that was just free: bound, then closed. */
async function deadPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function audit(name: string, appUrl: string): Promise<{ code: number | null; report: Report; stdout: string }> {
  const dir = path.join(tmp, name);
  await rm(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  const config = path.join(dir, 'launchready.yml');
  await writeFile(config, ['project:', `  name: ${name}`, 'environments:', '  production:', `    appUrl: ${appUrl}`, ''].join('\n'));
  const json = await runCli(['audit', '--config', config, '--format', 'json', '-q'], { timeoutMs: 60_000 });
  expect(json.stderr).not.toMatch(/internal error/);
  const text = await runCli(['audit', '--config', config, '--format', 'terminal', '-q'], { timeoutMs: 60_000 });
  return { code: json.code, report: JSON.parse(json.stdout) as Report, stdout: text.stdout };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-incomplete-'));
});

afterAll(async () => {
  for (const s of servers) s.close();
  await Promise.all(apps.map((a) => a.close()));
  await rm(tmp, { recursive: true, force: true });
});

describe('audit never says READY without evidence', () => {
  it('nothing listens at the app URL: incomplete, exit 4, the refusal said once at the top', async () => {
    const port = await deadPort();
    const { code, report, stdout } = await audit('Dead', `http://127.0.0.1:${port}/`);
    expect(code).toBe(4);
    expect(report.verdict).toBe('incomplete');
    expect(report.verdictLine).toMatch(/^NOT VERIFIED — the app could not be reached/);
    expect(report.coverage.targetReached).toBe(false);
    const problems = report.coverage.targetProblems.filter((p) => p.kind === 'unreachable');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.summary).toContain('ECONNREFUSED');
    // Said once: no check repeats the raw connection error.
    expect(report.checks.filter((c) => c.reason?.includes('ECONNREFUSED')).map((c) => c.id)).toEqual([]);
    expect(stdout.match(/ECONNREFUSED/g)).toHaveLength(1);
    // The terminal: verdict, then coverage, then the fix list (the risk list is for --verbose).
    expect(stdout.indexOf('Coverage')).toBeGreaterThan(stdout.indexOf(report.verdictLine));
    expect(stdout.indexOf('Coverage')).toBeLessThan(stdout.indexOf('Fix list'));
  }, 90_000);

  it('an HTTPS app with a certificate the machine does not trust: incomplete, exit 4, and the caFile line', async () => {
    const pki = await makePki(['localhost']);
    const port = await listen(https.createServer({ key: pki.selfSigned.key, cert: pki.selfSigned.cert }, (_q, r) => r.end('hello')));
    const { code, report } = await audit('Untrusted', `https://127.0.0.1:${port}/`);
    expect(code).toBe(4);
    expect(report.verdict).toBe('incomplete');
    const tls = report.coverage.targetProblems.find((p) => p.kind === 'tls-untrusted');
    expect(tls?.unlock).toBe('add its CA with network.caFile');
    const https3 = report.checks.filter((c) => c.status === 'error');
    expect(https3.length).toBeGreaterThan(0);
    for (const c of https3) expect(c.unlock ?? '', c.id).toContain('network.caFile');
  }, 90_000);

  it('a config with only a name and an app URL is never ready: the coverage block names what was not tested', async () => {
    const port = await listen(http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>')));
    const { code, report, stdout } = await audit('Minimal', `http://127.0.0.1:${port}/`);
    expect(code).toBe(4);
    expect(report.verdict).toBe('incomplete');
    expect(report.coverage.incompleteBecause).toContain('access control was not tested');
    const access = report.coverage.families.filter((f) => f.family === 'access control');
    expect(access.length).toBeGreaterThan(0);
    expect(access.every((f) => f.required && f.counts.pass === 0)).toBe(true);
    expect(access.flatMap((f) => f.gaps.map((g) => g.unlock))).toContainEqual(expect.stringContaining('set api.openapi to your OpenAPI (Swagger) document, api.har to HAR recordings of each role'));
    expect(stdout).toContain('NOT VERIFIED — access control was not tested');
  }, 90_000);

  it("an API URL that answers the front end's index.html to every path: said once at the top, not in every check", async () => {
    const spa = await startSpaFallback();
    apps.push(spa.app);
    const dir = path.join(tmp, 'spa');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    await writeFile(path.join(dir, 'openapi.json'), JSON.stringify(spa.spec));
    await writeFile(path.join(dir, 'launchready.yml'), spa.yml('openapi.json'));
    const json = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--format', 'json', '-q'], { timeoutMs: 60_000 });
    expect(json.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(json.stdout) as Report;
    expect(json.code).toBe(4);
    expect(report.verdictLine).toMatch(/^NOT VERIFIED — access control was not tested: the API URL serves the front end/);
    const problems = report.coverage.targetProblems;
    expect(problems.map((p) => p.kind)).toEqual(['api-serves-frontend']);
    expect(problems[0]!.summary).toMatch(/seems to serve the front end, not the API: a made-up path \(GET \/launchready-probe\/does-not-exist\) answered 200 with an HTML page, the same page as the app's home, and (\d+) of \1 requests that asked for JSON got an HTML page/);
    // No check repeats what the logins got; the access checks point at the coverage block instead.
    expect(report.checks.filter((c) => c.reason?.includes('an HTML page')).map((c) => c.id)).toEqual([]);
    const access = report.checks.filter((c) => c.family === 'access control');
    expect(access.length).toBeGreaterThan(10);
    for (const c of access) expect(c.reason, c.id).toBe(`the API URL serves the front end: ${spa.app.url} (see Coverage)`);
    const text = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--format', 'terminal', '-q', '--verbose'], { timeoutMs: 60_000 });
    expect(text.stdout.match(/seems to serve the front end/g)).toHaveLength(1);
    expect(text.stdout).not.toContain('an HTML page (');
  }, 90_000);

  it('an invalid OpenAPI document is a configuration error: exit 2, said once, with its file and line', async () => {
    const dir = path.join(tmp, 'bad-spec');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
    // A JSON document missing a comma on line 3.
    await writeFile(path.join(dir, 'openapi.json'), '{\n  "openapi": "3.0.3",\n  "info": { "title": "x" "version": "1" },\n  "paths": {}\n}\n');
    await writeFile(path.join(dir, 'launchready.yml'), ['project:', '  name: BadSpec', 'environments:', '  production:', '    appUrl: http://127.0.0.1:9/', 'api:', '  openapi: openapi.json', ''].join('\n'));
    const r = await runCli(['audit', '--config', path.join(dir, 'launchready.yml'), '--format', 'json'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/openapi\.json:3:26: OpenAPI document — Unexpected double-quoted-scalar token \(the file set by api\.openapi\)/);
    expect(r.stderr.match(/openapi\.json/g)).toHaveLength(1);
    const yaml = path.join(dir, 'v.yml');
    await writeFile(path.join(dir, 'openapi.yaml'), 'swagger: "1.2"\ninfo: { title: x, version: "1" }\npaths: {}\n');
    await writeFile(yaml, ['project:', '  name: BadSpec', 'environments:', '  production:', '    appUrl: http://127.0.0.1:9/', 'api:', '  openapi: openapi.yaml', ''].join('\n'));
    const v = await runCli(['audit', '--config', yaml, '--format', 'json'], { timeoutMs: 60_000 });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/openapi\.yaml:1:1: OpenAPI document — not an OpenAPI 3\.x or Swagger 2\.0 document/);
  }, 90_000);
});
