// The working tree: every file git would consider (tracked, plus untracked
// files not ignored) when the folder is a git repository, a plain walk
// otherwise. Third-party code and build caches (node_modules, vendor,
// .venv…) that git does not track are left out and listed: a repository
// without a .gitignore would otherwise report its dependencies' test keys.
// Archives are opened (archives.ts).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { EncryptedMatch, SecretEngine } from '../engine.js';
import { DEFAULT_ARCHIVE_LIMITS, expandArchive, type ArchiveLimits } from './archives.js';
import { DEFAULT_MAX_FILE_BYTES, readForScan } from './files.js';
import { git, isGitRepo } from './git.js';
import type { SecretFinding, SkippedFile, SkippedTree, TreeScanResult } from './types.js';
import { vendoredRoot } from './vendored.js';

const WALK_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);

export interface TreeScanOptions {
  maxFileBytes?: number;
  /** Paths (relative, '/'-separated) to leave out, e.g. bundle folders scanned separately. */
  exclude?: (rel: string) => boolean;
  onProgress?: (filesDone: number, total: number) => void;
  /** Files read at once. */
  concurrency?: number;
  /** Bounds on opening archives (zip bombs, nesting). */
  archiveLimits?: ArchiveLimits;
}

export interface TreeListing {
  files: string[];
  listing: 'git' | 'walk';
  /** Vendored and build-cache folders left out (not tracked by git). */
  skippedTrees: SkippedTree[];
  /** Files listed that git does not track (neither committed nor ignored); every file of a plain walk. */
  untracked?: ReadonlySet<string>;
}

export async function listTreeFiles(root: string): Promise<TreeListing> {
  if (await isGitRepo(root)) {
    const tracked = (await git(root, ['ls-files', '-z'], 120_000)).split('\0').filter(Boolean);
    const untracked = (await git(root, ['ls-files', '-o', '--exclude-standard', '-z'], 120_000)).split('\0').filter(Boolean);
    // Tracked files are the project's own whatever folder they sit in (a committed vendor/ is scanned).
    const skipped = new Map<string, number>();
    const kept = untracked.filter((f) => {
      const dir = vendoredRoot(f);
      if (dir === undefined) return true;
      skipped.set(dir, (skipped.get(dir) ?? 0) + 1);
      return false;
    });
    const files = [...new Set([...tracked, ...kept])].sort();
    const trackedSet = new Set(tracked);
    return {
      files,
      listing: 'git',
      skippedTrees: [...skipped].sort().map(([dir, files]) => ({ dir, files })),
      untracked: new Set(kept.filter((f) => !trackedSet.has(f))),
    };
  }
  const files: string[] = [];
  const skippedTrees: SkippedTree[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (WALK_SKIP_DIRS.has(e.name)) continue;
        // Nothing is tracked outside git: a vendored folder is not walked at all.
        if (vendoredRoot(`${rel}/x`) === rel) skippedTrees.push({ dir: rel });
        else await walk(rel);
      } else if (e.isFile()) files.push(rel);
    }
  };
  await walk('');
  // Outside git nothing is tracked, so nothing is committed.
  return { files: files.sort(), listing: 'walk', skippedTrees: skippedTrees.sort((a, b) => a.dir.localeCompare(b.dir)), untracked: new Set(files) };
}

export async function scanFiles(
  engine: SecretEngine,
  root: string,
  files: readonly string[],
  opts: TreeScanOptions = {},
): Promise<Omit<TreeScanResult, 'listing'>> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const findings: SecretFinding[] = [];
  const skipped: SkippedFile[] = [];
  const encrypted: EncryptedMatch[] = [];
  const scanText = (text: string, rel: string): void => {
    const r = engine.scanAll(text, rel);
    for (const m of r.matches) findings.push(m);
    for (const e of r.encrypted) encrypted.push(e);
  };
  let filesScanned = 0;
  let bytesScanned = 0;
  let next = 0;
  let done = 0;
  // A few reads in flight hide disk latency; scanning itself is synchronous.
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const rel = files[next++]!;
      const got = await readForScan(path.join(root, rel), maxBytes);
      if ('skip' in got) skipped.push({ path: rel, reason: got.skip });
      else if ('encrypted' in got) encrypted.push({ ruleId: 'encrypted-file', path: rel, line: 1, format: got.encrypted });
      else if ('archive' in got) {
        filesScanned++;
        await expandArchive(
          rel,
          got.archive,
          {
            text: (inner, text, bytes) => {
              bytesScanned += bytes;
              scanText(text, inner);
            },
            skip: (inner, reason) => skipped.push({ path: inner, reason }),
          },
          opts.archiveLimits ?? DEFAULT_ARCHIVE_LIMITS,
        );
      } else {
        filesScanned++;
        bytesScanned += got.bytes;
        scanText(got.text, rel);
      }
      if (++done % 500 === 0) opts.onProgress?.(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  encrypted.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  return { findings, filesScanned, bytesScanned, skipped, ...(encrypted.length ? { encrypted } : {}) };
}

export async function scanTree(engine: SecretEngine, root: string, opts: TreeScanOptions = {}): Promise<TreeScanResult> {
  const { files, listing, skippedTrees, untracked } = await listTreeFiles(root);
  const wanted = opts.exclude ? files.filter((f) => !opts.exclude!(f)) : files;
  const scanned = await scanFiles(engine, root, wanted, opts);
  // Which files with findings are not in git: a secret there is not committed (yet), which checks say differently.
  const notInGit = [...new Set(scanned.findings.map((f) => f.path))].filter((p) => untracked?.has(p));
  return { ...scanned, listing, ...(skippedTrees.length ? { skippedTrees } : {}), ...(notInGit.length ? { untracked: notInGit } : {}) };
}
