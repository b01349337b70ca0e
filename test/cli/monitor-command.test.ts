// `launchready monitor --once` through commander, against a real loopback target.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerMonitor } from '../../src/cli/commands/monitor.js';
import { UsageError } from '../../src/cli/options.js';
import { startTarget, type Target } from '../monitor/helpers.js';

let dir: string;
let target: Target;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lr-cli-monitor-'));
  target = await startTarget();
});
afterAll(async () => {
  await target.close();
  rmSync(dir, { recursive: true, force: true });
});

async function once(config: string): Promise<{ code: number | undefined; out: string }> {
  const file = path.join(dir, `launchready-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, config);
  let code: number | undefined;
  const program = new Command().exitOverride();
  registerMonitor(program, (c) => (code = c));
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'launchready', 'monitor', '--once', '-q', '-c', file]);
  } finally {
    spy.mockRestore();
  }
  return { code, out };
}

const config = (appUrl?: string, loginPath = '/login') =>
  ['project: { name: T }', 'environments:', `  production: { ${appUrl ? `appUrl: "${appUrl}"` : ''} }`, 'monitor:', ...(loginPath ? [`  loginPath: ${loginPath}`] : []), '  storage: { path: m.db }', '  dns: { enabled: false }', ''].join('\n');

describe('launchready monitor --once', () => {
  it('checks home, login and health and exits 0 when all pass', async () => {
    target.status = 200;
    const r = await once(config(target.url));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['ok home', 'ok login', 'ok health']);
    expect(r.out).toMatch(/dns \d+ \/ connect \d+ \/ tls \d+ \/ first byte \d+ ms/);
  });

  it('without monitor.loginPath watches no login page (an API signs in without one)', async () => {
    target.status = 200;
    const r = await once(config(target.url, ''));
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter(Boolean).map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(['ok home', 'ok health']);
  });

  it('exits 1 and says why when a check fails', async () => {
    target.status = (hit) => (hit % 3 === 0 ? 503 : 200);
    const r = await once(config(target.url));
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL');
    expect(r.out).toContain('(503)');
  });

  it('runs a tcp check once like any other', async () => {
    target.status = 200;
    const port = new URL(target.url).port;
    const r = await once(['project: { name: T }', 'environments:', '  production: {}', 'monitor:', '  storage: { path: m.db }', '  defaultChecks: false', '  dns: { enabled: false }', '  checks:', `    - { name: db, url: "tcp://127.0.0.1:${port}" }`, ''].join('\n'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok {3}db +tcp:\/\/127\.0\.0\.1:\d+ {2}connected in \d+ ms$/m);
  });

  it('is a usage error when there is nothing to monitor', async () => {
    await expect(once(config())).rejects.toBeInstanceOf(UsageError);
  });
});
