// What the secret sources report. Only masked values and fingerprints: these
// shapes go into evidence, which is saved to disk and shared.
import type { EncryptedMatch, SecretMatch } from '../engine.js';

export type { EncryptedMatch } from '../engine.js';

export type SecretFinding = Omit<SecretMatch, 'baselineKey'> & { baselineKey: string };

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface TreeScanResult {
  findings: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkippedFile[];
  /** How files were listed: git (respecting .gitignore) or a plain walk. */
  listing: 'git' | 'walk';
  /** Values (or files) recognised as ciphertext meant to be committed: encrypted, safe to commit. */
  encrypted?: EncryptedMatch[];
  /** Third-party and build-cache folders left out because git does not track them (node_modules, .venv…). */
  skippedTrees?: SkippedTree[];
  /** Files with findings that git does not track (untracked, not ignored): not committed, only at risk of it. */
  untracked?: string[];
  /** HAR recordings the config names (api.har), relative to the scanned root. */
  recordings?: string[];
}

export interface SkippedTree {
  /** The folder, relative to the root. */
  dir: string;
  /** Files in it that were left out (unknown when the folder was not walked). */
  files?: number;
}

export interface HistoryFinding extends SecretFinding {
  /** The commit that introduced the secret (the oldest one that added it). */
  commit: string;
  /** ISO date of that commit. */
  date?: string;
  /** How many commits added this same secret. */
  commits: number;
  /** Still present in HEAD at the path it was introduced (or another HEAD file). Undefined when unknown. */
  inHead?: boolean;
}

export interface HistoryScanResult {
  findings: HistoryFinding[];
  commitsScanned: number;
  bytesScanned: number;
  /** The revision range scanned (`--all`, or `ref..HEAD`). */
  range: string;
}

export interface ExposedEnvVar {
  /** The env file that sets it. */
  file: string;
  key: string;
  line: number;
  masked: string;
  fingerprint: string;
  /** Why its value is a secret: a rule id, or `secret-like-name`. */
  reason: string;
  severity: SecretMatch['severity'];
}

export interface BundleScanResult {
  /** Bundle folders that exist and were scanned. */
  dirs: string[];
  findings: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  skipped: SkippedFile[];
  /** Browser-exposed env vars (NEXT_PUBLIC_…) whose value is a secret. */
  exposedEnv: ExposedEnvVar[];
}
