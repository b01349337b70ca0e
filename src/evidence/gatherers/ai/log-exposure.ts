// Logs that expose prompts (issue 16 §3), for the audit's log sample and the
// monitor's log tailing alike (src/monitor/logs/flagger.ts calls this):
// - the system prompt: its canary, or a long run of its words, in any field;
// - a user's full prompt (a field named like a prompt or message content,
//   eight words or more, not the system's or the assistant's own turn) on a
//   line that also carries personal data (an email address);
// - a model provider's API key, by the secret engine's AI rules.
// Returns flags with masked values only; the flagger turns them into its own.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LaunchConfig } from '../../../config/schema.js';
import { SecretEngine } from '../../../secrets/engine.js';
import { fingerprintSecret, maskSecret } from '../../../secrets/mask.js';
import { AI_RULES } from '../../../secrets/rules/ai.js';
import { PromptOverlap } from './overlap.js';
import { normalise } from './text.js';

export type PromptFlagKind = 'system-prompt' | 'user-prompt' | 'model-key';
export const PROMPT_FLAG_KINDS: readonly PromptFlagKind[] = ['system-prompt', 'user-prompt', 'model-key'];

export interface PromptLogContext {
  canary?: string;
  overlap?: PromptOverlap;
}

export interface PromptFlag {
  kind: PromptFlagKind;
  /** Where in the line; array indices are left as numbers. */
  path: (string | number)[];
  masked: string;
  fingerprint: string;
}

const PROMPT_KEY = /^(prompt|prompts|input|inputs|question|query|content|text|message|messages|user_?message|userPrompt|user_prompt)$/i;
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/;
const MIN_PROMPT_WORDS = 8;
const MAX_DEPTH = 12;

let aiKeys: SecretEngine | undefined;

/** The prompt-exposure flags of one parsed log line. */
export function promptFlags(line: unknown, ctx: PromptLogContext | undefined): PromptFlag[] {
  const strings: { path: (string | number)[]; value: string; promptish: boolean; role?: string }[] = [];
  collect(line, [], strings, false, undefined);
  if (strings.length === 0) return [];
  const out: PromptFlag[] = [];
  const personal = strings.some((s) => EMAIL.test(s.value));
  aiKeys ??= new SecretEngine({ rules: AI_RULES });
  for (const s of strings) {
    for (const m of aiKeys.scan(s.value, 'log line')) out.push({ kind: 'model-key', path: s.path, masked: m.masked, fingerprint: m.fingerprint });
    const system = ctx && (mentions(s.value, ctx.canary) || (ctx.overlap !== undefined && !ctx.overlap.empty && ctx.overlap.find(s.value).longest > 0));
    if (system) out.push({ kind: 'system-prompt', path: s.path, masked: maskSecret(s.value), fingerprint: fingerprintSecret(s.value) });
    else if (personal && s.promptish && s.role !== 'system' && s.role !== 'assistant' && s.value.split(/\s+/).length >= MIN_PROMPT_WORDS) {
      out.push({ kind: 'user-prompt', path: s.path, masked: maskSecret(s.value), fingerprint: fingerprintSecret(s.value) });
    }
  }
  return out;
}

function mentions(text: string, canary: string | undefined): boolean {
  return canary !== undefined && canary.length >= 8 && normalise(text).includes(normalise(canary));
}

function collect(v: unknown, p: (string | number)[], out: { path: (string | number)[]; value: string; promptish: boolean; role?: string }[], promptish: boolean, role: string | undefined): void {
  if (p.length > MAX_DEPTH) return;
  if (typeof v === 'string') {
    if (v.length >= 8) out.push({ path: p, value: v, promptish, ...(role ? { role } : {}) });
    return;
  }
  if (Array.isArray(v)) {
    v.slice(0, 200).forEach((x, i) => collect(x, [...p, i], out, promptish, role));
    return;
  }
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    // A chat message ({ role, content }): its role decides whose words these are.
    const r = typeof o.role === 'string' ? o.role.toLowerCase() : role;
    for (const [k, x] of Object.entries(o)) if (k !== 'role') collect(x, [...p, k], out, promptish || PROMPT_KEY.test(k), r);
  }
}

/**
 * The context for a config: its system-prompt canary and file (read once; a
 * missing file leaves the canary alone). `resolve` turns a config-relative
 * path into an absolute one.
 */
export function promptLogContext(config: LaunchConfig, resolve: (p: string) => string): PromptLogContext | undefined {
  const ai = config.ai;
  if (!ai) return undefined;
  const ctx: PromptLogContext = {};
  if (ai.systemPromptCanary) ctx.canary = ai.systemPromptCanary;
  if (ai.systemPromptFile) {
    try {
      ctx.overlap = new PromptOverlap(readFileSync(resolve(path.join(config.repo.path, ai.systemPromptFile)), 'utf8'), ai.overlapWords);
    } catch {
      // Judged by the canary alone; the red team's notes say the file could not be read.
    }
  }
  return ctx;
}
