// Secrets in what the browser downloads: built bundles, source maps, public
// files, and env variables frameworks inline into them (NEXT_PUBLIC_, VITE_…).
// These are public the moment the site is deployed.
import { defineCheck, type FindingInput } from '../types.js';
import { exposedSeverity, part, secretEvidence, secretName, shQuote } from '../support/secrets.js';

export default defineCheck({
  meta: {
    id: 'secret-in-client-bundle',
    stage: 4,
    title: 'No secrets in client bundles',
    failureTitle: 'Secrets are shipped to the browser',
    severity: 'critical',
    minimumBar: 'Secrets are never stored in code or exposed in client bundles.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Rotate the secret, then move the call that needs it to the server (an API route or edge function) so the browser never sees it. Only publishable keys may carry a browser prefix such as NEXT_PUBLIC_ or VITE_.',
    requires: ['secretScan'],
  },
  run({ secretScan }) {
    const b = part(secretScan.bundles, 'client bundles');
    if ('outcome' in b) return b.outcome;
    const { findings: inFiles, exposedEnv, dirs } = b.value;
    const findings: FindingInput[] = [
      ...inFiles.map((f) => ({
        title: `${secretName(f)} in the client bundle ${f.path}`,
        severity: exposedSeverity(f, 'critical'),
        detail: `${f.path} is served to every visitor, so anyone can read this ${f.description.toLowerCase()} with the browser's developer tools.`,
        evidence: [secretEvidence(f, `${f.path}:${f.line}:${f.column}`)],
        reproduction: `grep -o '.\\{0,20\\}${f.masked.slice(0, 4).replace(/[^\w-]/g, '.')}' ${shQuote(f.path)}`,
        location: { path: f.path, line: f.line },
        identity: [f.ruleId, f.fingerprint],
      })),
      ...exposedEnv.map((v) => ({
        title: `${v.key} exposes a secret to the browser (${v.file})`,
        severity: v.severity,
        detail: `Variables prefixed like ${v.key.split('_')[0]}_ are inlined into the client bundle at build time. ${
          v.reason === 'secret-like-name' ? 'Its name and value look like a secret.' : `Its value is a ${v.reason}.`
        }`,
        evidence: [{ kind: 'file' as const, summary: `${v.file}:${v.line}: ${v.key}=${v.masked} (${v.fingerprint})` }],
        reproduction: `grep -n '^${v.key}=' ${shQuote(v.file)}`,
        location: { path: v.file, line: v.line },
        identity: ['browser-env', v.key, v.fingerprint],
      })),
    ];
    if (findings.length) return { status: 'fail', findings };
    if (dirs.length === 0 && exposedEnv.length === 0) {
      return { status: 'pass', reason: 'no built bundle folder (dist/, build/, .next/static, out/, public/) and no browser-exposed env variable holds a secret' };
    }
    return { status: 'pass', reason: `${b.value.filesScanned} bundle files scanned in ${dirs.join(', ')}` };
  },
});
