// Logs that expose prompts (stage 6, issue 16): the app log carries the
// system prompt (its canary, or a long run of its words), users' full
// prompts on a line with their personal data, or the model provider's key.
// Read from the audit's log sample (src/evidence/gatherers/monitoring.ts);
// `launchready monitor` flags the same lines as it tails them.
import type { Severity } from '../../report/model.js';
import { PROMPT_FLAG_KINDS, type PromptFlagKind } from '../../evidence/gatherers/ai/log-exposure.js';
import { defineCheck, type FindingInput } from '../types.js';

const WHAT: Record<PromptFlagKind, { what: string; severity: Severity; why: string; fix: string }> = {
  'system-prompt': {
    what: 'the system prompt',
    severity: 'medium',
    why: 'Whoever reads the logs reads the hidden instructions (and anything placed in them), which the assistant itself is told never to reveal.',
    fix: 'Log a prompt version or hash, never the prompt text.',
  },
  'user-prompt': {
    what: "users' full prompts next to their personal data",
    severity: 'medium',
    why: 'People paste customer details, contracts and passwords into assistants; with the user\'s email on the same line, the log is a searchable record of who asked what.',
    fix: 'Log a conversation id and sizes; if prompts must be kept, store them apart from identities, with access control and a retention limit.',
  },
  'model-key': {
    what: 'a model API key',
    severity: 'high',
    why: 'A model key in a log is spent by whoever finds it: model bills run to thousands within hours.',
    fix: 'Never log request options or headers of the model client; redact the key at the logger and rotate it now.',
  },
};

export default defineCheck({
  meta: {
    id: 'logs-expose-prompts',
    stage: 6,
    title: 'Logs keep prompts, the system prompt and model keys out',
    failureTitle: 'Logs expose prompts, the system prompt or model keys',
    severity: 'high',
    minimumBar: 'Logs do not expose internal prompts or hidden system instructions.',
    owasp: 'LLM02:2025 Sensitive Information Disclosure',
    remediation: 'Log ids and sizes of AI requests, not their text; redact model keys at the logger; rotate any key that was logged.',
    requires: ['monitoring'],
  },
  run({ monitoring }) {
    const { files, flags } = monitoring.logs;
    if (files.length === 0) return { status: 'not-tested', reason: 'no log files configured under monitor.logs' };
    const readable = files.filter((f) => f.readable);
    if (readable.length === 0) return { status: 'error', reason: `no configured log file could be read: ${files.map((f) => `${f.path} (${f.error})`).join('; ')}` };
    if (readable.every((f) => f.jsonLines === 0)) return { status: 'not-tested', reason: `no JSON log lines in ${readable.map((f) => f.path).join(', ')}; only structured (JSON-lines) logs are checked` };
    const mine = flags.filter((f): f is typeof f & { kind: PromptFlagKind } => (PROMPT_FLAG_KINDS as readonly string[]).includes(f.kind));
    if (mine.length === 0) {
      const n = readable.reduce((a, f) => a + f.jsonLines, 0);
      return { status: 'pass', reason: `${n} JSON log lines sampled; no system prompt, prompt next to personal data, or model key` };
    }
    const findings: FindingInput[] = mine.map((f) => {
      const w = WHAT[f.kind];
      return {
        title: `${f.file} logs ${w.what} in ${f.path}`,
        detail: `${f.count} sampled line(s) carry ${w.what} in ${f.path}. ${w.why}`,
        severity: w.severity,
        evidence: [{ kind: 'file', summary: `${f.file}${f.example.line ? `:${f.example.line}` : ''}: ${f.path} = ${f.example.masked} (${f.example.fingerprint})` }],
        location: { path: f.file, line: f.example.line },
        identity: [f.file, f.kind, f.path],
        remediation: `${w.fix} With pino: redact: { paths: ['${f.redactPath}'] }.`,
      };
    });
    return { status: 'fail', findings };
  },
});
