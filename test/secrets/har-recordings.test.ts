// Critic #7: the HAR recordings the README asks for hold live credentials.
// Committed, they are a committed secret (the finding stays); untracked, they
// are the audit's own input: a note that recommends .gitignore, no fix-first
// finding. Against a real git repository built by the test.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check from '../../src/checks/repo/secret-in-repository.js';
import { gatherSecretScan } from '../../src/evidence/gatherers/secret-scan.js';
import { CTX } from '../helpers/exchange.js';
import { har } from '../helpers/har.js';
import { b62 } from './corpus.js';

const run = promisify(execFile);
let root: string;
// Built from pieces at run time: a live-looking payment key inside each recording's response.
const key = () => ['sk', 'live', b62(24)].join('_');

async function git(...args: string[]): Promise<void> {
  await run('git', ['-C', root, '-c', 'user.name=T', '-c', 'user.email=t@t.test', '-c', 'commit.gpgsign=false', ...args], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
}
const recording = () => har([{ url: 'http://127.0.0.1:4000/api/settings', response: { stripeKey: key(), plan: 'pro' } }]);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lr-har-secrets-'));
  await git('init', '-q', '-b', 'main');
  await writeFile(path.join(root, 'committed.har'), recording());
  await git('add', '-A');
  await git('commit', '-q', '-m', 'a recording committed by mistake');
  await mkdir(path.join(root, 'recordings'));
  await writeFile(path.join(root, 'recordings', 'owner.har'), recording());
  // Named in api.har under another extension: a recording all the same.
  await writeFile(path.join(root, 'recordings', 'viewer.json'), recording());
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('HAR recordings in the secret scan', () => {
  it('a committed recording is a committed secret; untracked ones are a note recommending .gitignore', async () => {
    const g = await gatherSecretScan(root, { history: false, recordings: [path.join(root, 'recordings', 'viewer.json')] });
    expect(g.state).toBe('ok');
    if (g.state !== 'ok') return;
    // The scanner sees all three; only whether git tracks them differs.
    expect(g.value.tree.state === 'ok' && [...new Set(g.value.tree.value.findings.map((f) => f.path))].sort()).toEqual(['committed.har', 'recordings/owner.har', 'recordings/viewer.json']);

    const r = check.run({ secretScan: g.value }, CTX);
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.findings.map((f) => f.location?.path)).toEqual(['committed.har']);
    // The reproduction prints the match's neighbourhood, never the whole one-line recording.
    expect(r.findings[0]!.reproduction).toMatch(/^sed -n '1p' 'committed\.har' \| cut -c \d+-\d+$/);
    expect(r.reason).toContain('recordings/owner.har, recordings/viewer.json: HAR recording(s) with live credentials, not tracked by git (so not committed); add *.har to .gitignore');
  });

  it('with only untracked recordings the check passes, the note still there', async () => {
    await git('rm', '-q', '--cached', 'committed.har');
    await git('commit', '-q', '-m', 'untrack');
    const g = await gatherSecretScan(root, { history: false, recordings: [path.join(root, 'recordings', 'viewer.json')] });
    if (g.state !== 'ok') throw new Error('scan failed');
    const r = check.run({ secretScan: g.value }, CTX);
    expect(r.status).toBe('pass');
    expect(r.reason).toMatch(/committed\.har, recordings\/owner\.har, recordings\/viewer\.json: HAR recording\(s\) with live credentials, not tracked by git/);
  });
});
