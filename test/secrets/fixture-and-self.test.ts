// The scanner on the demo's repository fixture (every planted secret found in
// the vulnerable one, nothing in the hardened one) and on launchready itself.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepoFixture } from '../../demo/infra/repo-fixture.js';
import { runScan } from '../../src/cli/commands/scan.js';
import { SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { scanTree } from '../../src/secrets/sources/tree.js';

const run = promisify(execFile);
const git = async (root: string, args: string[]): Promise<string> => (await run('git', ['-C', root, ...args], { maxBuffer: 1 << 26 })).stdout;
async function readAll(root: string): Promise<string> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.parentPath.includes('.git'));
  return (await Promise.all(files.map((e) => readFile(path.join(e.parentPath, e.name), 'utf8')))).join('\n');
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'lr-fixture-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const sink = (): NodeJS.WritableStream & { text: string } => {
  const s = { text: '', write(c: string) { s.text += c; return true; } };
  return s as unknown as NodeJS.WritableStream & { text: string };
};

describe('demo repository fixture', () => {
  it('vulnerable: every planted secret is found, the scan gate fails', async () => {
    const fx = await buildRepoFixture('vulnerable', path.join(tmp, 'vulnerable'));
    const out = sink();
    const { report, exitCode } = await runScan({ path: fx.path, failOn: 'fix-first', color: false, quiet: true, formats: ['json'], stdout: out });
    expect(exitCode).toBe(1);
    const findings = report.checks.flatMap((c) => c.findings);
    const shown = JSON.stringify(report);
    // A database URL is found through its password; every other value directly.
    const fps = new Set(findings.flatMap((f) => f.evidence.map((e) => /sha256:[0-9a-f]{16}/.exec(e.summary)?.[0])));
    // Some generated values are never written (the local mail key); only check those on disk or in history.
    const written = (await git(fx.path, ['log', '-p', '--all'])) + (await readAll(fx.path));
    const planted = fx.plantedSecrets.filter((s) => written.includes(s));
    expect(planted.length).toBeGreaterThan(8);
    for (const s of planted) {
      expect(shown).not.toContain(s);
      if (/^postgres:/.test(s)) continue;
      expect(fps.has(fingerprintSecret(s)), `planted ${s.slice(0, 3)}… found`).toBe(true);
    }
    const ids = new Set(findings.map((f) => f.checkId));
    expect(ids).toEqual(new Set(['secret-in-repository', 'secret-in-git-history', 'secret-in-client-bundle']));
    expect(out.text).toContain('"schemaVersion"');
  });

  it('hardened: nothing', async () => {
    const fx = await buildRepoFixture('hardened', path.join(tmp, 'hardened'));
    const { report, exitCode } = await runScan({ path: fx.path, failOn: 'launch-now', color: false, quiet: true, emit: false });
    expect(report.checks.flatMap((c) => c.findings.map((f) => f.title))).toEqual([]);
    expect(report.checks.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
    expect(exitCode).toBe(0);
  });
});

describe('launchready itself', () => {
  it('holds no credential-looking literal in its tracked files', async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const tree = await scanTree(new SecretEngine(), root);
    expect(tree.filesScanned).toBeGreaterThan(50);
    expect(tree.findings.map((f) => `${f.path}:${f.line} ${f.ruleId} ${f.masked}`)).toEqual([]);
  });
});
