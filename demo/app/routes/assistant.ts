// The assistant: POST /api/assistant answers JSON ({ reply, conversationId }),
// POST /api/assistant/stream the same reply as server-sent events
// (`data: {"delta": …}` pieces, then `data: [DONE]`). Both take
// { prompt, conversationId? } and run the same agent loop: the model may
// call tools, their results go back to it, and its last text is the reply.
//
// Vulnerable: tools run with the app's privileges (any tenant, any role);
// tool results reach the model as plain text, so instructions in an invoice
// note are followed; the reply goes out unfiltered (system prompt, outside
// images and links, active HTML), as `text/html` on the JSON route
// (res.send of a string); conversations are found by id alone, so anyone
// holding an id reads that conversation; whole prompts (system prompt
// included), the caller's email and the model key are logged; no rate limit;
// a prompt longer than the model's context crashes the handler (500).
// Hardened: tools run as the caller; tool results are fenced as data; an
// input guard refuses attempts to override the rules; the output filter
// withholds the system prompt and its marker, strips outside links and
// neutralises active HTML; conversations belong to their user; the log keeps
// ids and sizes only; prompts are capped (4,000 characters); and each user
// has a budget of ASSISTANT_REQUESTS_PER_HOUR requests per endpoint.
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.js';
import { overrideAttempt, filterReply } from '../assistant/guard.js';
import type { ChatMessage, ChatModel } from '../assistant/model.js';
import { toolsFor } from '../assistant/tools.js';
import { authenticate, caller } from '../middleware/auth.js';
import { FixedWindowLimiter, tooManyRequests } from '../middleware/rate-limit.js';
import type { UserRecord } from '../model.js';
import { looseBody, parseBody } from '../validate.js';

export interface AssistantSetup {
  model: ChatModel;
  systemPrompt: string;
  /** The marker inside the system prompt. */
  canary: string;
  /** The model provider key the deployment holds (the vulnerable debug tool and log expose it). */
  apiKey?: string;
}

/**
 * Requests per user and endpoint per hour in the hardened mode. An ordinary
 * user's hour stays well below it; launchready's red team sends about 70
 * requests per endpoint as its busiest role and then a burst of 30, which
 * crosses it (demo/launchready.yml: ai.rateLimitBurst).
 */
export const ASSISTANT_REQUESTS_PER_HOUR = 90;
export const PROMPT_MAX = 4_000;
const MAX_ROUNDS = 4;
const HISTORY = 20;
const PIECE = 12;

const BODY = {
  prompt: { kind: 'string', min: 1, max: PROMPT_MAX },
  conversationId: { kind: 'string', min: 1, max: 100, optional: true },
} as const;

export function assistantRouter(cx: AppContext, setup: AssistantSetup): Router {
  const router = Router();
  const conversations = new Map<string, ChatMessage[]>();
  const limiter = new FixedWindowLimiter(ASSISTANT_REQUESTS_PER_HOUR, 60 * 60_000);
  const config = { model: setup.model.name, OPENAI_API_KEY: setup.apiKey ?? '(none)' };

  const answer = async (user: UserRecord, prompt: string, conversationId: string, origin: string): Promise<string> => {
    const key = cx.hardened ? `${user.id}\n${conversationId}` : conversationId;
    const history = conversations.get(key) ?? [];
    const messages: ChatMessage[] = [{ role: 'system', content: setup.systemPrompt }, ...history, { role: 'user', content: prompt }];
    if (cx.hardened) {
      cx.log.write({ msg: 'assistant request', event: 'assistant_request', userId: user.id, promptChars: prompt.length, conversation: conversationId.length });
    } else {
      cx.log.write({ msg: `assistant request from ${user.email}`, event: 'assistant_request', request: { model: setup.model.name, key: setup.apiKey, messages } });
    }
    let reply: string;
    const refusal = cx.hardened ? overrideAttempt(prompt) : undefined;
    if (refusal) {
      // Quoting the request back is what many assistants do; it never carries out the request.
      reply = `I won't act on that: ${refusal}. You wrote: "${prompt.slice(0, 300)}"`;
    } else {
      reply = await runAgent(setup.model, messages, toolsFor(cx, user, config), cx.hardened);
      if (cx.hardened) reply = filterReply(reply, { systemPrompt: setup.systemPrompt, canary: setup.canary, ownOrigins: [origin] });
    }
    conversations.set(key, [...history, { role: 'user' as const, content: prompt }, { role: 'assistant' as const, content: reply }].slice(-HISTORY));
    return reply;
  };

  /** The prompt and conversation of a request, or undefined after answering 4xx/429 itself. */
  const intake = (req: Request, res: Response, endpoint: string): { prompt: string; conversationId: string } | undefined => {
    const { user } = caller(res);
    if (cx.hardened) {
      const wait = limiter.retryAfter(`${user.id}\n${endpoint}`);
      if (wait > 0) {
        tooManyRequests(res, wait);
        return undefined;
      }
      limiter.hit(`${user.id}\n${endpoint}`);
      const body = parseBody(req, res, BODY);
      if (!body) return undefined;
      return { prompt: body.prompt, conversationId: body.conversationId ?? randomUUID() };
    }
    const body = looseBody(req)!;
    return { prompt: String(body.prompt), conversationId: typeof body.conversationId === 'string' && body.conversationId ? body.conversationId : randomUUID() };
  };

  const originOf = (req: { protocol: string; headers: { host?: string } }) => `${req.protocol}://${req.headers.host ?? ''}`;

  router.post('/', authenticate(cx), async (req, res) => {
    const input = intake(req, res, 'json');
    if (!input) return;
    const reply = await answer(caller(res).user, input.prompt, input.conversationId, originOf(req));
    const payload = { reply, conversationId: input.conversationId };
    // res.send of a string defaults to text/html: the classic way JSON ends up rendered by a browser.
    if (cx.hardened) res.json(payload);
    else res.send(JSON.stringify(payload));
  });

  router.post('/stream', authenticate(cx), async (req, res) => {
    const input = intake(req, res, 'stream');
    if (!input) return;
    const reply = await answer(caller(res).user, input.prompt, input.conversationId, originOf(req));
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.write(`data: ${JSON.stringify({ conversationId: input.conversationId })}\n\n`);
    for (let i = 0; i < reply.length; i += PIECE) res.write(`data: ${JSON.stringify({ delta: reply.slice(i, i + PIECE) })}\n\n`);
    res.end('data: [DONE]\n\n');
  });

  return router;
}

/** The agent loop: model, tools, model… until it answers with text (or MAX_ROUNDS). */
async function runAgent(model: ChatModel, start: ChatMessage[], tools: ReturnType<typeof toolsFor>, fence: boolean): Promise<string> {
  const messages = [...start];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const turn = await model.complete(messages, tools.specs);
    if (turn.toolCalls.length === 0) return turn.content;
    messages.push({ role: 'assistant', content: turn.content, toolCalls: turn.toolCalls });
    for (const call of turn.toolCalls) {
      const result = tools.run(call);
      // Fenced, a tool result is data the model reads, not text it obeys; the fence cannot be closed from inside.
      const content = fence ? `<data source="${call.name}">\n${result.replace(/<\/?data\b/gi, '&lt;data')}\n</data>` : result;
      messages.push({ role: 'tool', toolCallId: call.id, name: call.name, content });
    }
  }
  return 'I could not finish that request.';
}
