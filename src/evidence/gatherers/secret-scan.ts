// Gathers the secret scan for the audit and for `launchready scan`. Never
// throws: each source fails on its own, so a broken history still leaves the
// tree result standing.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { SecretEngine } from '../../secrets/engine.js';
import { isBundlePath, scanBundles } from '../../secrets/sources/bundles.js';
import { isGitRepo } from '../../secrets/sources/git.js';
import { scanHistory } from '../../secrets/sources/history.js';
import { scanStaged } from '../../secrets/sources/staged.js';
import { scanTree } from '../../secrets/sources/tree.js';
import type { SecretScanEvidence } from '../secret-scan-types.js';
import { failed, notTested, ok, type Gathered } from '../types.js';

export interface SecretScanOptions {
  /** Scan git history (default true). */
  history?: boolean;
  /** Only the staged changes (pre-commit). */
  staged?: boolean;
  /** Only commits after this ref (CI on a branch). */
  since?: string;
  /** Engine-level baseline keys to drop. */
  baseline?: ReadonlySet<string>;
  maxFileBytes?: number;
  onPhase?: (text: string) => void;
  /** HAR recordings the config names (api.har), as absolute paths: live credentials, judged by whether git tracks them. */
  recordings?: readonly string[];
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

async function attempt<T>(what: string, fn: () => Promise<T>): Promise<Gathered<T>> {
  try {
    return ok(await fn());
  } catch (err) {
    return failed(`${what} failed: ${errorText(err)}`);
  }
}

export async function gatherSecretScan(repoRoot: string, opts: SecretScanOptions = {}): Promise<Gathered<SecretScanEvidence>> {
  const started = performance.now();
  try {
    const st = await stat(repoRoot).catch(() => undefined);
    if (!st?.isDirectory()) return failed(`repository folder ${repoRoot} does not exist`);
    const phase = opts.onPhase ?? (() => undefined);
    const engine = new SecretEngine({ baseline: opts.baseline });
    const isGit = await isGitRepo(repoRoot);
    const mode: SecretScanEvidence['mode'] = opts.staged ? 'staged' : opts.since ? 'since' : 'full';
    const needGit = (what: string) => notTested<never>(`${what}: ${repoRoot} is not a git repository`);

    let tree: SecretScanEvidence['tree'];
    let history: SecretScanEvidence['history'];
    let bundles: SecretScanEvidence['bundles'];
    if (mode === 'staged') {
      phase('scanning staged changes');
      tree = isGit ? await attempt('scanning staged changes', () => scanStaged(engine, repoRoot)) : needGit('staged changes');
      history = notTested('only staged changes were scanned');
      bundles = notTested('only staged changes were scanned');
    } else if (mode === 'since') {
      phase(`scanning commits since ${opts.since}`);
      tree = notTested(`only commits since ${opts.since} were scanned`);
      history = isGit ? await attempt('scanning history', () => scanHistory(engine, repoRoot, { since: opts.since })) : needGit('history');
      bundles = notTested(`only commits since ${opts.since} were scanned`);
    } else {
      phase('scanning the working tree for secrets');
      tree = await attempt('scanning the working tree', () =>
        scanTree(engine, repoRoot, {
          exclude: isBundlePath,
          maxFileBytes: opts.maxFileBytes,
          onProgress: (d, n) => phase(`scanning the working tree for secrets (${d}/${n} files)`),
        }).then((t) => {
          const inRepo = (opts.recordings ?? []).map((r) => path.relative(repoRoot, r).split(path.sep).join('/')).filter((r) => r && !r.startsWith('..'));
          return inRepo.length ? { ...t, recordings: inRepo } : t;
        }),
      );
      phase('scanning built bundles for secrets');
      bundles = await attempt('scanning bundles', () => scanBundles(engine, repoRoot, { maxFileBytes: opts.maxFileBytes }));
      if (opts.history === false) history = notTested('history scan turned off (--no-history)');
      else if (!isGit) history = needGit('history');
      else {
        phase('scanning git history for secrets');
        const knownInHead = new Set(tree.state === 'ok' ? tree.value.findings.map((f) => `${f.ruleId}\0${f.fingerprint}`) : []);
        history = await attempt('scanning history', () =>
          scanHistory(engine, repoRoot, { knownInHead, onProgress: (n) => phase(`scanning git history for secrets (${n} commits)`) }),
        );
      }
    }
    return ok({
      root: repoRoot,
      isGit,
      mode,
      tree,
      history,
      bundles,
      ruleCount: engine.rules.length,
      durationMs: Math.round(performance.now() - started),
    });
  } catch (err) {
    return failed(`secret scan failed: ${errorText(err)}`);
  }
}
