// The repository gatherer on a real git repository the test builds: env files
// with tiers and safe values, and the code scan (env reads, hits, migrations,
// pipelines, skips) of tracked and untracked-not-ignored files.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherRepo } from '../../src/evidence/gatherers/repo.js';
import type { RepoEvidence } from '../../src/evidence/types.js';
import { fakeKey, randomish } from '../helpers/repo.js';

const run = promisify(execFile);
const testKey = fakeKey('sk', 'test');
const sessionSecret = randomish(48);
const dbPassword = randomish(20);
const hardcoded = randomish(32);

const APP_TS = [
  "import cors from 'cors';",
  'const db = process.env.DATABASE_URL;',
  "const port = process.env['PORT'] || 3000;",
  'const {',
  '  SESSION_SECRET,',
  "  REGION = 'eu',",
  '  ...rest',
  '} = process.env;',
  'const api = import.meta.env.VITE_API_URL;',
  `const agent = new https.Agent({ rejectUnauthorized: false, auth: '${hardcoded}' });`,
  'app.use(cors({',
  '  origin: true,',
  '  credentials: true,',
  '}));',
  'console.log(req.headers);',
  'logger.info({ user, password });',
  "console.log('invalid password for', user.email);",
  'console.log(token.length);',
  'res.status(500).json({ error: err.message, stack: err.stack });',
].join('\n');

const files: Record<string, string> = {
  '.gitignore': 'node_modules/\ndist/\n.env*\n!.env.example\nsrc/local-only.js\n',
  '.env.example': 'DATABASE_URL=\nSESSION_SECRET=\n',
  '.env.production': [
    'NODE_ENV=production',
    `DATABASE_URL=postgres://app:${dbPassword}@db.internal:5432/app`,
    `SESSION_SECRET=${sessionSecret}`,
    `STRIPE_SECRET_KEY=${testKey}`,
    'WEBHOOK_URL=https://hooks.example.com/T0001/B0002/' + randomish(24),
  ].join('\n'),
  'config/stg.env': `SESSION_SECRET=${sessionSecret}\n`,
  'src/app.ts': APP_TS,
  'test/app.test.ts': 'const a = new https.Agent({ rejectUnauthorized: false });\nprocess.env.TEST_ONLY;\n',
  'dist/app.js': 'const x = { rejectUnauthorized: false };',
  'migrations/001_init.up.sql': 'CREATE TABLE a (id int);\n',
  'migrations/001_init.down.sql': 'DROP TABLE a;\n',
  'migrations/002_goose.sql': '-- +goose Up\nCREATE TABLE b (id int);\n-- +goose Down\nDROP TABLE b;\n',
  'migrations/003_knex.js': "exports.up = (k) => k.schema.dropTable('old');\nexports.down = (k) => k.schema.createTable('old', () => {});\n",
  'migrations/004_cleanup.sql': '-- clean up\nDELETE FROM sessions;\nDELETE FROM users\n  WHERE id = 1;\n',
  Dockerfile: 'FROM node:20\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\n',
};

let root: string;
let ev: RepoEvidence;

async function git(args: string[]): Promise<void> {
  await run('git', ['-C', root, ...args], {
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
    timeout: 20_000,
  });
}

async function write(base: string, all: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(all)) {
    await mkdir(path.dirname(path.join(base, rel)), { recursive: true });
    await writeFile(path.join(base, rel), content);
  }
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'lr-hygiene-'));
  await write(root, files);
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['-c', 'user.name=T', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'init']);
  // After the commit: untracked-not-ignored, ignored, binary and oversized files.
  await write(root, {
    'src/new.js': 'const v = process.env.NEW_VAR ?? "x";\n',
    'src/local-only.js': 'process.env.IGNORED_VAR;\n',
    'src/blob.js': Buffer.from([0x63, 0x6f, 0, 0x6e, 0x73]),
    'src/huge.js': 'x'.repeat(1024 * 1024 + 10),
  });
  const out = await gatherRepo(root, { production: ['.env.production'], staging: ['./config/stg.env'] });
  if (out.state !== 'ok') throw new Error(`gather failed: ${out.reason}`);
  ev = out.value;
}, 30_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('gatherRepo: env files', () => {
  it('maps files to environments and tiers, keeping values only where they are not secret', () => {
    const prod = ev.envFiles.find((f) => f.path === '.env.production');
    const stg = ev.envFiles.find((f) => f.path === 'config/stg.env');
    expect(prod?.tier).toBe('production');
    expect(prod?.environments).toEqual(['production']);
    expect(stg?.tier).toBe('staging');
    expect(ev.envFiles.find((f) => f.path === '.env.example')?.tier).toBe('example');
    const entry = (k: string) => prod?.entries.find((e) => e.key === k);
    expect(entry('NODE_ENV')?.value).toBe('production');
    expect(entry('DATABASE_URL')?.value).toBe('postgres://app:***@db.internal:5432/app');
    expect(entry('DATABASE_URL')?.hints?.urlHost).toBe('db.internal');
    expect(entry('SESSION_SECRET')?.value).toBeUndefined();
    expect(entry('STRIPE_SECRET_KEY')?.hints?.testModeKey).toBe(true);
    expect(entry('WEBHOOK_URL')?.value).toMatch(/^https:\/\/hooks\.example\.com\/T0001\/B0002\/\w{4}…\w{4}$/);
  });

  it('never lets a secret value into evidence', () => {
    const json = JSON.stringify(ev);
    for (const s of [testKey, sessionSecret, dbPassword, hardcoded]) expect(json).not.toContain(s);
  });
});

describe('gatherRepo: code scan', () => {
  it('reads tracked and untracked-not-ignored sources, skipping tests, builds, ignored, binary and huge files', () => {
    const code = ev.code!;
    const names = [...new Set(code.envReads.map((r) => r.name))].sort();
    expect(names).toEqual(['DATABASE_URL', 'NEW_VAR', 'PORT', 'REGION', 'SESSION_SECRET', 'VITE_API_URL']);
    expect(code.skipped.map((s) => s.path).sort()).toEqual(['src/blob.js', 'src/huge.js']);
    expect(code.skipped.find((s) => s.path === 'src/blob.js')?.reason).toContain('binary');
    expect(code.hits.every((h) => !h.path.startsWith('test/') && !h.path.startsWith('dist/'))).toBe(true);
  });

  it('records where each variable is read and whether it has a fallback', () => {
    const r = (n: string) => ev.code!.envReads.find((x) => x.name === n);
    expect(r('PORT')).toMatchObject({ path: 'src/app.ts', line: 3, hasDefault: true });
    expect(r('DATABASE_URL')).toMatchObject({ line: 2, hasDefault: false });
    expect(r('SESSION_SECRET')).toMatchObject({ line: 5, syntax: 'destructuring', hasDefault: false });
    expect(r('REGION')).toMatchObject({ line: 6, hasDefault: true });
    expect(r('NEW_VAR')?.hasDefault).toBe(true);
  });

  it('finds TLS, CORS, logging and debug lines, with excerpts masked', () => {
    const rules = ev.code!.hits.map((h) => `${h.path}:${h.line}:${h.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'src/app.ts:10:reject-unauthorized-false',
        'src/app.ts:12:origin-reflected-with-credentials',
        'src/app.ts:15:request-headers',
        'src/app.ts:16:password',
        'src/app.ts:19:stack-trace-in-response',
        'Dockerfile:2:node-tls-reject-unauthorized-0',
      ]),
    );
    expect(rules).toHaveLength(6); // the message about a password and token.length are not hits
    const tls = ev.code!.hits.find((h) => h.rule === 'reject-unauthorized-false');
    expect(tls?.excerpt).toContain("auth: '");
    expect(tls?.excerpt).not.toContain(hardcoded);
  });

  it('judges migrations: down siblings, down sections, destructive forward statements', () => {
    const m = Object.fromEntries(ev.code!.migrations.map((x) => [x.path, x]));
    expect(m['migrations/001_init.up.sql']).toMatchObject({ hasDown: true, downPath: 'migrations/001_init.down.sql', destructive: [] });
    expect(m['migrations/001_init.down.sql']?.isDown).toBe(true);
    expect(m['migrations/002_goose.sql']).toMatchObject({ hasDown: true, destructive: [] });
    expect(m['migrations/003_knex.js']?.hasDown).toBe(true);
    expect(m['migrations/003_knex.js']?.destructive.map((d) => d.statement)).toEqual(['DROP TABLE']);
    expect(m['migrations/004_cleanup.sql']?.hasDown).toBe(false);
    expect(m['migrations/004_cleanup.sql']?.destructive).toEqual([{ line: 2, statement: 'DELETE without WHERE', excerpt: 'DELETE FROM sessions;' }]);
  });

  it('lists the deployment pipeline and builds the inventory', () => {
    expect(ev.code!.pipelines).toEqual([{ path: 'Dockerfile', kind: 'container', name: 'Dockerfile' }]);
    const inv = Object.fromEntries((ev.inventory ?? []).map((v) => [v.name, v]));
    expect(inv.SESSION_SECRET?.setIn.map((s) => s.file).sort()).toEqual(['.env.example', '.env.production', 'config/stg.env']);
    expect(inv.PORT?.platform).toBe(true);
    expect(inv.NEW_VAR?.setIn).toEqual([]);
  });
});

describe('gatherRepo outside git and with the old signature', () => {
  it('walks the folder and accepts a plain list of env files', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lr-hygiene-nogit-'));
    try {
      await write(dir, { 'app/main.py': "import os\nkey = os.getenv('API_TOKEN', '')\nrequests.get(u, verify=False)\n", 'deploy/live.env': 'DEBUG=1\n', 'node_modules/x/i.js': 'process.env.NOPE' });
      const out = await gatherRepo(dir, ['deploy/live.env']);
      expect(out.state).toBe('ok');
      if (out.state !== 'ok') return;
      expect(out.value.isGit).toBe(false);
      expect(out.value.code?.envReads.map((r) => [r.name, r.hasDefault])).toEqual([['API_TOKEN', true]]);
      expect(out.value.code?.hits.map((h) => h.rule)).toEqual(['verify-false']);
      expect(out.value.envFiles[0]?.tier).toBe('production');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails cleanly for a folder that does not exist', async () => {
    expect((await gatherRepo('/nonexistent/launchready-test')).state).toBe('error');
  });
});
