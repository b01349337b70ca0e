// The working tree: every file git would consider (tracked, plus untracked
// files not ignored) when the folder is a git repository, a plain walk
// otherwise.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { SecretEngine } from '../engine.js';
import { DEFAULT_MAX_FILE_BYTES, readForScan } from './files.js';
import { git, isGitRepo } from './git.js';
import type { SecretFinding, SkippedFile, TreeScanResult } from './types.js';

const WALK_SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn', '.venv', '__pycache__']);

export interface TreeScanOptions {
  maxFileBytes?: number;
  /** Paths (relative, '/'-separated) to leave out, e.g. bundle folders scanned separately. */
  exclude?: (rel: string) => boolean;
  onProgress?: (filesDone: number, total: number) => void;
  /** Files read at once. */
  concurrency?: number;
}

export async function listTreeFiles(root: string): Promise<{ files: string[]; listing: 'git' | 'walk' }> {
  if (await isGitRepo(root)) {
    const out = await git(root, ['ls-files', '-co', '--exclude-standard', '-z'], 120_000);
    const files = [...new Set(out.split('\0').filter(Boolean))].sort();
    return { files, listing: 'git' };
  }
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!WALK_SKIP_DIRS.has(e.name)) await walk(rel);
      } else if (e.isFile()) files.push(rel);
    }
  };
  await walk('');
  return { files: files.sort(), listing: 'walk' };
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
      else {
        filesScanned++;
        bytesScanned += got.bytes;
        for (const m of engine.scan(got.text, rel)) findings.push(m);
      }
      if (++done % 500 === 0) opts.onProgress?.(done, files.length);
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency ?? 8 }, worker));
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line);
  skipped.sort((a, b) => a.path.localeCompare(b.path));
  return { findings, filesScanned, bytesScanned, skipped };
}

export async function scanTree(engine: SecretEngine, root: string, opts: TreeScanOptions = {}): Promise<TreeScanResult> {
  const { files, listing } = await listTreeFiles(root);
  const wanted = opts.exclude ? files.filter((f) => !opts.exclude!(f)) : files;
  return { ...(await scanFiles(engine, root, wanted, opts)), listing };
}
