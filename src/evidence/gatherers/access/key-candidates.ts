// Candidate signing keys for the weak-JWT-key probe: a short list of keys
// tutorials and defaults use, the app's own name, every secret value the
// repository scan found, and the key lists the config names
// (auth.jwtKeyLists: public lists of JWT secrets such as Wallarm's
// jwt-secrets, one key a line). The scan's evidence holds only masked values and
// fingerprints, so the raw values are read again from where the scan found
// them (a file line and column, a commit, an env file line) and kept only if
// their fingerprint matches. Keys the code assigns to a signing-key setting
// are candidates too, however plain (code-keys.ts). They live in memory for the probe's run and
// never enter evidence: what is recorded is the source, the masked form and
// the fingerprint.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { fingerprintSecret } from '../../../secrets/mask.js';
import type { SecretScanEvidence } from '../../secret-scan-types.js';
import type { Gathered, RepoEvidence } from '../../types.js';
import { codeKeys } from './code-keys.js';

const run = promisify(execFile);

export interface KeyCandidate {
  /** The raw key: in memory only, never stored. */
  value: string;
  /** Where it came from, for the finding: "a common default key", "the app's name", ".env line 3". */
  source: string;
  kind: 'common' | 'app-name' | 'repository' | 'code' | 'list';
}

/**
 * Keys that JWT tutorials, framework defaults and quick starts put in place
 * (jwt.io's example key, express-jwt and Flask samples, .env templates).
 * Short on purpose: this is a check for the obvious, not a cracker.
 */
export const COMMON_KEYS = [
  'secret', 'secretkey', 'secret-key', 'secret_key', 'mysecret', 'mysecretkey', 'supersecret', 'super-secret', 'topsecret',
  'your-256-bit-secret', 'your-384-bit-secret', 'your-512-bit-secret', 'jwt_secret', 'jwt-secret', 'jwtsecret', 'JWT_SECRET',
  'changeme', 'change-me', 'changeit', 'password', 'default', 'development', 'dev', 'test', 'testing', 'key', 'private',
  'shhhhh', 'shhhhhared-secret', 'keyboard cat', 'secret123', '123456', 'qwerty', 'admin', 'token', 'auth', 'jwt',
];

/** The app's name as people turn it into a key: as written, lower-case, without spaces, with dashes or underscores, plus "-secret". */
export function appNameKeys(name: string): string[] {
  const base = name.trim();
  if (!base) return [];
  const lower = base.toLowerCase();
  const forms = [base, lower, lower.replace(/\s+/g, ''), lower.replace(/\s+/g, '-'), lower.replace(/\s+/g, '_'), base.replace(/\s+/g, '')];
  return [...new Set(forms.flatMap((f) => [f, `${f}-secret`, `${f}_secret`, `${f}secret`]))];
}

/** Key lists (absolute paths) to read, and where to say that one could not be read. */
export interface KeyLists {
  files: readonly string[];
  onProblem?: (message: string) => void;
}

/**
 * Every candidate, deduplicated by value (the first source wins): the
 * repository's secrets and the keys its code assigns first (a key that is both
 * "secret" and set in config.py is reported by its file and line, which is
 * where it gets fixed), then common keys, the app's name and the key lists.
 */
export async function keyCandidates(projectName: string, repo?: Gathered<RepoEvidence>, scan?: Gathered<SecretScanEvidence>, lists?: KeyLists): Promise<KeyCandidate[]> {
  const out = new Map<string, KeyCandidate>();
  const add = (c: KeyCandidate) => {
    if (c.value && !out.has(c.value)) out.set(c.value, c);
  };
  for (const c of await repositorySecrets(repo, scan)) add(c);
  if (repo?.state === 'ok') for (const c of await codeKeys(repo.value)) add(c);
  for (const v of COMMON_KEYS) add({ value: v, source: 'a common default key', kind: 'common' });
  for (const v of appNameKeys(projectName)) add({ value: v, source: "the app's name", kind: 'app-name' });
  for (const file of lists?.files ?? []) {
    try {
      for (const c of await keyList(file)) add(c);
    } catch (err) {
      lists?.onProblem?.(`auth.jwtKeyLists: ${file} could not be read (${(err as Error).message}); its keys were not tried`);
    }
  }
  return [...out.values()];
}

/**
 * The keys of one list file, one a line as the public lists write them
 * (Wallarm's jwt-secrets, jwt_tool's jwt-common.txt): the line is the key,
 * spaces included ("keyboard cat"); only a Windows line end is taken off
 * and empty lines skipped. Throws when the file cannot be read.
 */
export async function keyList(file: string): Promise<KeyCandidate[]> {
  const text = await readFile(file, 'utf8');
  const name = path.basename(file);
  const out: KeyCandidate[] = [];
  text.split('\n').forEach((raw, i) => {
    const value = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (value) out.push({ value, source: `${name} line ${i + 1}`, kind: 'list' });
  });
  return out;
}

async function repositorySecrets(repo?: Gathered<RepoEvidence>, scan?: Gathered<SecretScanEvidence>): Promise<KeyCandidate[]> {
  const found: KeyCandidate[] = [];
  const texts = new Map<string, Promise<string | undefined>>();
  const text = (key: string, load: () => Promise<string | undefined>) => {
    let p = texts.get(key);
    if (!p) texts.set(key, (p = load().catch(() => undefined)));
    return p;
  };
  if (scan?.state === 'ok') {
    const root = scan.value.root;
    const fromFile = (rel: string) => text(`file ${rel}`, () => readFile(path.join(root, rel), 'utf8'));
    const fromCommit = (commit: string, rel: string) => text(`${commit} ${rel}`, async () => (await run('git', ['-C', root, 'show', `${commit}:${rel}`], { maxBuffer: 8 * 1024 * 1024 })).stdout);
    const tree = scan.value.tree.state === 'ok' ? scan.value.tree.value.findings : [];
    const bundles = scan.value.bundles.state === 'ok' ? scan.value.bundles.value.findings : [];
    for (const f of [...tree, ...bundles]) {
      const v = valueAt(await fromFile(f.path), f.line, f.column, f.fingerprint);
      if (v) found.push({ value: v, source: `${f.path} line ${f.line}`, kind: 'repository' });
    }
    for (const f of scan.value.history.state === 'ok' ? scan.value.history.value.findings : []) {
      const v = valueAt(await fromCommit(f.commit, f.path), f.line, f.column, f.fingerprint);
      if (v) found.push({ value: v, source: `${f.path} in commit ${f.commit.slice(0, 8)}`, kind: 'repository' });
    }
  }
  if (repo?.state === 'ok') {
    // Env values the engine does not flag (JWT_SECRET=secret is too plain for a rule) are secrets all the same.
    for (const file of repo.value.envFiles) {
      for (const e of file.entries.filter((x) => x.secret && !x.empty)) {
        const t = await text(`file ${file.path}`, () => readFile(path.join(repo.value.root, file.path), 'utf8'));
        const v = envValue(t?.split(/\r?\n/)[e.line - 1]);
        if (v && fingerprintSecret(v) === e.fingerprint) found.push({ value: v, source: `${file.path} line ${e.line} (${e.key})`, kind: 'repository' });
      }
    }
  }
  return found;
}

/**
 * The secret that starts at a 1-based line and column, found by its
 * fingerprint: the scan's match ends where a rule said, so every end up to
 * the next delimiter is tried (a few dozen hashes at most).
 */
function valueAt(text: string | undefined, line: number, column: number, fingerprint: string): string | undefined {
  const l = text?.split(/\r?\n/)[line - 1];
  if (!l) return undefined;
  const rest = l.slice(column - 1);
  const run = /^[^\s'"`,;)}\]]*/.exec(rest)?.[0] ?? '';
  for (let end = run.length; end >= 1; end--) if (fingerprintSecret(rest.slice(0, end)) === fingerprint) return rest.slice(0, end);
  return undefined;
}

/** The value of a KEY=VALUE line, as the repo gatherer's parseEnv reads it. */
function envValue(line: string | undefined): string | undefined {
  const m = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/.exec(line ?? '');
  if (!m) return undefined;
  const value = (m[1] ?? '').trim();
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value.replace(/\s+#.*$/, '');
}
