// The secrets the repository already holds, by fingerprint, so a reply that
// carries one is recognised even when its format matches no rule: the
// secret scan's findings (tree, history, bundles) and the env files' secret
// values. Fingerprints only; no raw value is kept.
import type { SecretScanEvidence } from '../../secret-scan-types.js';
import type { Gathered, RepoEvidence } from '../../types.js';

export function knownSecrets(repo: Gathered<RepoEvidence>, scan: Gathered<SecretScanEvidence>): Map<string, string> {
  const out = new Map<string, string>();
  if (repo.state === 'ok') {
    for (const f of repo.value.envFiles) for (const e of f.entries) if (e.secret && !e.empty) out.set(e.fingerprint, `${f.path} (${e.key})`);
  }
  if (scan.state === 'ok') {
    for (const g of [scan.value.tree, scan.value.bundles, scan.value.history]) {
      if (g.state !== 'ok') continue;
      for (const f of g.value.findings) if (!out.has(f.fingerprint)) out.set(f.fingerprint, f.path);
    }
  }
  return out;
}
