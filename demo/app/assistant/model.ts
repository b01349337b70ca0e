// The chat-model interface the assistant is built on, shaped like an
// OpenAI-compatible chat completion with tools: messages in, either tool
// calls or a final text out. The demo ships a deterministic stand-in
// (stand-in.ts); ACME_LLM_URL swaps in a real model (openai-model.ts), and
// everything around the model (tools, privileges, fencing, filters, logs,
// limits) stays the same.

export interface ToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; name: string; content: string };

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelTurn {
  content: string;
  toolCalls: ToolCall[];
}

export interface ChatModel {
  readonly name: string;
  complete(messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Promise<ModelTurn>;
}

/** Thrown when a prompt is longer than the model accepts; the vulnerable app lets it become a 500. */
export class ContextLengthExceeded extends Error {
  constructor(readonly chars: number, readonly limit: number) {
    super(`context length exceeded: ${chars} characters, the model accepts ${limit}`);
  }
}
