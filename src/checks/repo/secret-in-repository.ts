// Secrets in the files of the repository as it stands: anyone who can read
// the code (every contractor, every CI job, a leaked laptop) holds them.
import type { TreeScanResult } from '../../evidence/secret-scan-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { isRecording, untrackedRecordings, untrackedRecordingsNote } from '../../secrets/sources/recordings.js';
import { exposedSeverity, part, ROTATE, secretEvidence, secretName, shQuote } from '../support/secrets.js';

export default defineCheck({
  meta: {
    id: 'secret-in-repository',
    stage: 1,
    title: 'No secrets in the repository',
    failureTitle: 'Secrets are committed to the repository',
    severity: 'critical',
    minimumBar: 'Secrets are never stored in code or exposed in client bundles.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: ROTATE,
    requires: ['secretScan'],
  },
  run({ secretScan }) {
    const tree = part(secretScan.tree, 'working tree');
    if ('outcome' in tree) return tree.outcome;
    const scope = secretScan.mode === 'staged' ? 'staged change' : 'file';
    // HAR recordings hold live passwords and tokens by design (critic #7): committed, they are a committed
    // secret; untracked, they are the audit's own input, and the advice is to keep them out of git.
    const localRecordings = untrackedRecordings(tree.value);
    const findings: FindingInput[] = tree.value.findings.filter((f) => !localRecordings.includes(f.path)).map((f) => ({
      title: `${secretName(f)} in ${f.path}`,
      severity: exposedSeverity(f, 'high'),
      detail:
        f.mode === 'test'
          ? 'A test-mode key is committed. It cannot move real money, but it shows keys live in code; production keys tend to follow.'
          : `A ${f.description.toLowerCase()} sits in a ${scope} of the repository. Everyone with read access to the code, and every system that copies it, holds a working credential.`,
      evidence: [secretEvidence(f, `${f.path}:${f.line}:${f.column}`)],
      // A HAR is JSON often on one line: print the match's neighbourhood, not the whole recording.
      reproduction: isRecording(tree.value, f.path)
        ? `sed -n '${f.line}p' ${shQuote(f.path)} | cut -c ${Math.max(1, f.column - 40)}-${f.column + 80}`
        : `sed -n '${f.line}p' ${shQuote(f.path)}`,
      location: { path: f.path, line: f.line },
      identity: [f.ruleId, f.path, f.fingerprint],
    }));
    const note = [scanNote(tree.value), untrackedRecordingsNote(tree.value)].filter(Boolean).join('; ');
    return findings.length ? { status: 'fail', reason: note, findings } : { status: 'pass', reason: note };
  },
});

/** What was scanned and what was left out, and why: binaries, third-party trees, ciphertext meant to be committed. */
function scanNote(t: TreeScanResult): string {
  const parts = [`${t.filesScanned} files scanned`];
  if (t.skipped.length) parts.push(`${t.skipped.length} skipped (binary, too large, or past an archive limit)`);
  if (t.skippedTrees?.length) {
    const trees = t.skippedTrees.map((d) => (d.files === undefined ? d.dir : `${d.dir} (${d.files} files)`));
    parts.push(`third-party and cache folders git does not track were not scanned: ${trees.slice(0, 5).join(', ')}${trees.length > 5 ? ` and ${trees.length - 5} more` : ''}`);
  }
  if (t.encrypted?.length) {
    const formats = [...new Set(t.encrypted.map((e) => e.format))].join(', ');
    const files = new Set(t.encrypted.map((e) => e.path)).size;
    parts.push(`${t.encrypted.length} encrypted value(s) in ${files} file(s) (${formats}): encrypted, safe to commit`);
  }
  return parts.join('; ');
}
