// Secrets in the files of the repository as it stands: anyone who can read
// the code (every contractor, every CI job, a leaked laptop) holds them.
import { defineCheck, type FindingInput } from '../types.js';
import { exposedSeverity, part, ROTATE, secretEvidence, shQuote } from '../support/secrets.js';

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
    const findings: FindingInput[] = tree.value.findings.map((f) => ({
      title: `${f.description}${f.mode ? ` (${f.mode} mode)` : ''} in ${f.path}`,
      severity: exposedSeverity(f, 'high'),
      detail:
        f.mode === 'test'
          ? 'A test-mode key is committed. It cannot move real money, but it shows keys live in code; production keys tend to follow.'
          : `A ${f.description.toLowerCase()} sits in a ${scope} of the repository. Everyone with read access to the code, and every system that copies it, holds a working credential.`,
      evidence: [secretEvidence(f, `${f.path}:${f.line}:${f.column}`)],
      reproduction: `sed -n '${f.line}p' ${shQuote(f.path)}`,
      location: { path: f.path, line: f.line },
      identity: [f.ruleId, f.path, f.fingerprint],
    }));
    const skipped = tree.value.skipped.length;
    const note = `${tree.value.filesScanned} files scanned${skipped ? `, ${skipped} skipped (binary or too large)` : ''}`;
    return findings.length ? { status: 'fail', reason: note, findings } : { status: 'pass', reason: note };
  },
});
