// `launchready scan` as a pre-commit hook or CI step runs it: a child process
// on a real repository fixture, real exit codes, report files, no secret in
// any output.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepoFixture, type RepoFixture } from '../../demo/infra/repo-fixture.js';
import { runCli } from '../helpers/run-cli.js';

let tmp: string;
let vulnerable: RepoFixture;
let hardened: RepoFixture;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-scan-'));
  vulnerable = await buildRepoFixture('vulnerable', path.join(tmp, 'vulnerable'));
  hardened = await buildRepoFixture('hardened', path.join(tmp, 'hardened'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('launchready scan', () => {
  it('fails on the vulnerable fixture, writes SARIF, and prints no secret', async () => {
    const out = path.join(tmp, 'out');
    const r = await runCli(['scan', vulnerable.path, '--format', 'sarif,json', '--out', out]);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(await readFile(path.join(out, 'report.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(5);
    const texts = [r.stdout, r.stderr, await readFile(path.join(out, 'report.json'), 'utf8'), JSON.stringify(sarif)];
    for (const secret of vulnerable.plantedSecrets) for (const t of texts) expect(t.includes(secret)).toBe(false);
  });

  it('passes on the hardened fixture', async () => {
    const r = await runCli(['scan', hardened.path, '--format', 'json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
  });

  it('--staged blocks a commit that adds a secret, and only that', async () => {
    const clean = await runCli(['scan', hardened.path, '--staged', '-q', '--format', 'json']);
    expect(clean.code).toBe(0);
    // Built from pieces: no credential-shaped literal in this repository.
    const key = ['sk', 'live', 'Q7wErTy8UiOp2AsDfGh3JkLz'].join('_');
    await writeFile(path.join(hardened.path, 'config.js'), `module.exports = { payments: '${key}' };\n`);
    execFileSync('git', ['-C', hardened.path, 'add', 'config.js']);
    const blocked = await runCli(['scan', hardened.path, '--staged', '-q', '--format', 'json']);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).not.toContain(key);
    expect(blocked.stdout).toContain('config.js');
  });

  it('exits 2 on contradictory flags and a missing folder', async () => {
    expect((await runCli(['scan', hardened.path, '--staged', '--since', 'HEAD~1'])).code).toBe(2);
    expect((await runCli(['scan', path.join(tmp, 'nope')])).code).toBe(2);
  });
});
