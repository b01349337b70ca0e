// Critic #5: the workflow `launchready ci` writes runs its gate audit on every
// push and pull request, so it must never send write probes to production.
// The gate of production (by name, the deploy target, the only environment,
// or production's URL) runs with --read-only and the file says why; a config
// with allowWrites on the audited environment gets a warning on stderr. A
// project without a test script gets no `npm test` step. And --read-only holds:
// an audit of a loopback app with allowWrites: true sends it no write at all.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { hasTestScript, readOnlyReason } from '../../src/ci/plan.js';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
const validateGithub = ajv.compile(JSON.parse(await readFile(path.join(REPO_ROOT, 'test/fixtures/schemas/github-workflow.json'), 'utf8')) as object);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-ci-safety-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const config = (envs: string) => `project: { name: tinyops }\nenvironments:\n${envs}\n`;

async function project(name: string, yml: string, pkg: object): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'launchready.yml'), yml);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(pkg));
  return dir;
}

describe('launchready ci never writes to production', () => {
  it('the only environment, production with allowWrites: the gate is read-only, the file says so, stderr warns; no test script, no npm test', async () => {
    const dir = await project('prod-only', config('  production:\n    appUrl: https://app.example.com\n    allowWrites: true'), { name: 'tinyops', scripts: { start: 'node server.js' } });
    for (const provider of ['github', 'gitlab'] as const) {
      const r = await runCli(['ci', '--provider', provider, '--stdout'], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/^warning: launchready\.yml sets allowWrites: true on production, which the workflow audits on every push and pull request; it audits production, the environment the workflow deploys to, so the workflow runs it read-only \(--read-only\)/);
      expect(r.stdout).toContain('$LAUNCHREADY audit --config launchready.yml --environment production --read-only --out launchready-report --quiet');
      expect(r.stdout).toContain('# The gate audit of production runs read-only (--read-only) because it audits production, the environment the workflow deploys to');
      expect(r.stdout).not.toContain('npm test');
      expect(r.stdout).toContain('# No test step: package.json has no test script');
      if (provider === 'github') {
        const wf = parse(r.stdout) as { jobs: Record<string, { name: string }> };
        expect(validateGithub(wf), JSON.stringify(validateGithub.errors)).toBe(true);
        expect(wf.jobs['audit-staging']!.name).toBe('Audit production (read-only)');
      }
    }
  }, 60_000);

  it('a real staging with allowWrites keeps its write probes, with a warning; a test script gets its npm test', async () => {
    const dir = await project(
      'staging',
      config('  production:\n    appUrl: https://app.example.com\n  staging:\n    appUrl: https://staging.example.com\n    allowWrites: true'),
      { name: 'tinyops', scripts: { test: 'vitest run' } },
    );
    const r = await runCli(['ci', '--provider', 'github', '--stdout'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: the workflow audits staging with allowWrites: true on every push and pull request/);
    expect(r.stdout).toContain('--environment staging --out launchready-report');
    expect(r.stdout).not.toContain('--read-only --out');
    expect(r.stdout).toContain('run: npm test');
  }, 60_000);

  it('knows production by name, by being the deploy target, by being alone, and by its URL', () => {
    const two = { production: { appUrl: 'https://a.example' }, staging: { appUrl: 'https://s.example' } };
    expect(readOnlyReason('staging', 'production', two)).toBeUndefined();
    expect(readOnlyReason('prod', 'production', { prod: {}, production: {} })).toBe('"prod" is a production environment');
    expect(readOnlyReason('staging', 'production', { staging: {} })).toBe('staging is the only environment in the config');
    expect(readOnlyReason('staging', 'production', { ...two, staging: { appUrl: 'https://a.example' } })).toBe('staging has the same URL as production (https://a.example)');
    // npm init's stub is no test script.
    expect(hasTestScript({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })).toBe(false);
    expect(hasTestScript({ scripts: { test: 'node --test' } })).toBe(true);
  });
});

describe('audit --read-only', () => {
  let server: http.Server;
  const methods: string[] = [];
  beforeAll(async () => {
    // A bearer API with a list, an item, a create and a delete; every request's method is counted.
    server = http.createServer((req, res) => {
      methods.push(req.method!);
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        if (req.url === '/api/login' && req.method === 'POST') return void res.end(JSON.stringify({ token: `t-${JSON.parse(body || '{}').email ?? 'x'}` }));
        if (!/^Bearer t-/.test(req.headers.authorization ?? '')) return void res.writeHead(req.url === '/' || req.url === '/health' ? 200 : 401).end('{}');
        if (req.url === '/api/items' && req.method === 'GET') return void res.end('[{"id":1,"name":"a"}]');
        if (req.url === '/api/items' && req.method === 'POST') return void res.writeHead(201).end('{"id":2,"name":"b"}');
        if (req.url === '/api/items/1') return void res.writeHead(req.method === 'DELETE' ? 204 : 200).end(req.method === 'DELETE' ? '' : '{"id":1,"name":"a"}');
        res.writeHead(404).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => server.close());

  it('sends no POST, PUT, PATCH or DELETE beyond the logins although allowWrites is true', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const dir = path.join(tmp, 'read-only');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'launchready.yml');
    await writeFile(
      file,
      [
        'project: { name: items }',
        'environments:',
        `  production: { appUrl: "${url}", allowWrites: true }`,
        'auth:',
        '  login: { method: POST, path: /api/login, usernameField: email, passwordField: password, tokenFrom: "json:token" }',
        '  roles:',
        '    owner: { tenant: main, login: { username: owner@x.test, password: env:PW } }',
        '    viewer: { tenant: main, login: { username: viewer@x.test, password: env:PW } }',
        'policy:',
        '  - { operation: "GET /api/items", allow: [owner, viewer] }',
        '  - { operation: "POST /api/items", allow: [owner] }',
        '  - { operation: "GET /api/items/{id}", allow: [owner, viewer] }',
        '  - { operation: "DELETE /api/items/{id}", allow: [owner] }',
        '',
      ].join('\n'),
    );
    const r = await runCli(['audit', '--config', file, '--read-only', '--format', 'json', '-q'], { env: { PW: ['pw', 'not', 'real'].join('-') }, timeoutMs: 120_000 });
    expect(r.stderr).not.toMatch(/internal error/);
    const report = JSON.parse(r.stdout) as { notes: string[]; ledger: { method: string; purpose: string }[] };
    // The probes ran (reads were sent), and only the logins were not GET/HEAD/OPTIONS.
    expect(methods.filter((m) => m === 'GET').length).toBeGreaterThan(5);
    const writes = report.ledger.filter((e) => !['GET', 'HEAD', 'OPTIONS'].includes(e.method));
    expect(writes.length).toBeGreaterThan(0);
    expect([...new Set(writes.map((e) => e.purpose))]).toEqual(['log in']);
    expect(methods.filter((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)).length).toBe(writes.length);
    expect(report.notes).toContain('read-only run: allowWrites: true on this environment was overridden, so no write probes, login bursts or logouts were sent');
  }, 150_000);
});
