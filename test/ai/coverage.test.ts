// AI features found, not assumed (issue 16 §4): found without an ai: section,
// the coverage block names them and the verdict cannot be ready from the
// first customers on; an app with no AI features is not asked for one.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { absentAi } from '../../src/evidence/gatherers/ai/index.js';
import { detectAiFeatures, describeAiFeatures, findAiImports } from '../../src/evidence/gatherers/ai/detect.js';
import { notTested, ok, type Evidence, type RunContext } from '../../src/evidence/types.js';
import { buildReport } from '../../src/report/build.js';

const ctx = (profile: RunContext['profile'], ai: NonNullable<RunContext['setup']>['ai']): RunContext => ({
  projectName: 'T',
  profile,
  productType: 'internal-tool',
  environment: 'production',
  setup: { roles: [], operations: false, domains: [], allowWrites: false, caFile: false, ai },
});

function report(c: RunContext, aiProbes: Evidence['aiProbes']) {
  const checks = runChecks(CHECKS.filter((x) => (x.meta.requires as readonly string[]).includes('aiProbes')), { aiProbes } as Evidence, c);
  return buildReport({ ctx: c, version: '0', checks, map: { domains: [], environments: [] }, ledger: [], notes: [] });
}

describe('AI features in the coverage block', () => {
  const found = 'src/assistant.js (openai), OPENAI_API_KEY, POST /api/chat';
  const none = notTested<never>('no ai: section in the config, so no assistant endpoint was probed');

  it('found and not configured: incomplete for first customers, naming where', () => {
    const r = report(ctx('first-customers', { configured: false, found }), none);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage.incompleteBecause).toContain(`AI features found in ${found} were not tested`);
    const fam = r.coverage.families.find((f) => f.family === 'AI features')!;
    expect(fam.required).toBe(true);
    expect(fam.gaps[0]?.unlock).toMatch(/ai\.endpoints/);
  });

  it('found and not configured in a prototype: said in the family, not blocking', () => {
    const r = report(ctx('prototype', { configured: false, found }), none);
    expect(r.verdict).toBe('ready');
    expect(r.coverage.families.find((f) => f.family === 'AI features')?.counts['not-tested']).toBe(7);
  });

  it('no AI features and no ai: section: the AI checks do not apply', () => {
    const r = report(ctx('scale', { configured: false }), ok(absentAi()));
    expect(r.verdict).toBe('ready');
    expect(r.checks.filter((c) => c.family === 'AI features').map((c) => c.status)).toEqual(Array(7).fill('not-applicable'));
  });
});

describe('finding AI features', () => {
  it('notices SDK imports in JavaScript, TypeScript and Python, and not look-alikes', () => {
    const js = ["import OpenAI from 'openai';", "const { Anthropic } = require('@anthropic-ai/sdk');", "import { generateText } from 'ai';", "import { x } from './ai';", "import openaiMock from 'openai-mock';"];
    expect(findAiImports('src/a.ts', js).map((s) => s.what)).toEqual(['openai', '@anthropic-ai/sdk', 'ai']);
    expect(findAiImports('app/llm.py', ['from openai import OpenAI', 'import anthropic', 'import openai_helpers', '# import openai']).map((s) => s.what)).toEqual(['openai', 'anthropic']);
  });

  it('reads model keys from env files, env reads and the secret scan, and AI-looking operations', () => {
    const repo = ok({
      root: '/r',
      isGit: true,
      files: [],
      envFiles: [{ path: '.env', tracked: true, ignored: false, entries: [{ key: 'ANTHROPIC_API_KEY', line: 1, masked: 'x', fingerprint: 'f', empty: false }, { key: 'OPENAI_API_KEY', line: 2, masked: '', fingerprint: 'g', empty: true }] }],
      code: { filesScanned: 1, bytesScanned: 1, envReads: [{ name: 'GROQ_API_KEY', path: 'src/x.ts', line: 3, syntax: 'process.env' as const, hasDefault: false }], hits: [], migrations: [], pipelines: [], skipped: [], truncated: false, aiImports: [] },
    });
    const spec = ok({
      source: '/abs/openapi.json',
      version: '3',
      operations: [
        { method: 'POST', path: '/api/chat', publicInSpec: false, hasJsonBody: true, expectationFrom: 'spec' as const },
        { method: 'POST', path: '/api/reports/summary', publicInSpec: false, hasJsonBody: true, expectationFrom: 'spec' as const },
        { method: 'POST', path: '/api/tickets/{id}/summarize', publicInSpec: false, hasJsonBody: true, expectationFrom: 'spec' as const },
      ],
    });
    const f = detectAiFeatures({ repo, secretScan: notTested('x'), openapi: spec, configured: false });
    expect(f.state === 'ok' && f.value.signals).toEqual([
      { kind: 'model-key', what: 'ANTHROPIC_API_KEY', where: '.env' },
      { kind: 'model-key', what: 'GROQ_API_KEY', where: 'src/x.ts:3' },
      { kind: 'operation', what: 'POST /api/chat', where: 'openapi.json' },
      { kind: 'operation', what: 'POST /api/tickets/{id}/summarize', where: 'openapi.json' },
    ]);
    expect(describeAiFeatures(f.state === 'ok' ? f.value.signals : [])).toBe('ANTHROPIC_API_KEY, GROQ_API_KEY, POST /api/chat, POST /api/tickets/{id}/summarize');
  });
});
