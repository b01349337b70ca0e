// Kinds 6 and 10: archives are opened (within bounds a zip bomb cannot
// break), and third-party trees git does not track are left out and named.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { expandArchive, type ArchiveLimits } from '../../src/secrets/sources/archives.js';
import { scanTree } from '../../src/secrets/sources/tree.js';
import { b62 } from './corpus.js';
import { zipOf } from './zip.js';

const run = promisify(execFile);
const engine = new SecretEngine();
let root: string;

const key = (): string => ['sk', 'live', b62(24)].join('_');
const inTar = key();
const inZip = key();
const inDocx = key();
const inJar = key();
const inGz = key();
const deep = key();
const inDeps = key();
const trackedVendor = key();

async function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const [name, body] of Object.entries(files)) pack.entry({ name }, body);
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const c of pack) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
async function put(rel: string, body: string | Buffer): Promise<void> {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), body);
}
const git = (...args: string[]) => run('git', ['-C', root, '-c', 'user.name=T', '-c', 'user.email=t@t.test', '-c', 'commit.gpgsign=false', ...args]);

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lr-archives-'));
  await git('init', '-q', '-b', 'main');
  await put('backup.tar.gz', gzipSync(await tarOf({ 'etc/app/.env': `STRIPE_KEY=${inTar}\n`, 'etc/app/logo.png': Buffer.from([0, 1, 2]) })));
  await put('release.zip', zipOf({ 'config/prod.json': `{"stripe": "${inZip}"}`, 'README.md': 'nothing' }));
  await put('docs/handbook.docx', zipOf({ '[Content_Types].xml': '<Types/>', 'word/document.xml': `<w:t>key ${inDocx}</w:t>` }));
  await put('lib/app.jar', zipOf({ 'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0', 'application.properties': `stripe.key=${inJar}` }));
  await put('dump.sql.gz', gzipSync(`-- dump\nINSERT INTO keys VALUES ('${inGz}');\n`));
  // A zip in a tar in a gzip in a zip: four levels, one more than the limit.
  const level3 = await tarOf({ 'inner.zip': zipOf({ 'secret.txt': deep }) });
  await put('nested.zip', zipOf({ 'l2.tgz': gzipSync(level3) }));
  // A zip bomb: 50 MB of zeros claimed by one small entry.
  await put('bomb.zip', zipOf({ 'zeros.txt': Buffer.alloc(50 * 1024 * 1024) }));
  // Installed dependencies, not tracked; and a committed vendor folder, tracked.
  await put('node_modules/stripe-mock/fixtures.js', `module.exports = { key: '${inDeps}' };\n`);
  await put('.venv/lib/python3.12/site-packages/x/conf.py', `KEY = '${inDeps}'\n`);
  await put('vendor/github.com/acme/cfg/keys.go', `const Key = "${trackedVendor}"\n`);
  await git('add', 'vendor');
  await git('commit', '-q', '-m', 'vendor');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('archives in the tree', () => {
  it('finds keys inside tar.gz, zip, docx, jar and gz, named archive!/inner path', async () => {
    const tree = await scanTree(engine, root);
    const at = new Map(tree.findings.map((f) => [f.fingerprint, f.path]));
    expect(at.get(fingerprintSecret(inTar))).toBe('backup.tar.gz!/backup.tar!/etc/app/.env');
    expect(at.get(fingerprintSecret(inZip))).toBe('release.zip!/config/prod.json');
    expect(at.get(fingerprintSecret(inDocx))).toBe('docs/handbook.docx!/word/document.xml');
    expect(at.get(fingerprintSecret(inJar))).toBe('lib/app.jar!/application.properties');
    expect(at.get(fingerprintSecret(inGz))).toBe('dump.sql.gz!/dump.sql');
    expect(tree.skipped).toContainEqual({ path: 'backup.tar.gz!/backup.tar!/etc/app/logo.png', reason: 'binary' });
  });

  it('bounds nesting and zip bombs, and says so', async () => {
    const tree = await scanTree(engine, root);
    expect(tree.findings.some((f) => f.fingerprint === fingerprintSecret(deep))).toBe(false);
    expect(tree.skipped.find((s) => s.path.startsWith('nested.zip'))?.reason).toMatch(/nested deeper than 3/);
    expect(tree.skipped.find((s) => s.path.startsWith('bomb.zip'))?.reason).toMatch(/larger than|ratio/);
  });

  it('a gzip bomb stops at the cap without inflating it all', async () => {
    const limits: ArchiveLimits = { maxDepth: 3, maxEntries: 10, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024, maxRatio: 200 };
    const skipped: string[] = [];
    await expandArchive('big.gz', gzipSync(Buffer.alloc(30 * 1024 * 1024)), { text: () => expect.unreachable(), skip: (_p, why) => skipped.push(why) }, limits);
    expect(skipped).toEqual(['gzip decompresses to more than 1 MB: not read']);
  });

  it('a corrupt archive is a skip with a reason, not a crash', async () => {
    const skipped: string[] = [];
    const bad = Buffer.concat([zipOf({ 'a.txt': 'x' }).subarray(0, 30), Buffer.alloc(40)]);
    await expandArchive('bad.zip', bad, { text: () => undefined, skip: (_p, why) => skipped.push(why) });
    expect(skipped[0]).toMatch(/^zip could not be read/);
  });
});

describe('third-party trees (kind 10)', () => {
  it('skips untracked node_modules and .venv, names them, and still scans a tracked vendor folder', async () => {
    const tree = await scanTree(engine, root);
    expect(tree.findings.some((f) => f.fingerprint === fingerprintSecret(inDeps))).toBe(false);
    expect(tree.findings.find((f) => f.fingerprint === fingerprintSecret(trackedVendor))?.path).toBe('vendor/github.com/acme/cfg/keys.go');
    expect(tree.skippedTrees).toEqual([
      { dir: '.venv', files: 1 },
      { dir: 'node_modules', files: 1 },
    ]);
  });

  it('outside git, vendored folders are not walked at all', async () => {
    const plain = await mkdtemp(path.join(tmpdir(), 'lr-plain-vendor-'));
    try {
      await mkdir(path.join(plain, 'node_modules/x'), { recursive: true });
      await writeFile(path.join(plain, 'node_modules/x/i.js'), `k='${inDeps}'`);
      await writeFile(path.join(plain, 'app.js'), `k='${inTar}'`);
      const tree = await scanTree(engine, plain);
      expect(tree.findings.map((f) => f.path)).toEqual(['app.js']);
      expect(tree.skippedTrees).toEqual([{ dir: 'node_modules' }]);
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });
});
