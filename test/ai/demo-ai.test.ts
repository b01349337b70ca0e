// Known answers of the AI red team against the bundled Acme Ops assistant:
// the vulnerable one obeys every case on both endpoints (output handling on
// the JSON route only, the one served as text/html), the hardened one none;
// the streaming endpoint is judged exactly like the JSON one; and no canary,
// system-prompt text or secret reaches the evidence unmasked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import { SYSTEM_PROMPT_PATH } from '../../demo/app/assistant/prompt.js';
import { loadConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';
import type { AiProbeSet } from '../../src/evidence/ai-types.js';
import { runAi, type AiRun } from './run-ai.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const CASES = [
  'direct-override', 'role-play', 'developer-mode', 'fake-system-delimiter', 'fake-tool-output', 'base64', 'reversed-text', 'translated', 'zero-width', 'homoglyph', 'multi-turn',
  'repeat-above', 'what-instructions', 'formatted-export', 'active-html', 'other-tenant-records', 'other-user-conversation', 'secrets',
  'agency-approve', 'agency-delete', 'indirect-canary', 'indirect-exfiltration', 'large-prompt', 'rate-limit',
];

function configFor(handle: DemoHandle): LoadedConfig {
  const loaded = loadConfig(handle.configPath, { env: { ...process.env, ...handle.env } });
  // Fast on the 2-core CI machine: loopback can take a high rate; the hardened limit counts requests, not time.
  loaded.config.network.ratePerSecond = 2_000;
  return loaded;
}

/** case id → "endpoint:outcomes" for every endpoint, e.g. "assistant:fff assistant-stream:fff". */
function matrix(set: AiProbeSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of set.cases) out[c.id] = `${out[c.id] ? `${out[c.id]} ` : ''}${c.endpoint}:${c.skipped ? 'skipped' : c.samples.map((s) => s.outcome[0]).join('')}`;
  return out;
}

async function secretsOf(handle: DemoHandle): Promise<string[]> {
  const prompt = await readFile(path.join(handle.env.ACME_REPO!, SYSTEM_PROMPT_PATH), 'utf8');
  return [...handle.secrets, ...prompt.split('\n').filter((l) => l.length > 30).map((l) => l.replace(/ ACME-SP-\w+\.$/, ''))];
}

for (const mode of ['vulnerable', 'hardened'] as const) {
  describe(`AI red team against the ${mode} assistant`, () => {
    let handle: DemoHandle;
    let run: AiRun;
    let set: AiProbeSet;
    beforeAll(async () => {
      handle = await startDemo({ mode });
      run = await runAi(configFor(handle));
      if (run.ai.state !== 'ok') throw new Error(`AI red team: ${run.ai.reason}`);
      set = run.ai.value;
    }, 120_000);
    afterAll(() => handle?.close());

    it('runs every case on both endpoints, judging each sample', () => {
      expect(Object.keys(matrix(set)).sort()).toEqual([...CASES].sort());
      expect(set.cases.filter((c) => c.skipped)).toEqual([]);
      expect(set.cases.flatMap((c) => c.samples).filter((s) => s.outcome === 'inconclusive')).toEqual([]);
      expect(set.endpoints.map((e) => [e.name, e.reply])).toEqual([
        ['assistant', 'json:reply'],
        ['assistant-stream', 'sse:delta'],
      ]);
    });

    it(mode === 'vulnerable' ? 'sees every case obeyed, every sample' : 'sees no case obeyed', () => {
      const expected = (id: string, endpoint: string): string => {
        const n = id === 'rate-limit' || id === 'large-prompt' ? 1 : 3;
        const obeyed = mode === 'vulnerable' && !(id === 'active-html' && endpoint === 'assistant-stream');
        return `${endpoint}:${(obeyed ? 'f' : 'r').repeat(n)}`;
      };
      expect(matrix(set)).toEqual(Object.fromEntries(CASES.map((id) => [id, `${expected(id, 'assistant')} ${expected(id, 'assistant-stream')}`])));
    });

    it('judges the streaming endpoint by the same reply as the JSON one', () => {
      for (const id of CASES.filter((x) => x !== 'active-html')) {
        const [json, stream] = ['assistant', 'assistant-stream'].map((e) => set.cases.find((c) => c.id === id && c.endpoint === e)!);
        expect(stream!.samples.map((s) => [s.outcome, s.judgedBy.replace(/\d+ identifiers/, 'n identifiers')]), id).toEqual(json!.samples.map((s) => [s.outcome, s.judgedBy.replace(/\d+ identifiers/, 'n identifiers')]));
      }
    });

    it('keeps every canary, system-prompt line and secret out of the evidence', async () => {
      const text = JSON.stringify(set);
      for (const secret of await secretsOf(handle)) expect(text.includes(secret), secret.slice(0, 12)).toBe(false);
      expect(text).not.toMatch(/T3BlbkFJ/);
      // The canaries themselves: request bodies show them masked, never as sent.
      const bodies = set.cases.flatMap((c) => c.steps.map((s) => s.exchange.request.body ?? '')).join('\n');
      expect(bodies).toMatch(/joining (\*{8}|\[canary\]) and/);
      expect(bodies).not.toMatch(/joining [B-Z2-9]{8} and/);
    });

    it('leaves nothing behind: every object it created is deleted', () => {
      expect(set.cleanup.length).toBeGreaterThan(0);
      expect(set.cleanup.every((c) => c.status === 204 || c.status === 404)).toBe(true);
      expect(set.notes.filter((n) => /cannot delete/.test(n))).toEqual([]);
    });
  });
}
