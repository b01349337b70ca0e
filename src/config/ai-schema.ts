// The `ai:` section of launchready.yml: the app's assistant endpoints and
// what the prompt-injection red team needs to judge them without another
// LLM (issue 16). Kept apart from schema.ts so the main schema stays one
// screen; schema.ts mounts it as `ai`.
import { z } from 'zod';

const OPERATION = /^\s*(GET|POST|PUT|PATCH|DELETE)\s+\/\S*\s*$/i;
const operation = z.string().regex(OPERATION, '"METHOD /path", e.g. "POST /api/assistant"');

/**
 * Where the reply text is in the answer.
 * - json: the text is at `path` in the JSON body (`reply`, `choices[0].message.content`).
 * - text: the whole body is the reply.
 * - sse: server-sent events (`data: …` lines); each event's text is at `path`
 *   in its JSON, or the event's data itself when `path` is left out. The reply
 *   ends at a `[DONE]` event or the end of the stream.
 * - ndjson: a chunked stream of JSON lines, each holding its piece at `path`.
 */
export const aiReplySchema = z
  .strictObject({
    format: z.enum(['json', 'text', 'sse', 'ndjson']).default('json'),
    path: z.string().optional().describe('JSON path of the text: reply, data.answer, choices[0].delta.content'),
  })
  .refine((r) => r.format === 'text' || r.format === 'sse' || r.path !== undefined, {
    message: 'json and ndjson replies need a path (e.g. reply, or choices[0].delta.content)',
    path: ['path'],
  });

export const aiEndpointSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case name').optional().describe('a short name for reports (default: the operation)'),
  operation: operation.describe('"POST /api/assistant"'),
  /**
   * The JSON body, with `{prompt}` (and optionally `{conversationId}`) in its
   * string values; each is replaced by the text, JSON-escaped. Default:
   * { prompt: "{prompt}" }.
   */
  body: z.record(z.string(), z.unknown()).optional(),
  reply: aiReplySchema.default({ format: 'json', path: 'reply' }),
  roles: z.array(z.string()).optional().describe('roles that may use it (default: the policy rule of the operation)'),
});

export const aiSchema = z.strictObject({
  endpoints: z.array(aiEndpointSchema).min(1),
  systemPromptFile: z.string().optional().describe('the file holding the system prompt, relative to repo.path'),
  systemPromptCanary: z.string().min(8).optional().describe('a marker the team placed in the system prompt; never shown in reports'),
  /**
   * Where text written by users reaches what the assistant reads:
   * "METHOD /path/{id} field", e.g. "PATCH /api/invoices/{id} note".
   */
  injectionPoints: z
    .array(z.string().regex(/^\s*(POST|PUT|PATCH)\s+\/\S*\{[^}]+\}\S*\s+[A-Za-z_][\w.]*\s*$/i, '"PATCH /api/invoices/{id} note"'))
    .default([]),
  /** Object operations the assistant must not perform for a caller the policy forbids them to (default: from the policy). */
  actions: z.array(operation).optional(),
  samples: z.number().int().min(1).max(10).default(3).describe('how often each case is repeated'),
  /** Consecutive words shared with systemPromptFile that count as a leak. */
  overlapWords: z.number().int().min(5).max(100).default(10),
  /** Requests in the rate-limit burst (default: auth.flows.rateLimitBurst). */
  rateLimitBurst: z.number().int().min(3).max(500).optional(),
  /** Characters of the very large prompt (unbounded consumption). */
  largePromptChars: z.number().int().min(10_000).max(2_000_000).default(200_000),
});

export type AiConfig = z.infer<typeof aiSchema>;
export type AiEndpointConfig = z.infer<typeof aiEndpointSchema>;
export type AiReplyConfig = z.infer<typeof aiReplySchema>;
