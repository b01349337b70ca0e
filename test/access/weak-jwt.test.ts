// Forged tokens signed with guessable keys (issue 11, item 8): loopback
// targets whose HS256 key is a common default, the app's name, or a key
// committed to the repository are found critical, with the forged identity
// accepted twice; the twin signing with a strong random key passes; and the
// raw key never reaches the evidence.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/jwt-signing-key-guessable.js';
import { COMMON_KEYS, keyCandidates, keyList } from '../../src/evidence/gatherers/access/key-candidates.js';
import { hmacVerifier } from '../../src/evidence/gatherers/access/jwt-keys.js';
import { keysInText } from '../../src/evidence/gatherers/access/code-keys.js';
import { SignJWT } from 'jose';
import { gatherRepo } from '../../src/evidence/gatherers/repo.js';
import { gatherSecretScan } from '../../src/evidence/gatherers/secret-scan.js';
import { CTX } from '../helpers/exchange.js';
import { APP_NAME, startWeakJwt } from '../targets/abuse/weak-jwt.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();
const probes = probesOf;

async function audit(key: string, signingKeys?: NonNullable<Parameters<typeof runAccess>[1]>['signingKeys']) {
  const t = await startWeakJwt(key);
  try {
    const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['weak-jwt-key'], ...(signingKeys ? { signingKeys } : {}) });
    return { run, outcome: check.run({ accessProbes: probes(run) }, CTX) };
  } finally {
    await t.app.close();
  }
}

describe('jwt-signing-key-guessable', () => {
  it('finds a token signed with a common default key: a forgery as the admin is accepted twice (critical)', async () => {
    const { run, outcome } = await audit(['se', 'cret'].join(''));
    expect(outcome.status).toBe('fail');
    if (outcome.status !== 'fail') return;
    expect(outcome.findings.map((f) => [f.title, f.severity])).toEqual([['A token forged with the guessable signing key is accepted (HS256, key from a common default key)', 'critical']]);
    const t = probes(run).trials.find((x) => x.family === 'weak-jwt-key')!;
    expect(t).toMatchObject({ variant: 'other-subject', attacker: 'member', victim: 'admin' });
    expect(t.facts).toMatchObject({ keyFound: true, accepted: true, confirmAccepted: true, keyMasked: '******' });
    // The forged answer is the admin's own "who am I".
    expect(JSON.parse(t.steps.find((s) => s.label === 'attack')!.exchange.response!.body)).toMatchObject({ role: 'admin' });
  });

  it("finds a key that is the app's name", async () => {
    const { outcome } = await audit(APP_NAME.toLowerCase());
    expect(outcome.status === 'fail' && outcome.findings[0]!.title).toMatch(/key from the app's name\)$/);
  });

  it('finds a key committed to the repository, read again from where the scan found it, and never stores it', async () => {
    const key = randomBytes(32).toString('base64url');
    const repo = path.join(dir.dir, 'repo');
    execFileSync('mkdir', ['-p', repo]);
    await writeFile(path.join(repo, '.env'), `NODE_ENV=production\n${['JWT', 'SECRET'].join('_')}=${key}\n`);
    const [scan, repoEvidence] = await Promise.all([gatherSecretScan(repo, { history: false }), gatherRepo(repo, ['.env'])]);
    const { run, outcome } = await audit(key, () => keyCandidates(APP_NAME, repoEvidence, scan));
    expect(outcome.status === 'fail' && outcome.findings[0]!.title).toBe('A token forged with the guessable signing key is accepted (HS256, key from .env line 2)');
    expect(JSON.stringify(run.access)).not.toContain(key);
    expect(JSON.stringify(outcome)).not.toContain(key);
  });

  describe('keys the code assigns to a signing-key setting', () => {
    // A short, plain key (VAmPI's shape): lower-case letters, made here so nothing key-like is committed.
    const plainKey = () => Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');

    it('finds a short literal the committed Flask settings assign to SECRET_KEY, named by file and line, though the secret scan does not report it', async () => {
      const key = plainKey();
      const repo = path.join(dir.dir, `flask-${randomBytes(3).toString('hex')}`);
      execFileSync('mkdir', ['-p', repo]);
      const setting = ['SECRET', 'KEY'].join('_');
      await writeFile(path.join(repo, 'config.py'), `import connexion\n\nvuln_app = connexion.App(__name__)\nvuln_app.app.config['${setting}'] = '${key}'\n`);
      await writeFile(path.join(repo, 'app.py'), 'from config import vuln_app\n');
      execFileSync('git', ['-C', repo, 'init', '-q']);
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'app', '--allow-empty']);
      execFileSync('git', ['-C', repo, 'add', '.']);
      execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'settings']);
      const [scan, repoEvidence] = await Promise.all([gatherSecretScan(repo, { history: false }), gatherRepo(repo)]);
      // Too plain for a secret rule: the scanner alone would never have offered it.
      expect(scan.state === 'ok' && scan.value.tree.state === 'ok' && scan.value.tree.value.findings).toEqual([]);
      const { run, outcome } = await audit(key, () => keyCandidates(APP_NAME, repoEvidence, scan));
      expect(outcome.status === 'fail' && outcome.findings.map((f) => [f.title, f.severity])).toEqual([[`A token forged with the guessable signing key is accepted (HS256, key from config.py line 4 (${setting}))`, 'critical']]);
      expect(outcome.status === 'fail' && outcome.findings[0]!.detail).toContain('a key the code assigns to a signing-key setting');
      const t = probes(run).trials.find((x) => x.family === 'weak-jwt-key')!;
      expect(t.facts).toMatchObject({ keyKind: 'code', keyMasked: '******', codeCandidates: 1 });
      expect(JSON.stringify(run.access)).not.toMatch(new RegExp(`\\b${key}\\b`));
      expect(JSON.stringify(outcome)).not.toMatch(new RegExp(`\\b${key}\\b`));
    });

    it('reads the other shapes of the kind: env fallbacks, JWT calls, exported constants, settings files; not other literals', () => {
      const k = (i: number) => `k${i}-${randomBytes(3).toString('hex')}`;
      const [jwtSecret, secretKey] = [['JWT', 'SECRET'].join('_'), ['SECRET', 'KEY'].join('_')];
      const text = [
        `SECRET_KEY_X = os.environ.get('${secretKey}', '${k(1)}')`,
        `const token = jwt.sign({ id: user.id, email }, '${k(2)}', { expiresIn: '1h' });`,
        `export const SECRET = '${k(3)}';`,
        `const s = process.env.${jwtSecret} || "${k(4)}";`,
        `signingKey := "${k(5)}"`,
        `  "jwtSecret": "${k(6)}",`,
        `title = 'not a key'`,
        `secret: process.env.${jwtSecret}`,
      ].join('\n');
      const found = keysInText(text, 'src/app.ts');
      expect(found.map((f) => [f.line, f.name])).toEqual([[1, secretKey], [2, 'jwt.sign'], [2, 'jwt.sign'], [3, 'SECRET'], [4, jwtSecret], [5, 'signingKey'], [6, 'jwtSecret']]);
      expect(found.map((f) => f.value).filter((v) => v.startsWith('k'))).toHaveLength(6);
      // Unquoted values count in settings files only.
      expect(keysInText('secret_key_base: abc123def\n', 'config/secrets.yml.example').map((f) => f.name)).toEqual(['secret_key_base']);
      expect(keysInText('secret_key_base: abc123def\n', 'README.md')).toEqual([]);
    });
  });

  it('passes the twin signing with a strong random key, having tried every candidate offline without a request', async () => {
    const { run, outcome } = await audit(randomBytes(32).toString('base64url'));
    expect(outcome.status).toBe('pass');
    const t = probes(run).trials.find((x) => x.family === 'weak-jwt-key')!;
    expect(t.facts.keyFound).toBe(false);
    expect(Number(t.facts.candidates)).toBeGreaterThan(30);
    expect(run.ledger.filter((e) => e.purpose.includes('forged'))).toHaveLength(0);
  });

  describe('public key lists (auth.jwtKeyLists)', () => {
    // A list in the public lists' format, made here: one key a line, Windows line ends, a key with a space, an empty line.
    async function writeList(planted?: { key: string; line: number }) {
      const lines = Array.from({ length: 3000 }, (_, i) => `list-key-${i}-${randomBytes(3).toString('hex')}`);
      lines[10] = 'keyboard  cat two';
      lines[11] = '';
      if (planted) lines[planted.line - 1] = planted.key;
      const file = path.join(dir.dir, `keys-${randomBytes(4).toString('hex')}.list`);
      await writeFile(file, lines.join('\r\n'));
      return file;
    }

    it('finds a key that is on a configured list, named by its line, and the forgery is accepted', async () => {
      const key = `lr-${randomBytes(6).toString('hex')}`;
      const file = await writeList({ key, line: 2837 });
      const { run, outcome } = await audit(key, () => keyCandidates(APP_NAME, undefined, undefined, { files: [file] }));
      expect(outcome.status === 'fail' && outcome.findings.map((f) => [f.title, f.severity])).toEqual([
        [`A token forged with the guessable signing key is accepted (HS256, key from ${path.basename(file)} line 2837)`, 'critical'],
      ]);
      expect(outcome.status === 'fail' && outcome.findings[0]!.detail).toContain('a key from a public list of JWT secrets');
      expect(JSON.stringify(run.access)).not.toContain(key);
    });

    it('passes a strong key, counting the list in the keys tried, and still without a request', async () => {
      const file = await writeList();
      const { run, outcome } = await audit(randomBytes(32).toString('base64url'), () => keyCandidates(APP_NAME, undefined, undefined, { files: [file] }));
      expect(outcome.status === 'pass' && outcome.reason).toMatch(/^\d+ candidate keys \(2999 from auth\.jwtKeyLists\) were tried offline against the HS256 token signature and none verified it$/);
      expect(run.ledger.filter((e) => e.purpose.includes('forged'))).toHaveLength(0);
    });

    it('reads a list line by line as the public lists write it, and says when a list cannot be read', async () => {
      const file = await writeList();
      const keys = await keyList(file);
      expect(keys).toHaveLength(2999);
      expect(keys[10]).toEqual({ value: 'keyboard  cat two', source: `${path.basename(file)} line 11`, kind: 'list' });
      const problems: string[] = [];
      const all = await keyCandidates(APP_NAME, undefined, undefined, { files: [path.join(dir.dir, 'missing.list')], onProblem: (m) => problems.push(m) });
      expect(all.filter((k) => k.kind === 'common')).toHaveLength(COMMON_KEYS.length);
      expect(problems).toEqual([expect.stringMatching(/^auth\.jwtKeyLists: .*missing\.list could not be read \(ENOENT.*\); its keys were not tried$/)]);
    });

    it('verifies keys with one HMAC each, agreeing with jose on every algorithm', async () => {
      for (const alg of ['HS256', 'HS384', 'HS512']) {
        const key = `k-${alg}`;
        const token = await new SignJWT({ sub: 'x' }).setProtectedHeader({ alg }).sign(new TextEncoder().encode(key));
        const signedBy = hmacVerifier(token, alg);
        expect([signedBy(key), signedBy(`${key}!`), signedBy('')]).toEqual([true, false, false]);
      }
    });
  });
});
