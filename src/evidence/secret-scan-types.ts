// Evidence of the secret scan: tree, history and bundles of the repository.
// Masked values and fingerprints only: never a raw secret.
import type { BundleScanResult, HistoryScanResult, TreeScanResult } from '../secrets/sources/types.js';
import type { Gathered } from './types.js';

export type {
  BundleScanResult,
  ExposedEnvVar,
  HistoryFinding,
  HistoryScanResult,
  SecretFinding,
  SkippedFile,
  TreeScanResult,
} from '../secrets/sources/types.js';

export interface SecretScanEvidence {
  root: string;
  isGit: boolean;
  /** full: tree + history + bundles; staged: the index only; since: commits after a ref. */
  mode: 'full' | 'staged' | 'since';
  /** The working tree (or, in staged mode, the staged changes). Bundle folders are left to `bundles`. */
  tree: Gathered<TreeScanResult>;
  history: Gathered<HistoryScanResult>;
  bundles: Gathered<BundleScanResult>;
  ruleCount: number;
  durationMs: number;
}
