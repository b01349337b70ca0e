// Staged changes (`git diff --cached -U0`): what the next commit would add.
// This is what a pre-commit hook scans, so it must be fast and exact.
import type { SecretEngine } from '../engine.js';
import { gitLines } from './git.js';
import { PatchParser } from './patch.js';
import { scanChunk } from './history.js';
import type { TreeScanResult, SecretFinding } from './types.js';

export async function scanStaged(engine: SecretEngine, root: string, timeoutMs = 120_000): Promise<TreeScanResult> {
  const findings: SecretFinding[] = [];
  const files = new Set<string>();
  let bytes = 0;
  const parser = new PatchParser((chunk) => {
    files.add(chunk.path);
    bytes += chunk.text.length;
    findings.push(...scanChunk(engine, chunk));
  });
  await gitLines(root, ['diff', '--cached', '-U0', '--no-color', '--no-ext-diff', '--no-renames', '--no-textconv'], (l) => parser.line(l), timeoutMs);
  parser.end();
  return { findings, filesScanned: files.size, bytesScanned: bytes, skipped: [], listing: 'git' };
}
