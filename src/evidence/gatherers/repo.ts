// Inventory of the repository: which files git tracks, every env file with its
// keys, and what the source code reads and does (code-scan.ts). Values are
// masked and fingerprinted here, at the source, so raw secrets never enter
// evidence (which can be saved to disk and shared); only values that are
// neither secret-named nor credential-shaped are kept (env-values.ts).
import { execFile } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { readEnvFile } from '../../secrets/env-file.js';
import { fingerprintSecret, maskSecret } from '../../secrets/mask.js';
import { vendoredRoot } from '../../secrets/sources/vendored.js';
import type { EnvEntry, EnvFile, Gathered, RepoEvidence, RepoFile } from '../types.js';
import { failed, ok } from '../types.js';
import { MAX_CODE_FILES, scanCode } from './code-scan.js';
import { buildInventory } from './env-inventory.js';
import { classifyEnvValue, tierOfFile } from './env-values.js';

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 30_000;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'vendor', '.venv', '__pycache__']);
const MAX_WALK_DEPTH = 4;
const MAX_TREE_DEPTH = 12;
const MAX_ENV_FILE_BYTES = 256 * 1024;

export const ENV_FILE_RE = /(^|\/)(\.env(\.[\w.-]+)?|[\w.-]+\.env)$/;
export const EXAMPLE_ENV_RE = /(example|sample|template|dist|defaults?)$/i;

async function git(root: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-C', root, ...args], { timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * `envFiles` maps each configured environment to its env files (relative to
 * root), so checks can tell production's files from staging's. A plain list
 * (files of an unnamed environment) is still accepted.
 */
export async function gatherRepo(
  root: string,
  envFiles: Readonly<Record<string, readonly string[]>> | readonly string[] = {},
): Promise<Gathered<RepoEvidence>> {
  try {
    const st = await stat(root).catch(() => undefined);
    if (!st?.isDirectory()) return failed(`repository folder ${root} does not exist`);
    const environments = normaliseEnvironments(envFiles);
    const isGit = await git(root, ['rev-parse', '--is-inside-work-tree']).then(
      (s) => s.trim() === 'true',
      () => false,
    );
    const tracked = new Set(isGit ? (await git(root, ['ls-files', '-z'])).split('\0').filter(Boolean) : []);
    // Files git would add: part of the tree the app is built from, even before a commit.
    // Installed dependencies and caches git does not track are not the project's code (secrets/sources/vendored.ts).
    const untracked = isGit
      ? (await git(root, ['ls-files', '-z', '--others', '--exclude-standard'])).split('\0').filter((f) => f && vendoredRoot(f) === undefined)
      : await walkTree(root);
    const onDisk = await walkEnvFiles(root);
    const configured = Object.values(environments).flat();
    const candidates = new Set([...onDisk, ...configured, ...[...tracked].filter((p) => ENV_FILE_RE.test(p))]);
    const ignored = isGit ? await ignoredOf(root, [...candidates]) : new Set<string>();

    const files: RepoFile[] = [];
    for (const p of tracked) files.push({ path: p, tracked: true, ignored: false, size: 0 });
    for (const p of untracked) files.push({ path: p, tracked: false, ignored: false, size: 0 });
    const parsedEnvFiles: EnvFile[] = [];
    for (const p of [...candidates].sort()) {
      const text = await readFile(path.join(root, p), 'utf8').catch(() => undefined);
      if (text === undefined || text.length > MAX_ENV_FILE_BYTES) continue;
      const envs = Object.keys(environments).filter((name) => environments[name]?.includes(p));
      parsedEnvFiles.push({
        path: p,
        tracked: tracked.has(p),
        ignored: ignored.has(p),
        entries: parseEnv(text, { keepSafeValues: true }),
        environments: envs,
        tier: tierOfFile(p, envs),
      });
    }
    const code = await scanCode(root, [...tracked, ...untracked]);
    const inventory = buildInventory(code.envReads, parsedEnvFiles);
    return ok({ root, isGit, files, envFiles: parsedEnvFiles, environments, code, inventory });
  } catch (err) {
    return failed(`reading the repository failed: ${(err as Error).message}`);
  }
}

function normaliseEnvironments(
  envFiles: Readonly<Record<string, readonly string[]>> | readonly string[],
): Record<string, string[]> {
  const tidy = (p: string): string => path.posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
  if (Array.isArray(envFiles)) return envFiles.length ? { target: (envFiles as readonly string[]).map(tidy) } : {};
  return Object.fromEntries(
    Object.entries(envFiles as Readonly<Record<string, readonly string[]>>).map(([name, list]) => [name, list.map(tidy)]),
  );
}

async function ignoredOf(root: string, paths: string[]): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  // check-ignore exits 1 when nothing is ignored; that is an answer, not an error.
  const out = await git(root, ['check-ignore', '--no-index', ...paths]).catch((e: { stdout?: string }) => e.stdout ?? '');
  return new Set(out.split('\n').filter(Boolean));
}

/** Every file under root, outside git: the same skips as the env walk, deeper. */
async function walkTree(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (found.length >= MAX_CODE_FILES * 2) return;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < MAX_TREE_DEPTH) await walk(rel, depth + 1);
      } else if (e.isFile()) {
        found.push(rel);
      }
    }
  };
  await walk('', 0);
  return found;
}

async function walkEnvFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < MAX_WALK_DEPTH) await walk(rel, depth + 1);
      } else if (e.isFile() && ENV_FILE_RE.test(rel)) {
        found.push(rel);
      }
    }
  };
  await walk('', 0);
  return found;
}

export interface ParseEnvOptions {
  /**
   * Keep `value` for entries whose key and value are not secret (DEBUG=true,
   * NODE_ENV, a webhook URL with its tokens masked). Off by default: callers
   * that only list keys never hold a value.
   */
  keepSafeValues?: boolean;
}

export function parseEnv(text: string, opts: ParseEnvOptions = {}): EnvEntry[] {
  // dotenv's parser (see secrets/env-file.ts): multi-line quoted values, backticks and comments read as apps read them.
  return readEnvFile(text).map(({ key, value, line }) => {
    const entry: EnvEntry = {
      key,
      line,
      masked: value ? maskSecret(value) : '',
      fingerprint: value ? fingerprintSecret(value) : '',
      empty: value.length === 0,
    };
    if (value) {
      const c = classifyEnvValue(key, value);
      entry.secret = c.secret;
      if (Object.keys(c.hints).length) entry.hints = c.hints;
      if (opts.keepSafeValues && c.value !== undefined) entry.value = c.value;
    }
    return entry;
  });
}
