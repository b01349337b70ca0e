// Reads the source files of a tree (the caller decides which: git's tracked
// plus untracked-not-ignored files, or a walk outside git) and collects what
// the hygiene checks need. Vendored, built, test and binary files are left
// out: a TLS switch in a test or a minified bundle says nothing about how
// production runs (bundles are the secret scanner's job).
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CodeEvidence } from '../hygiene-types.js';
import { findAiImports } from './ai/detect.js';
import { findEnvReads, findHits } from './code-rules.js';
import { analyseMigration, isMigrationPath } from './migrations.js';
import { pipelineOf } from './pipelines.js';

export const MAX_CODE_FILE_BYTES = 1024 * 1024;
export const MAX_CODE_FILES = 20_000;
const READ_CONCURRENCY = 16;

const SKIP_DIR_RE =
  /(^|\/)(node_modules|bower_components|dist|build|out|\.next|\.nuxt|\.svelte-kit|\.output|coverage|vendor|\.git|\.venv|venv|__pycache__|target|\.turbo|\.cache|\.yarn|\.pnpm-store|tmp)\//;
const TEST_RE = /(^|\/)(test|tests|__tests__|spec|specs|__mocks__|fixtures|e2e|cypress|playwright)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.(py|go)$/;
const SOURCE_EXT_RE = /\.(js|mjs|cjs|jsx|ts|mts|cts|tsx|vue|svelte|astro|py|rb|go|php|java|kt|cs|rs|sh|bash|ya?ml|toml|sql|ini|conf)$/i;
const SOURCE_NAME_RE = /(^|\/)(Dockerfile(\.[\w-]+)?|Procfile|Jenkinsfile|Makefile|\.npmrc)$/;
const GENERATED_RE = /\.min\.[cm]?js$|\.d\.ts$|\.map$|(^|\/)(package-lock\.json|pnpm-lock\.yaml|yarn\.lock)$/;

export function isScannable(p: string): boolean {
  return (SOURCE_EXT_RE.test(p) || SOURCE_NAME_RE.test(p)) && !SKIP_DIR_RE.test(p) && !TEST_RE.test(p) && !GENERATED_RE.test(p);
}

export async function scanCode(root: string, paths: readonly string[]): Promise<CodeEvidence> {
  const evidence: CodeEvidence = {
    filesScanned: 0,
    bytesScanned: 0,
    envReads: [],
    hits: [],
    migrations: [],
    pipelines: [],
    skipped: [],
    truncated: false,
    aiImports: [],
  };
  const all = new Set(paths);
  for (const p of [...all].sort()) {
    const pipeline = pipelineOf(p);
    if (pipeline) evidence.pipelines.push(pipeline);
  }
  let candidates = [...all].filter(isScannable).sort();
  if (candidates.length > MAX_CODE_FILES) {
    candidates = candidates.slice(0, MAX_CODE_FILES);
    evidence.truncated = true;
  }
  const texts = new Map<string, string>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < candidates.length) {
      const p = candidates[next++];
      if (p === undefined) break;
      const text = await readSource(root, p, evidence);
      if (text !== undefined) texts.set(p, text);
    }
  };
  await Promise.all(Array.from({ length: READ_CONCURRENCY }, worker));

  // Sorted so the evidence is the same from run to run.
  for (const p of candidates) {
    const text = texts.get(p);
    if (text === undefined) continue;
    evidence.filesScanned++;
    evidence.bytesScanned += Buffer.byteLength(text);
    const lines = text.split(/\r?\n/);
    evidence.envReads.push(...findEnvReads(text, lines, p));
    evidence.hits.push(...findHits({ path: p, lines }));
    evidence.aiImports!.push(...findAiImports(p, lines));
    if (isMigrationPath(p)) evidence.migrations.push(analyseMigration(p, text, all));
  }
  return evidence;
}

async function readSource(root: string, p: string, evidence: CodeEvidence): Promise<string | undefined> {
  const abs = path.join(root, p);
  try {
    const st = await stat(abs);
    if (!st.isFile()) return undefined;
    if (st.size > MAX_CODE_FILE_BYTES) {
      evidence.skipped.push({ path: p, reason: `larger than ${MAX_CODE_FILE_BYTES / 1024 / 1024} MB (${st.size} bytes)` });
      return undefined;
    }
    const fh = await open(abs, 'r');
    try {
      const buf = await fh.readFile();
      if (buf.subarray(0, 8_000).includes(0)) {
        evidence.skipped.push({ path: p, reason: 'binary (NUL bytes)' });
        return undefined;
      }
      return buf.toString('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    // A tracked file deleted in the working tree is not worth a note.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    evidence.skipped.push({ path: p, reason: `unreadable: ${(err as Error).message}` });
    return undefined;
  }
}
