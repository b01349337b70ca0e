// Logs travel further than anything else an app writes: to log services,
// support tools, screenshots in tickets. A password, token or Authorization
// header written there is a leaked credential with a long retention period.
import type { CodeHit } from '../../evidence/hygiene-types.js';
import type { Severity } from '../../report/model.js';
import { codeOf, grepFor, hitEvidence, hitIdentity, isOutcome } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const RULE_TEXT: Record<string, { what: string; severity: Severity }> = {
  'request-headers': { what: 'logs whole request headers (Authorization and cookies included)', severity: 'high' },
  'environment-dump': { what: 'logs the whole environment (every secret the process has)', severity: 'high' },
  'authorization-header': { what: 'logs an Authorization header or bearer token', severity: 'high' },
  password: { what: 'logs a password', severity: 'high' },
  secret: { what: 'logs a secret', severity: 'high' },
  'api-key': { what: 'logs an API or private key', severity: 'high' },
  token: { what: 'logs a token', severity: 'medium' },
  cookie: { what: 'logs cookies or a session id', severity: 'medium' },
};

export default defineCheck({
  meta: {
    id: 'secrets-written-to-logs',
    stage: 4,
    title: 'Logging calls do not write credentials',
    failureTitle: 'Logging calls write passwords, tokens or authorization headers',
    severity: 'high',
    minimumBar: 'Logs carry no secrets or personal data.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Log identifiers, not credentials: drop the value or log a masked form, and configure the logger to redact `authorization`, `cookie`, `password` and `token` fields (pino `redact`, winston format) so a future call cannot leak them.',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const findings = code.hits.filter((h) => h.kind === 'secret-logged').map(codeFinding);
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `no logging call writes a credential in ${code.filesScanned} source files` };
  },
});

function codeFinding(hit: CodeHit): FindingInput {
  const r = RULE_TEXT[hit.rule] ?? { what: 'logs a credential', severity: 'medium' as const };
  return {
    title: `${hit.path} ${r.what}`,
    severity: r.severity,
    detail: 'Everything written to logs ends up in log storage, log services and support tickets, kept for months and readable by far more people than the credential was meant for.',
    evidence: [hitEvidence(hit, `${hit.path}:${hit.line} ${r.what}`)],
    reproduction: grepFor(hit),
    location: { path: hit.path, line: hit.line },
    identity: hitIdentity(hit),
  };
}
