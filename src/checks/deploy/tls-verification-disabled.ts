// With certificate verification off, HTTPS still encrypts but no longer
// proves who is on the other end: anyone on the network path (a hotel Wi-Fi,
// a compromised router, a cloud neighbour) can stand in for the payment API or
// the database and read every credential sent to it. It is usually added to
// get past one self-signed certificate and then forgotten.
import type { CodeHit } from '../../evidence/hygiene-types.js';
import type { EnvEntry } from '../../evidence/types.js';
import { codeOf, envEvidence, filesOfTier, grepFor, hitEvidence, hitIdentity, isOutcome } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const RULE_TEXT: Record<string, string> = {
  'reject-unauthorized-false': 'sets rejectUnauthorized: false',
  'node-tls-reject-unauthorized-0': 'sets NODE_TLS_REJECT_UNAUTHORIZED=0 (off for the whole process)',
  'strict-ssl-false': 'sets strictSSL / strict-ssl to false',
  'verify-false': 'passes verify=False',
  'insecure-skip-verify': 'sets InsecureSkipVerify: true',
  'check-server-identity-noop': 'replaces checkServerIdentity with a function that accepts anything',
  'sslmode-no-verify': 'connects to the database with sslmode=no-verify',
  'python-cert-none': 'uses an unverified SSL context (CERT_NONE)',
  'curl-insecure': 'runs curl with -k/--insecure',
};

export default defineCheck({
  meta: {
    id: 'tls-verification-disabled',
    stage: 4,
    title: 'TLS certificate verification stays on',
    failureTitle: 'TLS certificate verification is turned off',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with certificates verified on every outgoing connection.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Remove the switch. If a service uses a private or self-signed certificate, trust that one CA instead (Node: `ca:` option or NODE_EXTRA_CA_CERTS; Python: `verify="/path/ca.pem"`; Postgres: sslmode=verify-full with sslrootcert).',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const findings: FindingInput[] = code.hits.filter((h) => h.kind === 'tls-off').map(codeFinding);
    // In env files only production counts: a developer's .env pointing at a local self-signed proxy is their business.
    for (const f of filesOfTier(repo, 'production')) {
      for (const e of f.entries) {
        const off = envTurnsTlsOff(e);
        if (!off) continue;
        findings.push({
          title: `${f.path} turns TLS verification off (${e.key})`,
          detail: 'Set in a production env file, this switches certificate checks off for every connection the process makes.',
          evidence: [envEvidence(f, [e], `${f.path} is a production env file`)],
          reproduction: `grep -n '^${e.key}=' ${f.path}`,
          location: { path: f.path, line: e.line },
          identity: [f.path, e.key],
        });
      }
    }
    return findings.length
      ? { status: 'fail', findings }
      : { status: 'pass', reason: `no TLS verification switch in ${code.filesScanned} source files or the production env files` };
  },
});

function envTurnsTlsOff(e: EnvEntry): boolean {
  const v = e.value;
  if (v === undefined) return false;
  const key = e.key.toUpperCase();
  if (key === 'NODE_TLS_REJECT_UNAUTHORIZED') return v === '0';
  if (key === 'PGSSLMODE') return v === 'no-verify';
  if (key === 'PYTHONHTTPSVERIFY') return v === '0';
  if (key === 'NPM_CONFIG_STRICT_SSL') return e.hints?.falsy === true;
  if (key === 'GIT_SSL_NO_VERIFY' || key === 'CURL_INSECURE') return e.hints?.truthy === true;
  return /[?&]sslmode=no-verify\b/i.test(v);
}

function codeFinding(hit: CodeHit): FindingInput {
  const what = RULE_TEXT[hit.rule] ?? 'turns certificate verification off';
  return {
    title: `${hit.path} ${what}`,
    detail: 'Connections made with this setting accept any certificate, so a machine in the middle can read and change everything sent, including credentials.',
    evidence: [hitEvidence(hit, `${hit.path}:${hit.line} ${what}`)],
    reproduction: grepFor(hit),
    location: { path: hit.path, line: hit.line },
    identity: hitIdentity(hit),
  };
}
