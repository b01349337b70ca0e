// Git history: every commit on every ref, added lines only, streamed from
// `git log -p -U0`. Each secret is reported once, with the oldest commit that
// added it, and whether it is still in HEAD: a secret deleted from HEAD but
// alive in history is still public to anyone with a clone and must be rotated.
import type { SecretEngine } from '../engine.js';
import { git, gitLines } from './git.js';
import { LOG_FORMAT, PatchParser, type AddedChunk } from './patch.js';
import type { HistoryFinding, HistoryScanResult, SecretFinding } from './types.js';

export interface HistoryScanOptions {
  /** `ref..HEAD` style range; default: every ref (`--all`). */
  since?: string;
  timeoutMs?: number;
  /** Fingerprints (ruleId + fingerprint) already known to be in HEAD, e.g. from a tree scan. */
  knownInHead?: ReadonlySet<string>;
  onProgress?: (commits: number) => void;
  /** Check each finding's path at HEAD (default true). */
  resolveHead?: boolean;
}

const headKey = (f: { ruleId: string; fingerprint: string }): string => `${f.ruleId}\0${f.fingerprint}`;
const MAX_HEAD_LOOKUPS = 2000;

/** Scans chunks of added lines into findings with real line numbers. */
export function scanChunk(engine: SecretEngine, chunk: AddedChunk): SecretFinding[] {
  return engine.scan(chunk.text, chunk.path).map((m) => ({ ...m, line: chunk.lines[m.line - 1] ?? m.line }));
}

export async function scanHistory(engine: SecretEngine, root: string, opts: HistoryScanOptions = {}): Promise<HistoryScanResult> {
  const range = opts.since ? `${opts.since}..HEAD` : '--all';
  const byKey = new Map<string, HistoryFinding>();
  let commits = 0;
  let bytes = 0;
  let lastCommit: string | undefined;
  const parser = new PatchParser((chunk) => {
    bytes += chunk.text.length;
    for (const f of scanChunk(engine, chunk)) {
      const key = headKey(f);
      const prev = byKey.get(key);
      // git log prints newest first: a later sighting is an older commit, so it wins.
      const date = chunk.time ? new Date(chunk.time * 1000).toISOString() : undefined;
      byKey.set(key, { ...f, commit: chunk.commit ?? '', date, commits: (prev?.commits ?? 0) + 1 });
    }
  });
  await gitLines(
    root,
    ['log', '-p', '-U0', '--no-color', '--no-ext-diff', '--no-renames', '--no-textconv', LOG_FORMAT, range],
    (line) => {
      if (line.startsWith('commit ')) {
        const sha = line.slice(7, 47);
        if (sha !== lastCommit) {
          lastCommit = sha;
          if (++commits % 1000 === 0) opts.onProgress?.(commits);
        }
      }
      parser.line(line);
    },
    opts.timeoutMs ?? 600_000,
  );
  parser.end();
  const findings = [...byKey.values()];
  await markInHead(engine, root, findings, opts);
  findings.sort((a, b) => a.path.localeCompare(b.path) || a.ruleId.localeCompare(b.ruleId));
  return { findings, commitsScanned: commits, bytesScanned: bytes, range };
}

async function markInHead(engine: SecretEngine, root: string, findings: HistoryFinding[], opts: HistoryScanOptions): Promise<void> {
  const known = opts.knownInHead ?? new Set<string>();
  const paths = [...new Set(findings.filter((f) => !known.has(headKey(f))).map((f) => f.path))];
  const inHeadByPath = new Map<string, Set<string>>();
  if (opts.resolveHead !== false && paths.length <= MAX_HEAD_LOOKUPS) {
    for (const p of paths) {
      // A path missing at HEAD is an answer (not in HEAD), not an error.
      const text = await git(root, ['show', `HEAD:${p}`], 30_000).catch(() => undefined);
      inHeadByPath.set(p, new Set(text === undefined ? [] : engine.scan(text, p).map(headKey)));
    }
  }
  for (const f of findings) {
    if (known.has(headKey(f))) f.inHead = true;
    else {
      const atPath = inHeadByPath.get(f.path);
      f.inHead = atPath ? atPath.has(headKey(f)) : undefined;
    }
  }
}
