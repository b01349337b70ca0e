// Sends one prompt to one assistant endpoint as one role, and reads the
// reply in whatever shape the endpoint answers (reply.ts). Goes through the
// access probes' RoleCaller, so budget, ledger, session renewal and the
// credential rules apply as to every other probe.
import type { AiEndpointConfig, AiReplyConfig } from '../../../config/ai-schema.js';
import type { RoleCaller } from '../../../probe/role-caller.js';
import type { HttpExchange } from '../../types.js';
import { extractReply, streamDone } from './reply.js';

export interface AiEndpoint {
  name: string;
  method: string;
  path: string;
  url: string;
  template: Record<string, unknown>;
  reply: AiReplyConfig;
  /** Roles that may use it and signed in. */
  roles: string[];
  /** The body template has a {conversationId} to fill. */
  conversations: boolean;
}

export interface AiAnswer {
  exchange: HttpExchange;
  /** Raw body, in memory only. */
  raw: string;
  status: number | null;
  headers: Record<string, string>;
  /** The reply text, when the answer held one. */
  reply?: string;
  /** Why there is no reply text (network error, no text at the path…). */
  problem?: string;
}

const PROMPT = '{prompt}';
const CONVERSATION = '{conversationId}';

export function endpointFrom(cfg: AiEndpointConfig, apiUrl: string, roles: string[]): AiEndpoint {
  const [method = 'POST', path = '/'] = cfg.operation.trim().split(/\s+/);
  const template = cfg.body ?? { prompt: PROMPT };
  return {
    name: cfg.name ?? `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    url: apiUrl.replace(/\/+$/, '') + path,
    template,
    reply: cfg.reply,
    roles,
    conversations: JSON.stringify(template).includes(CONVERSATION),
  };
}

/** The template with {prompt} and {conversationId} filled in every string (JSON escaping is JSON.stringify's). */
export function fillBody(template: unknown, prompt: string, conversationId: string | undefined): unknown {
  if (typeof template === 'string') {
    if (template === CONVERSATION && conversationId === undefined) return undefined;
    return template.split(PROMPT).join(prompt).split(CONVERSATION).join(conversationId ?? '');
  }
  if (Array.isArray(template)) return template.map((t) => fillBody(t, prompt, conversationId));
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      const filled = fillBody(v, prompt, conversationId);
      if (filled !== undefined) out[k] = filled;
    }
    return out;
  }
  return template;
}

export async function ask(
  caller: RoleCaller,
  ep: AiEndpoint,
  role: string,
  prompt: string,
  opts: { conversationId?: string; purpose: string },
): Promise<AiAnswer> {
  const body = JSON.stringify(fillBody(ep.template, prompt, opts.conversationId));
  const stream = ep.reply.format === 'sse' || ep.reply.format === 'ndjson';
  const res = await caller.call(role, {
    method: ep.method,
    url: ep.url,
    headers: { 'content-type': 'application/json', accept: stream ? 'text/event-stream, application/x-ndjson, application/json' : 'application/json' },
    body,
    purpose: opts.purpose,
    // A configured assistant endpoint is a request the user asked for by name, like the login: the
    // cases that change data or load the endpoint check allowWrites themselves before they run.
    declaredAuthFlow: true,
    ...(stream ? { stopWhen: (received: string) => streamDone(received, ep.reply.format) } : {}),
  });
  const ex = res.exchange;
  const status = ex.response?.status ?? null;
  const headers = ex.response?.headers ?? {};
  if (ex.error || status === null) return { exchange: ex, raw: res.body, status, headers, problem: ex.error ?? 'no answer' };
  if (status < 200 || status >= 300) return { exchange: ex, raw: res.body, status, headers, problem: `answered ${status}` };
  const r = extractReply(res.body, ep.reply);
  return r.ok ? { exchange: ex, raw: res.body, status, headers, reply: r.text } : { exchange: ex, raw: res.body, status, headers, problem: r.reason };
}
