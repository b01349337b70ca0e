// `launchready demo --serve` in one terminal, `launchready monitor` in
// another, as a user would: two CLI child processes, the env lines copied from
// the first to the second, and the dashboard showing the demo's checks. The
// monitor starts although the role passwords are not set (it does not need
// them), and a busy dashboard port is one line and exit 2.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { until } from './helpers.js';

const ENTRY = path.join(REPO_ROOT, 'test', 'helpers', 'cli-entry.ts');
const dir = mkdtempSync(path.join(tmpdir(), 'lr-demo-serve-'));
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: { ...cleanEnv(), NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const io = { out: '', err: '' };
  child.stdout!.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, io, exited };
}

/** The test's own environment without any ACME_* variable, so only what the demo printed is set. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ACME_')));
}

describe('demo --serve and monitor', () => {
  it('the dashboard of a monitor started from the printed lines shows the demo’s checks up', async () => {
    const demo = start(['demo', '--serve']);
    await until(() => /^launchready monitor /m.test(demo.io.out), 'the printed monitor command', 90_000);
    const exports = Object.fromEntries([...demo.io.out.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^'|'$/g, '')]));
    expect(Object.keys(exports)).toEqual(expect.arrayContaining(['ACME_APP_URL', 'ACME_API_URL', 'ACME_DNS_SERVER', 'ACME_CA_FILE', 'ACME_APP_LOG', 'ACME_ALERT_WEBHOOK']));
    // Passwords are secrets: not printed, but in a file only the user can read.
    expect(Object.keys(exports).filter((k) => k.endsWith('PASSWORD'))).toEqual([]);
    const secretsFile = /are in (\S+secrets\.env) \(mode 600/.exec(demo.io.out)?.[1];
    expect(secretsFile && existsSync(secretsFile)).toBe(true);

    const command = /^launchready monitor (.*)$/m.exec(demo.io.out)![1]!.split(' ');
    const monitor = start(['monitor', ...command, '--port', '0'], exports);
    await until(() => /dashboard: (http:\/\/\S+)\/\?token=(\S+)/.test(monitor.io.err), 'the dashboard address', 90_000);
    const [, base, token] = /dashboard: (http:\/\/\S+)\/\?token=(\S+)/.exec(monitor.io.err)!;
    const auth = { authorization: `Bearer ${token}` };
    let summary: { checks: { name: string; up?: boolean; url: string }[] } = { checks: [] };
    await until(
      () => {
        void fetch(`${base}/api/summary`, { headers: auth })
          .then((r) => r.json())
          .then((j) => (summary = j as typeof summary))
          .catch(() => undefined);
        return summary.checks.length === 3 && summary.checks.every((c) => c.up === true);
      },
      'home, login and health up on the dashboard',
      90_000,
    );
    expect(summary.checks.map((c) => c.name)).toEqual(['home', 'login', 'health']);
    expect(summary.checks[0]!.url).toBe(`${exports.ACME_APP_URL}/`);
    const html = await (await fetch(`${base}/`, { headers: auth })).text();
    for (const name of ['home', 'login', 'health']) expect(html).toMatch(new RegExp(`<tr data-check="${name}">.*?class="up">up<`, 's'));
    expect(monitor.io.err).not.toMatch(/not set|internal error/);

    monitor.child.kill('SIGINT');
    expect(await monitor.exited).toBe(0);
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(existsSync(secretsFile!)).toBe(false);
  }, 240_000);

  it('a busy dashboard port is one line and exit 2', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const config = path.join(REPO_ROOT, 'demo', 'launchready.yml');
      const r = await runCli(['monitor', '-c', config, '--db', path.join(dir, 'busy.db'), '--port', String(port)], {
        env: { ACME_APP_URL: 'https://app.acme.test:1', ACME_API_URL: 'https://api.acme.test:1', ACME_HTTP_URL: 'http://app.acme.test:1', ACME_DNS_SERVER: '127.0.0.1:9', ACME_CA_FILE: path.join(dir, 'none.pem'), ACME_APP_LOG: path.join(dir, 'app.log'), ACME_ALERT_WEBHOOK: 'http://127.0.0.1:9/x' },
        timeoutMs: 90_000,
      });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('launchready monitor:'))).toEqual([
        `launchready: the dashboard address 127.0.0.1:${port} is already in use (another monitor?); pick another with --port or monitor.dashboard.port`,
      ]);
    } finally {
      busy.close();
    }
  }, 120_000);
});
