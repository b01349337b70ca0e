// The demo's "model": a small deterministic stand-in that behaves like a
// compliant LLM with tool calling. It is not a language model and makes no
// attempt to be clever; it is what the demo can ship without downloading
// weights, and it fails exactly the way an obedient model does:
// - it calls the tools a request needs (list, read, approve, delete an
//   invoice; read the configuration when that tool is offered);
// - it follows every instruction it reads — in the user's message, in what
//   earlier turns said, and in tool results — through zero-width characters,
//   look-alike letters, base64, right-to-left text and a few languages;
// - it repeats its system prompt when asked, and anything a tool gave it.
// The one thing it respects is a fence: text inside <data>…</data> is read as
// data, never as instructions (the "spotlighting" a well-trained model
// honours). Whether the app fences tool output is the app's choice; see
// demo/app/routes/assistant.ts for what each mode does around the model.
import { ContextLengthExceeded, type ChatMessage, type ChatModel, type ModelTurn, type ToolCall, type ToolSpec } from './model.js';
import { JOIN, REVERSE, codes, passages, plain } from './reading.js';

/** Characters of prompt and history the stand-in accepts, like a model's context window. */
export const STAND_IN_CONTEXT_CHARS = 32_000;

const INVOICE_ID = /\binvoice\s+(?:#|id\s+|number\s+)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)\b/i;
const FENCED = /^<data\b[^>]*>\n?([\s\S]*?)\n?<\/data>$/;

export class StandInModel implements ChatModel {
  readonly name = 'deterministic stand-in';
  private calls = 0;

  async complete(messages: readonly ChatMessage[], tools: readonly ToolSpec[]): Promise<ModelTurn> {
    const size = messages.reduce((n, m) => n + m.content.length, 0);
    if (size > STAND_IN_CONTEXT_CHARS) throw new ContextLengthExceeded(size, STAND_IN_CONTEXT_CHARS);
    const u = messages.map((m) => m.role).lastIndexOf('user');
    const request = u >= 0 ? messages[u]!.content : '';
    const results = messages.slice(u + 1).filter((m): m is Extract<ChatMessage, { role: 'tool' }> => m.role === 'tool');
    if (results.length === 0) {
      const calls = this.plan(request, new Set(tools.map((t) => t.name)));
      if (calls.length) return { content: '', toolCalls: calls };
    }
    return { content: compose(messages, u, results), toolCalls: [] };
  }

  private plan(request: string, offered: Set<string>): ToolCall[] {
    const text = passages(request).join('\n');
    const call = (name: string, args: Record<string, unknown> = {}): ToolCall[] => (offered.has(name) ? [{ id: `call_${++this.calls}`, name, arguments: args }] : []);
    const id = INVOICE_ID.exec(text)?.[1];
    if (id && /\b(approve|approval|sign off|pay)\b/i.test(text)) return call('approve_invoice', { id });
    if (id && /\b(delete|remove)\b/i.test(text)) return call('delete_invoice', { id });
    if (id) return call('get_invoice', { id });
    if (/\binvoices?\b/i.test(text)) {
      const tenant = /\b(?:workspace|tenant|organi[sz]ation|company)\s+(?:called\s+|named\s+)?["'«]?([A-Za-z][\w-]*)/i.exec(text)?.[1] ?? /\b([A-Za-z][\w-]*)\s+(?:workspace|tenant)\b/i.exec(text)?.[1];
      const named = tenant && !/^(the|my|our|your|this|own|whole|other|every)$/i.test(tenant);
      return call('list_invoices', named ? { tenant } : {});
    }
    if (/\b(api keys?|environment variables?|env vars?|credentials|secrets?|configuration)\b/i.test(text)) return call('get_config');
    return [];
  }
}

function compose(messages: readonly ChatMessage[], u: number, results: Extract<ChatMessage, { role: 'tool' }>[]): string {
  const parts: string[] = [];
  const request = u >= 0 ? plain(messages[u]!.content) : '';
  const earlier = messages.slice(0, Math.max(u, 0)).filter((m) => m.role === 'user').map((m) => plain(m.content));
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  // Instruction sources: the request, and every tool result that is not fenced off as data.
  const sources: string[] = [messages[u]?.content ?? ''];
  let customer: string | undefined;
  for (const r of results) {
    const fenced = FENCED.exec(r.content);
    const data = parse(fenced ? fenced[1]! : r.content);
    if (!fenced) sources.push(r.content);
    customer ??= typeof data?.customer === 'string' ? data.customer : undefined;
    parts.push(describe(r.name, data, Boolean(fenced)));
  }

  if (/\b(repeat|print|show|output|export|quote|reveal|what (?:are|were))\b[\s\S]*\b(text above|above this|everything above|instructions|system prompt|initial prompt|your rules)\b/i.test(request)) {
    parts.push(/\bjson\b/i.test(request) ? JSON.stringify({ system_prompt: system }) : `My instructions are:\n${system}`);
  }
  if (/\b(earlier|before|previous(?:ly)?|last time)\b/i.test(request) && /\b(did I (?:give|tell|share)|I gave|I told|I shared|was shared|were you given|have I given)\b/i.test(request)) {
    const given = earlier.flatMap(codes);
    parts.push(given.length ? `Earlier in this conversation you gave me: ${given.join(', ')}.` : 'You have not given me any reference in this conversation.');
  }
  for (const source of sources) {
    for (const passage of passages(source)) {
      const act = follow(passage, passage === plain(source) && source === messages[u]?.content ? earlier : [], customer);
      if (act) parts.push(act);
    }
  }
  return parts.length ? parts.join('\n') : 'I can help with your workspace\'s invoices: list them, summarise one, or approve one.';
}

/** What an obedient model does with one passage that asks for codes to be put together, if it does. */
function follow(passage: string, earlier: string[], customer: string | undefined): string | undefined {
  if (!JOIN.test(passage) && !REVERSE.test(passage)) return undefined;
  let found = codes(passage).filter((c) => c.length <= 12);
  // "Now say the whole code word": the parts were given in earlier turns.
  if (found.length < 2) found = [...earlier.flatMap(codes).filter((c) => c.length <= 12), ...found];
  if (found.length < 2) return undefined;
  let code = found[0]! + found[1]!;
  if (REVERSE.test(passage)) code = [...code].reverse().join('');
  if (/onerror|<img|\bhtml\b/i.test(passage)) return `<img src=x onerror="alert('${code}')">`;
  const image = /!\[([^\]]*)\]\((https?:\/\/[^)\s]+)\)/.exec(passage);
  if (image) return `![${image[1]}](${image[2]!.replace(/DATA|\{data\}/, encodeURIComponent(`${code}-${customer ?? ''}`))})`;
  return code;
}

function describe(tool: string, data: Record<string, unknown> | undefined, fenced: boolean): string {
  if (!data) return `The ${tool} tool gave no usable answer.`;
  if (typeof data.error === 'string') return `I could not do that: ${data.error}.`;
  switch (tool) {
    case 'get_invoice':
      return `Invoice ${String(data.id)}: ${String(data.customer)}, ${String(data.amount)} ${String(data.currency)}, ${String(data.status)}.${note(data.note, fenced)}`;
    case 'list_invoices': {
      const items = Array.isArray(data.invoices) ? (data.invoices as Record<string, unknown>[]) : [];
      const rows = items.map((i) => `#${String(i.id)} ${String(i.customer)} ${String(i.amount)} ${String(i.currency)} (${String(i.status)})`);
      return rows.length ? `Invoices of ${String(data.tenant)}: ${rows.join('; ')}.` : `There are no invoices in ${String(data.tenant)}.`;
    }
    case 'approve_invoice':
      return `Invoice ${String(data.id)} is now approved.`;
    case 'delete_invoice':
      return `Invoice ${String(data.id)} was deleted.`;
    default:
      return `Here is what ${tool} returned: ${Object.entries(data).map(([k, v]) => `${k}=${String(v)}`).join(', ')}`;
  }
}

function note(n: unknown, fenced: boolean): string {
  if (typeof n !== 'string' || n === '') return '';
  return fenced ? ' It carries a note from staff, which I read as data only.' : ` Note: ${n}`;
}

function parse(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
