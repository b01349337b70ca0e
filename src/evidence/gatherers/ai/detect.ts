// AI features found, not assumed (issue 16 §4): an app that calls a model
// shows it in its code (an AI SDK imported), its configuration (a model
// provider's API key) or its API (operations named chat, assistant,
// completion, summarise…). Found without an `ai:` section, they mean the
// assistant was never red-teamed, and the report must say so.
import type { SecretScanEvidence } from '../../secret-scan-types.js';
import type { AiFeatureEvidence, AiFeatureSignal } from '../../ai-types.js';
import type { ApiSpec, Gathered, RepoEvidence } from '../../types.js';
import { ok } from '../../types.js';

/** Packages that call a model: JavaScript/TypeScript and Python SDKs and frameworks. */
const SDKS = [
  'openai', '@anthropic-ai/sdk', '@google/generative-ai', '@google/genai', '@google-cloud/vertexai', 'ai', '@ai-sdk/openai', '@ai-sdk/anthropic',
  '@ai-sdk/google', '@mistralai/mistralai', 'cohere-ai', 'groq-sdk', 'replicate', '@huggingface/inference', 'ollama', 'langchain',
  '@langchain/core', '@langchain/openai', '@langchain/anthropic', 'llamaindex', '@aws-sdk/client-bedrock-runtime', '@azure/openai',
];
const PY_SDKS = ['openai', 'anthropic', 'google.generativeai', 'google.genai', 'vertexai', 'mistralai', 'cohere', 'groq', 'replicate', 'huggingface_hub', 'transformers', 'ollama', 'langchain', 'langchain_openai', 'llama_index', 'litellm'];

const JS_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)["']([@\w./-]+)["']/g;
const PY_IMPORT = /^\s*(?:from\s+([\w.]+)\s+import\b|import\s+([\w.]+))/;

/** Imports of an AI SDK in one source file's lines. */
export function findAiImports(path: string, lines: readonly string[]): AiFeatureSignal[] {
  const out: AiFeatureSignal[] = [];
  const py = /\.py$/.test(path);
  lines.forEach((line, i) => {
    if (line.length > 2_000) return;
    if (py) {
      const m = PY_IMPORT.exec(line);
      const mod = m?.[1] ?? m?.[2];
      if (mod && PY_SDKS.some((s) => mod === s || mod.startsWith(`${s}.`))) out.push({ kind: 'sdk-import', what: mod.split('.')[0]!, where: `${path}:${i + 1}` });
      return;
    }
    if (!/import|require/.test(line)) return;
    for (const m of line.matchAll(JS_IMPORT)) {
      const mod = m[1]!;
      const pkg = mod.startsWith('@') ? mod.split('/').slice(0, 2).join('/') : mod.split('/')[0]!;
      if (SDKS.includes(pkg)) out.push({ kind: 'sdk-import', what: pkg, where: `${path}:${i + 1}` });
    }
  });
  return out;
}

/** Env variable names that hold a model provider's key. */
export const MODEL_KEY_NAME =
  /^(OPENAI|AZURE_OPENAI|ANTHROPIC|CLAUDE|GEMINI|GOOGLE_(?:GENAI|AI|GENERATIVE_AI)|VERTEX(?:_AI)?|MISTRAL|COHERE|CO|GROQ|HF|HUGGING_?FACE(?:_HUB)?|REPLICATE|TOGETHER|PERPLEXITY|DEEPSEEK|XAI|FIREWORKS|OPENROUTER|VOYAGE|LLM)_(?:API_)?(?:KEY|TOKEN)$/;

/** Operations whose path or id says a model answers them. */
const AI_SEGMENT = /^(chat|chats|assistant|assistants|copilot|completion|completions|summari[sz]e|summary-ai|summari[sz]ation|llm|ai|prompt|prompts|agent-chat|ask-ai)$/i;
const AI_OPERATION_ID = /chat|assistant|copilot|completion|summari[sz]e|llm|prompt/i;

export function aiOperations(spec: ApiSpec): AiFeatureSignal[] {
  return spec.operations
    .filter((o) => o.path.split('/').some((seg) => AI_SEGMENT.test(seg)) || (o.operationId !== undefined && AI_OPERATION_ID.test(o.operationId)))
    .map((o) => ({ kind: 'operation' as const, what: `${o.method} ${o.path}`, where: spec.source.split(/[\\/]/).pop() ?? spec.source }));
}

export function detectAiFeatures(input: {
  repo: Gathered<RepoEvidence>;
  secretScan: Gathered<SecretScanEvidence>;
  openapi: Gathered<ApiSpec>;
  configured: boolean;
}): Gathered<AiFeatureEvidence> {
  const signals: AiFeatureSignal[] = [];
  if (input.repo.state === 'ok') {
    const repo = input.repo.value;
    signals.push(...(repo.code?.aiImports ?? []));
    for (const f of repo.envFiles) {
      for (const e of f.entries) if (!e.empty && MODEL_KEY_NAME.test(e.key)) signals.push({ kind: 'model-key', what: e.key, where: f.path });
    }
    for (const r of repo.code?.envReads ?? []) if (MODEL_KEY_NAME.test(r.name)) signals.push({ kind: 'model-key', what: r.name, where: `${r.path}:${r.line}` });
  }
  if (input.secretScan.state === 'ok') {
    const s = input.secretScan.value;
    const sources = [s.tree, s.history, s.bundles].flatMap((g) => (g.state === 'ok' ? g.value.findings : []));
    for (const f of sources) if (f.category === 'ai') signals.push({ kind: 'model-key', what: f.description, where: f.path });
  }
  if (input.openapi.state === 'ok') signals.push(...aiOperations(input.openapi.value));
  const seen = new Set<string>();
  const unique = signals.filter((s) => {
    const k = `${s.kind}\u0000${s.what}\u0000${s.where}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  return ok({ signals: unique, configured: input.configured });
}

/** "src/assistant/index.js (openai), OPENAI_API_KEY, POST /api/assistant": where the AI features are, for notes and coverage. */
export function describeAiFeatures(signals: readonly AiFeatureSignal[], max = 4): string {
  const parts: string[] = [];
  const imports = signals.filter((s) => s.kind === 'sdk-import');
  for (const file of [...new Set(imports.map((s) => s.where.replace(/:\d+$/, '')))]) {
    parts.push(`${file} (${[...new Set(imports.filter((s) => s.where.startsWith(`${file}:`)).map((s) => s.what))].join(', ')})`);
  }
  parts.push(...new Set(signals.filter((s) => s.kind === 'model-key').map((s) => s.what)));
  parts.push(...new Set(signals.filter((s) => s.kind === 'operation').map((s) => s.what)));
  return parts.length <= max ? parts.join(', ') : `${parts.slice(0, max).join(', ')} and ${parts.length - max} more`;
}
