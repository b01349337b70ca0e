// Logs are copied to more places (log shippers, support tools, laptops) and
// kept longer than the database, and are rarely access-controlled as
// carefully. A password, token, session cookie or card number in them is a
// breach waiting for a log export; emails are personal data under GDPR.
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';
import { PROMPT_FLAG_KINDS } from '../../evidence/gatherers/ai/log-exposure.js';

const SEVERITY: Record<string, Severity> = {
  password: 'high',
  token: 'high',
  authorization: 'high',
  cookie: 'high',
  secret: 'high',
  card: 'high',
  email: 'medium',
};
const WHAT: Record<string, string> = {
  password: 'a password',
  token: 'a token',
  authorization: 'an Authorization header (a live credential)',
  cookie: 'a session cookie',
  secret: 'an API key or secret',
  card: 'a card number (passes the Luhn check)',
  email: 'an email address (personal data)',
};

export default defineCheck({
  meta: {
    id: 'logs-contain-secrets-or-personal-data',
    stage: 5,
    title: 'Logs carry no secrets or personal data',
    failureTitle: 'Logs contain secrets or personal data',
    severity: 'high',
    minimumBar: 'Auth failures are logged without passwords or tokens; logs carry no secrets or personal data.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      "Redact at the logger: with pino, pass `redact: { paths: [...], censor: '[Redacted]' }` listing every flagged path, then rotate any credential that was logged.",
    requires: ['monitoring'],
  },
  run({ monitoring }) {
    const { files, redactPaths } = monitoring.logs;
    // Prompts, system-prompt text and model keys are logs-expose-prompts' findings.
    const flags = monitoring.logs.flags.filter((f) => !(PROMPT_FLAG_KINDS as readonly string[]).includes(f.kind));
    if (files.length === 0) return { status: 'not-tested', reason: 'no log files configured under monitor.logs; add the app log (JSON lines) to have it checked' };
    const readable = files.filter((f) => f.readable);
    if (readable.length === 0) return { status: 'error', reason: `no configured log file could be read: ${files.map((f) => `${f.path} (${f.error})`).join('; ')}` };
    if (readable.every((f) => f.jsonLines === 0)) {
      return { status: 'not-tested', reason: `no JSON log lines in ${readable.map((f) => f.path).join(', ')}; only structured (JSON-lines) logs are checked` };
    }
    if (flags.length === 0) {
      const n = readable.reduce((a, f) => a + f.jsonLines, 0);
      return { status: 'pass', reason: `${n} JSON log lines sampled from ${readable.length} file(s)` };
    }
    const pinoHint = redactPaths.length ? `\n\nWith pino: pino({ redact: { paths: ${JSON.stringify(redactPaths)}, censor: '[Redacted]' } })` : '';
    const findings: FindingInput[] = flags.map((f) => ({
      title: `${f.file} logs ${WHAT[f.kind] ?? f.kind} in ${f.path}`,
      detail: `${f.count} sampled line(s) carry ${WHAT[f.kind] ?? f.kind} in the field ${f.path}. Anyone with access to the logs (or to wherever they are shipped) can read it.`,
      severity: SEVERITY[f.kind] ?? 'medium',
      evidence: [
        {
          kind: 'file',
          summary: `${f.file}${f.example.line ? `:${f.example.line}` : ''}: ${f.path} = ${f.example.masked} (${f.example.fingerprint})`,
        },
      ],
      location: { path: f.file, line: f.example.line },
      identity: [f.file, f.kind, f.path],
      remediation:
        f.path === 'msg' || f.path === 'message'
          ? `Stop interpolating ${f.kind === 'email' ? 'email addresses' : 'this value'} into log messages; log a user id instead.${pinoHint}`
          : `Redact ${f.redactPath} at the logger${f.kind !== 'email' ? ' and rotate the exposed credentials' : ''}.${pinoHint}`,
    }));
    return { status: 'fail', findings };
  },
});
