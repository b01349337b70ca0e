// The sources against a real git repository built by the test.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherSecretScan } from '../../src/evidence/gatherers/secret-scan.js';
import { SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { scanBundles } from '../../src/secrets/sources/bundles.js';
import { scanHistory } from '../../src/secrets/sources/history.js';
import { scanStaged } from '../../src/secrets/sources/staged.js';
import { scanTree } from '../../src/secrets/sources/tree.js';
import { b62, rand } from './corpus.js';

const run = promisify(execFile);
const engine = new SecretEngine();
let root: string;

const removedToken = ['ghp', b62(36)].join('_');
const keptKey = ['sk', 'live', b62(24)].join('_');
const stagedKey = ['xox', 'b-', rand('0123456789', 12), '-', rand('0123456789', 13), '-', b62(24)].join('');
const ignoredKey = ['sk', 'live', b62(24)].join('_');
const bundleKey = ['SG.', b62(22), '.', b62(43)].join('');
const publicEnvKey = ['sk', 'live', b62(24)].join('_');

async function git(...args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', root, '-c', 'user.name=T', '-c', 'user.email=t@t.test', '-c', 'commit.gpgsign=false', ...args], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });
  return stdout;
}
async function put(rel: string, text: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lr-secrets-'));
  await git('init', '-q', '-b', 'main');
  await put('.gitignore', 'secret.local\ndist/\n');
  await put('src/ci.sh', `export GH_TOKEN=${removedToken}\n`);
  await put('src/pay.js', `const key = '${keptKey}';\n`);
  await git('add', '-A');
  await git('commit', '-q', '-m', 'first');
  await put('src/ci.sh', 'export GH_TOKEN="$GH_TOKEN"\n');
  await git('commit', '-q', '-am', 'read the token from the environment');
  await git('checkout', '-q', '-b', 'side');
  await put('side.txt', 'nothing here\n');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'side branch');
  await git('checkout', '-q', 'main');
  // Ignored, binary and bundle files.
  await put('secret.local', `KEY=${ignoredKey}\n`);
  await put('assets/logo.bin', Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(`k=${ignoredKey}`)]));
  await put('dist/assets/app.js', `(()=>{var c={mail:"${bundleKey}"};window.c=c})();\n`);
  await put('dist/assets/app.js.map', JSON.stringify({ version: 3, sourcesContent: ['const x = 1;'] }));
  await put('.env.production', `NEXT_PUBLIC_STRIPE_KEY=${publicEnvKey}\nNEXT_PUBLIC_API_URL=https://api.acme.test\n`);
  await put('staged.js', `const slack = '${stagedKey}';\n`);
  await git('add', 'staged.js');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('secret sources', () => {
  it('tree: respects .gitignore, skips binaries with a reason, finds what is there', async () => {
    const tree = await scanTree(engine, root, { exclude: (p) => p.startsWith('dist/') });
    expect(tree.listing).toBe('git');
    const fps = tree.findings.map((f) => f.fingerprint);
    expect(fps).toContain(fingerprintSecret(keptKey));
    expect(fps).toContain(fingerprintSecret(stagedKey));
    expect(fps).not.toContain(fingerprintSecret(ignoredKey));
    expect(fps).not.toContain(fingerprintSecret(removedToken));
    expect(tree.skipped).toContainEqual({ path: 'assets/logo.bin', reason: 'binary' });
    expect(tree.findings.find((f) => f.path === 'src/pay.js')).toMatchObject({ line: 1, ruleId: 'stripe-secret-key' });
  });

  it('tree: a plain walk outside git', async () => {
    const plain = await mkdtemp(path.join(tmpdir(), 'lr-plain-'));
    try {
      await writeFile(path.join(plain, 'a.env'), `TOKEN=${removedToken}\n`);
      await writeFile(path.join(plain, 'big.txt'), 'x'.repeat(2048));
      const tree = await scanTree(engine, plain, { maxFileBytes: 1024 });
      expect(tree.listing).toBe('walk');
      expect(tree.findings.map((f) => f.ruleId)).toEqual(['github-token']);
      expect(tree.skipped[0]?.path).toBe('big.txt');
      expect(tree.skipped[0]?.reason).toMatch(/larger than/);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('history: every ref, once per secret, with the introducing commit and HEAD status', async () => {
    const first = (await git('rev-list', '--max-parents=0', 'HEAD')).trim();
    const h = await scanHistory(engine, root);
    expect(h.commitsScanned).toBe(3);
    const removed = h.findings.find((f) => f.fingerprint === fingerprintSecret(removedToken));
    expect(removed).toMatchObject({ ruleId: 'github-token', path: 'src/ci.sh', line: 1, commit: first, inHead: false, commits: 1 });
    const kept = h.findings.find((f) => f.fingerprint === fingerprintSecret(keptKey));
    expect(kept).toMatchObject({ inHead: true, commit: first });
    expect(JSON.stringify(h)).not.toContain(removedToken);
  });

  it('history since a ref only covers later commits', async () => {
    const first = (await git('rev-list', '--max-parents=0', 'HEAD')).trim();
    const h = await scanHistory(engine, root, { since: first });
    expect(h.commitsScanned).toBe(1);
    expect(h.findings).toEqual([]);
  });

  it('staged: only what the next commit adds', async () => {
    const s = await scanStaged(engine, root);
    expect(s.findings.map((f) => [f.ruleId, f.path, f.line])).toEqual([['slack-token', 'staged.js', 1]]);
  });

  it('bundles: ignored build output and browser-exposed env values', async () => {
    const b = await scanBundles(engine, root);
    expect(b.dirs).toEqual(['dist']);
    expect(b.filesScanned).toBe(2);
    expect(b.findings.map((f) => [f.ruleId, f.path])).toEqual([['sendgrid-api-key', 'dist/assets/app.js']]);
    expect(b.exposedEnv).toHaveLength(1);
    expect(b.exposedEnv[0]).toMatchObject({ key: 'NEXT_PUBLIC_STRIPE_KEY', file: '.env.production', reason: 'stripe-secret-key', severity: 'critical' });
  });

  it('gatherSecretScan puts it together and never holds a raw secret', async () => {
    const g = await gatherSecretScan(root);
    expect(g.state).toBe('ok');
    if (g.state !== 'ok') return;
    expect(g.value.tree.state).toBe('ok');
    expect(g.value.history.state).toBe('ok');
    expect(g.value.bundles.state).toBe('ok');
    const text = JSON.stringify(g);
    for (const s of [removedToken, keptKey, stagedKey, bundleKey, publicEnvKey, ignoredKey]) expect(text).not.toContain(s);
    // Bundle folders are left to the bundle scan.
    if (g.value.tree.state === 'ok') expect(g.value.tree.value.findings.some((f) => f.path.startsWith('dist/'))).toBe(false);
  });

  it('gatherSecretScan fails soft on a missing folder', async () => {
    const g = await gatherSecretScan(path.join(root, 'nope'));
    expect(g.state).toBe('error');
  });
});
