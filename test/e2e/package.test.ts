// The package as a team installs it: `npm pack`, then `npm install -D` of
// the tarball in an empty project, then the `launchready` binary through
// npx — --help, init, and the bundled demo. Nothing from this clone is on the
// path: if a file the CLI needs is missing from package.json "files", or a
// runtime dependency sits in devDependencies, this fails.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function sh(cmd: string, args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(cmd, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

let tmp: string;
let project: string;
let install: Ran;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-pack-'));
  const packed = await sh('npm', ['pack', '--pack-destination', tmp, '--silent'], repoRoot, 300_000);
  if (packed.code !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const tarball = path.join(tmp, packed.stdout.trim().split('\n').at(-1)!);
  project = path.join(tmp, 'my-app');
  await run('mkdir', ['-p', project]);
  await writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'my-app', version: '1.0.0', private: true }));
  // better-sqlite3 has no reachable prebuilt binary here and compiles: allow minutes.
  install = await sh('npm', ['install', '-D', tarball, '--no-audit', '--no-fund'], project, 900_000);
}, 1_000_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the packed tarball, installed as a dev dependency', () => {
  it('installs and records itself in devDependencies', async () => {
    expect(install.code, install.stderr).toBe(0);
    const pkg = JSON.parse(await readFile(path.join(project, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(Object.keys(pkg.devDependencies ?? {})).toContain('launchready');
  });

  it('npx launchready --help teaches the first commands', async () => {
    const r = await sh('npx', ['--no-install', 'launchready', '--help'], project, 60_000);
    expect(r.code, r.stderr).toBe(0);
    for (const cmd of ['init', 'audit', 'demo', 'scan', 'monitor']) expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
  });

  it('npx launchready init drafts a config that loads once its exports are set', async () => {
    await writeFile(path.join(project, '.env.staging'), 'APP_URL=http://127.0.0.1:9\n');
    const r = await sh('npx', ['--no-install', 'launchready', 'init'], project, 60_000);
    expect(r.code, r.stderr).toBe(0);
    const exports = [...r.stdout.matchAll(/export (LAUNCHREADY_\w+)=/g)].map((m) => m[1]!);
    expect(exports.length).toBeGreaterThanOrEqual(8);
    const yml = await readFile(path.join(project, 'launchready.yml'), 'utf8');
    expect(yml).toContain('appUrl: "http://127.0.0.1:9"   # from .env.staging:1 (APP_URL)');
    // Without the exports the loader names every missing variable…
    const missing = await sh('npx', ['--no-install', 'launchready', 'audit', '--quiet', '--format', 'json'], project, 120_000);
    expect(missing.code).toBe(2);
    for (const name of exports) expect(missing.stderr).toContain(name);
    // …and with them the config loads and the audit runs (the target is down: not ready, never ready).
    const env = Object.fromEntries(exports.map((n) => [n, `value-of-${n.toLowerCase()}`]));
    const audited = await sh('npx', ['--no-install', 'launchready', 'audit', '--quiet', '--out', 'report'], project, 300_000, env);
    expect(audited.stderr).not.toMatch(/internal error|Invalid config/);
    expect([1, 4]).toContain(audited.code);
    const report = JSON.parse(await readFile(path.join(project, 'report', 'report.json'), 'utf8')) as { verdict: string };
    expect(report.verdict).not.toBe('ready');
  }, 500_000);

  it('npx launchready demo audits the bundled demo from the installed package', async () => {
    const r = await sh('npx', ['--no-install', 'launchready', 'demo', '--format', 'json', '--out', 'demo-report'], project, 300_000);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(1);
    const report = JSON.parse(await readFile(path.join(project, 'demo-report', 'report.json'), 'utf8')) as { verdict: string; project: { name: string } };
    expect(report.project.name).toBe('Acme Ops');
    expect(report.verdict).toBe('not-ready');
  }, 320_000);
});
