// Secrets deleted from the code but still in git history. Every clone holds
// the full history, so the secret is as exposed as on the day it was
// committed: only rotating it ends the exposure.
import { defineCheck, type FindingInput } from '../types.js';
import { ROTATE, secretEvidence, secretName } from '../support/secrets.js';

export default defineCheck({
  meta: {
    id: 'secret-in-git-history',
    stage: 1,
    title: 'No secrets left in git history',
    failureTitle: 'Secrets removed from the code are still in git history',
    severity: 'high',
    minimumBar: 'Secrets are never stored in code or exposed in client bundles.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Rotate every secret listed: it stays readable in every clone of the repository. Rewriting history (git filter-repo) only helps after rotation, and only for clones made afterwards.',
    requires: ['secretScan'],
  },
  run({ secretScan }) {
    const h = secretScan.history;
    if (h.state !== 'ok') return { status: h.state, reason: `git history: ${h.reason}` };
    // When the tree was scanned, secrets still in HEAD are that check's findings.
    const treeScanned = secretScan.tree.state === 'ok';
    const relevant = h.value.findings.filter((f) => (treeScanned ? f.inHead !== true : true));
    const findings: FindingInput[] = relevant.map((f) => {
      const where = f.inHead === false ? 'removed from HEAD, still in history' : f.inHead ? 'still in HEAD' : 'introduced in history';
      return {
        title: `${secretName(f)} in git history (${f.path}, commit ${f.commit.slice(0, 10)})`,
        // Exploitable until rotated, so a live key keeps its severity.
        severity: f.mode === 'test' ? 'low' : f.severity,
        detail: `Added in commit ${f.commit.slice(0, 10)}${f.date ? ` (${f.date.slice(0, 10)})` : ''}; ${where}. ${ROTATE}`,
        evidence: [secretEvidence(f, `${f.path}:${f.line} @ ${f.commit.slice(0, 10)} (${where})`)],
        reproduction: `git show ${f.commit} -- '${f.path.replace(/'/g, `'\\''`)}'`,
        location: { path: f.path, line: f.line },
        identity: [f.ruleId, f.fingerprint],
      };
    });
    const note = `${h.value.commitsScanned} commits scanned (${h.value.range})`;
    return findings.length ? { status: 'fail', reason: note, findings } : { status: 'pass', reason: note };
  },
});
