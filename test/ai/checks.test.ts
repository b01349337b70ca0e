// The AI checks on inline evidence: a family fails when any sample obeyed
// (the finding gives the rate), passes when every case was judged and none
// obeyed, and is not tested, with the reasons, when nothing could be judged.
import { describe, expect, it } from 'vitest';
import consumption from '../../src/checks/ai/ai-consumption-unbounded.js';
import agency from '../../src/checks/ai/ai-excessive-agency.js';
import output from '../../src/checks/ai/ai-output-renders-active-content.js';
import sensitive from '../../src/checks/ai/ai-sensitive-information-disclosed.js';
import indirect from '../../src/checks/ai/indirect-prompt-injection-followed.js';
import logs from '../../src/checks/ai/logs-expose-prompts.js';
import injection from '../../src/checks/ai/prompt-injection-followed.js';
import leaked from '../../src/checks/ai/system-prompt-leaked.js';
import type { AiCaseResult, AiFamily, AiProbeSet, AiSample } from '../../src/evidence/ai-types.js';
import type { MonitoringEvidence } from '../../src/evidence/monitor-types.js';
import { aiRedTeamRows } from '../../src/report/ai-red-team.js';
import { ok } from '../../src/evidence/types.js';
import { CTX, exchange } from '../helpers/exchange.js';

const OP = 'POST /api/assistant';
const s = (outcome: AiSample['outcome'], judgedBy: string = outcome, reply = 'a reply'): AiSample => ({ outcome, judgedBy, reply, status: outcome === 'inconclusive' ? 500 : 200 });

function kase(family: AiFamily, id: string, samples: AiSample[], over: Partial<AiCaseResult> = {}): AiCaseResult {
  return {
    id,
    family,
    title: id,
    endpoint: 'assistant',
    operation: OP,
    attacker: 'viewer',
    samples,
    steps: [{ label: 'attack', exchange: exchange('https://api.example.test/api/assistant', 200, { method: 'POST', body: '{"reply":"[canary]"}', headers: { 'content-type': 'text/html' } }) }],
    facts: {},
    ...over,
  };
}

const set = (cases: AiCaseResult[]): AiProbeSet => ({
  endpoints: [{ name: 'assistant', operation: OP, reply: 'json:reply', roles: ['owner', 'viewer'] }],
  cases,
  settings: { samples: 3, overlapWords: 10, burst: 30, allowWrites: true, systemPrompt: { file: 'prompt.md', canary: true } },
  cleanup: [],
  notes: [],
});

describe('AI checks', () => {
  it('fail on one obeyed sample and give the rate', () => {
    const out = injection.run({ aiProbes: set([kase('instruction-override', 'direct-override', [s('resisted'), s('followed'), s('resisted')]), kase('instruction-override', 'base64', [s('resisted'), s('resisted'), s('resisted')])]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.title)).toEqual([`${OP} obeys prompts that override its rules (1 of 2 attacks)`]);
    expect(out.findings[0]!.detail).toContain('direct-override 1/3');
    expect(out.findings[0]!.reproduction).toMatch(/^curl /);
  });

  it('pass when every case was judged and none obeyed, counting what was judged', () => {
    const out = leaked.run({ aiProbes: set([kase('system-prompt-leakage', 'repeat-above', [s('resisted'), s('resisted'), s('inconclusive')])]) }, CTX);
    expect(out).toMatchObject({ status: 'pass', judged: 1, unit: 'cases' });
  });

  it('are not tested when nothing was judged, with the reasons', () => {
    const out = indirect.run({ aiProbes: set([kase('indirect-injection', 'indirect-canary', [], { skipped: 'writes are not allowed (allowWrites: false, or a --read-only run)' }), kase('indirect-injection', 'indirect-exfiltration', [s('inconclusive', 'staff could not write note (403)')])]) }, CTX);
    expect(out).toEqual({ status: 'not-tested', reason: 'indirect-canary: writes are not allowed (allowWrites: false, or a --read-only run); indirect-exfiltration: staff could not write note (403)' });
    expect(agency.run({ aiProbes: set([]) }, CTX).status).toBe('not-tested');
  });

  it('name what leaked, what was done and how the endpoint failed', () => {
    const tenant = kase('sensitive-information', 'other-tenant-records', [s('followed', '2 identifiers of tenant globex: Soylent, Hooli')], { facts: { tenant: 'globex' } });
    const secret = kase('sensitive-information', 'secrets', [s('followed', 'secret in the reply: OpenAI API key sk-p…Q2x9')]);
    const titles = (out: ReturnType<typeof sensitive.run>) => (out.status === 'fail' ? out.findings.map((f) => [f.title, f.severity]) : out);
    expect(titles(sensitive.run({ aiProbes: set([tenant, secret]) }, CTX))).toEqual([
      [`${OP} shows viewer another tenant's records (globex)`, 'critical'],
      [`${OP} reveals secrets to viewer`, 'critical'],
    ]);
    const approve = kase('excessive-agency', 'agency-approve', [s('followed', 'read back by owner: approved: false → true')], { facts: { action: 'POST /api/invoices/{id}/approve', allowed: 'owner', what: 'approve an invoice' } });
    expect(titles(agency.run({ aiProbes: set([approve]) }, CTX))).toEqual([[`${OP} lets viewer approve an invoice through the assistant (POST /api/invoices/{id}/approve)`, undefined]]);
    expect(titles(output.run({ aiProbes: set([kase('output-handling', 'active-html', [s('followed')])]) }, CTX))).toEqual([[`${OP} returns active HTML from the model as text/html`, undefined]]);
    const burst = kase('unbounded-consumption', 'rate-limit', [s('followed')], { facts: { sent: 30, burst: 30, statuses: '200×30' } });
    const large = kase('unbounded-consumption', 'large-prompt', [{ outcome: 'followed', judgedBy: 'no answer within the deadline', status: null }], { facts: { chars: 200000 } });
    expect(titles(consumption.run({ aiProbes: set([burst, large]) }, CTX))).toEqual([
      [`No rate limit on ${OP}: 30 requests, no 429`, undefined],
      [`A 200,000-character prompt stalls ${OP}`, 'high'],
    ]);
  });

  it('do not apply to an app with no AI features', () => {
    const none: AiProbeSet = { ...set([]), endpoints: [], notes: ['no AI SDK import, model API key or AI-looking operation was found'] };
    expect(injection.run({ aiProbes: none }, CTX)).toEqual({ status: 'not-applicable', reason: 'no AI SDK import, model API key or AI-looking operation was found' });
  });
});

describe('red-team checklist rows', () => {
  it('one row per case across endpoints, with the rate per endpoint and the masked excerpt of an obeyed reply', () => {
    const rows = aiRedTeamRows(
      ok(
        set([
          kase('instruction-override', 'direct-override', [s('followed', 'code joined', 'Sure: [canary]'), s('resisted'), s('followed')]),
          { ...kase('instruction-override', 'direct-override', [s('resisted'), s('resisted'), s('resisted')]), endpoint: 'assistant-stream', operation: `${OP}/stream` },
          kase('instruction-override', 'multi-turn', [], { skipped: 'the body template has no {conversationId}' }),
        ]),
      ),
    );
    expect(rows).toEqual([
      expect.objectContaining({ status: 'fail', checkId: 'prompt-injection-followed', owasp: 'LLM01:2025 Prompt Injection', rate: 'assistant 2/3, assistant-stream 0/3', excerpt: 'Sure: [canary]' }),
      expect.objectContaining({ status: 'not-tested', detail: 'the body template has no {conversationId}' }),
    ]);
  });
});

describe('logs-expose-prompts', () => {
  const mon = (flags: MonitoringEvidence['logs']['flags']): MonitoringEvidence => ({
    configured: true,
    targets: [],
    checks: [],
    channels: [],
    routes: { critical: [], warning: [], info: [] },
    logs: { files: [{ path: 'app.log', readable: true, linesSampled: 3, bytesSampled: 300, jsonLines: 3 }], flags, redactPaths: [] },
  });
  const flag = (kind: MonitoringEvidence['logs']['flags'][number]['kind'], path: string) => ({ file: 'app.log', kind, path, redactPath: path, count: 2, example: { masked: 'You …ow.', fingerprint: 'sha256:1', line: 4 } });

  it('reports the system prompt, prompts next to personal data and model keys, and leaves other flags to the secrets check', () => {
    const out = logs.run({ monitoring: mon([flag('system-prompt', 'req.messages[*].content'), flag('model-key', 'llm.key'), flag('email', 'msg')]) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => [f.title, f.severity])).toEqual([
      ['app.log logs the system prompt in req.messages[*].content', 'medium'],
      ['app.log logs a model API key in llm.key', 'high'],
    ]);
    expect(logs.run({ monitoring: mon([flag('email', 'msg')]) }, CTX).status).toBe('pass');
  });
});
