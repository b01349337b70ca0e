// A real model instead of the stand-in: any OpenAI-compatible chat
// completions endpoint (OpenAI, a local llama.cpp or vLLM server, a gateway)
// named by ACME_LLM_URL, e.g. http://127.0.0.1:8080/v1/chat/completions.
// ACME_LLM_API_KEY and ACME_LLM_MODEL are optional. The demo never calls it
// unless the variable is set; tests and `launchready demo` use the stand-in.
import type { ChatMessage, ChatModel, ModelTurn, ToolSpec } from './model.js';

interface WireToolCall {
  id: string;
  function: { name: string; arguments: string };
}

export class OpenAiCompatibleModel implements ChatModel {
  readonly name: string;

  constructor(
    private readonly url: string,
    private readonly apiKey: string | undefined,
    private readonly model: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.name = `${model} at ${new URL(url).host}`;
  }

  async complete(messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Promise<ModelTurn> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) },
      body: JSON.stringify({
        model: this.model,
        temperature: 0,
        messages: messages.map(toWire),
        ...(tools.length ? { tools: tools.map((t) => ({ type: 'function', function: t })) } : {}),
      }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`model endpoint answered ${res.status}`);
    const json = (await res.json()) as { choices?: { message?: { content?: string | null; tool_calls?: WireToolCall[] } }[] };
    const msg = json.choices?.[0]?.message;
    return {
      content: msg?.content ?? '',
      toolCalls: (msg?.tool_calls ?? []).map((c) => ({ id: c.id, name: c.function.name, arguments: parseArgs(c.function.arguments) })),
    };
  }
}

function toWire(m: ChatMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant',
      content: m.content || null,
      tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
    };
  }
  return { role: m.role, content: m.content };
}

function parseArgs(s: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
