// Turns an assistant endpoint's answer into the one reply text the judges
// read, whatever shape it came in: a JSON body (text at a path such as
// `reply` or `choices[0].message.content`), plain text, server-sent events
// (WHATWG HTML §9.2 event-stream: `data:` lines, an event per blank line,
// each event's text at a path such as `delta` or `choices[0].delta.content`)
// or a chunked stream of JSON lines. A stream ends at a `[DONE]` event or at
// the end of the body. An SSE event left without its closing blank line at
// the end of the stream is still read: servers that end the connection
// right after their last `data:` line are common, and the text is there.
import type { AiReplyConfig } from '../../../config/ai-schema.js';

export type Extracted = { ok: true; text: string; events?: number; done?: boolean } | { ok: false; reason: string };

export function extractReply(body: string, cfg: AiReplyConfig): Extracted {
  switch (cfg.format) {
    case 'text':
      return { ok: true, text: body };
    case 'json': {
      const json = parse(body);
      if (json === undefined) return { ok: false, reason: 'the answer is not JSON' };
      const v = readPath(json, cfg.path ?? 'reply');
      const text = asText(v);
      return text === undefined ? { ok: false, reason: `no text at ${cfg.path ?? 'reply'} in the JSON answer` } : { ok: true, text };
    }
    case 'sse':
      return assemble(sseEvents(body), cfg.path, 'event');
    case 'ndjson':
      return assemble(
        body.split(/\r\n|\n|\r/).filter((l) => l.trim() !== ''),
        cfg.path,
        'line',
      );
  }
}

function assemble(events: string[], path: string | undefined, unit: string): Extracted {
  let text = '';
  let n = 0;
  for (const data of events) {
    if (data.trim() === '[DONE]') return { ok: true, text, events: n, done: true };
    n++;
    if (path === undefined) {
      text += data;
      continue;
    }
    const json = parse(data);
    // Events without the path (a role-only first chunk, a keep-alive) carry no text.
    const piece = json === undefined ? undefined : asText(readPath(json, path));
    if (piece !== undefined) text += piece;
  }
  if (n === 0) return { ok: false, reason: `the stream held no ${unit}` };
  return { ok: true, text, events: n, done: false };
}

/** The data of each event of a text/event-stream body, in order. */
export function sseEvents(body: string): string[] {
  const out: string[] = [];
  let data: string[] = [];
  const dispatch = () => {
    if (data.length) out.push(data.join('\n'));
    data = [];
  };
  for (const line of body.split(/\r\n|\n|\r/)) {
    if (line === '') {
      dispatch();
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') data.push(value);
  }
  dispatch();
  return out;
}

/** `a.b[0].c`, `$.a.b`, `choices[0].delta.content`. */
export function readPath(json: unknown, path: string): unknown {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let cur = json;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? cur[Number(p)] : (cur as Record<string, unknown>)[p];
  }
  return cur;
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  // Content as a list of parts ([{type:"text", text:"…"}] or strings), as several chat APIs send it.
  if (Array.isArray(v) && v.every((x) => typeof x === 'string' || (typeof x === 'object' && x !== null && typeof (x as { text?: unknown }).text === 'string'))) {
    return v.map((x) => (typeof x === 'string' ? x : (x as { text: string }).text)).join('');
  }
  return undefined;
}

function parse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** Whether a stream answer should stop being read: it has sent its `[DONE]`. */
export function streamDone(received: string, format: AiReplyConfig['format']): boolean {
  if (format === 'sse') return /(^|\n)data: ?\[DONE\]\s*(\n|$)/.test(received);
  if (format === 'ndjson') return /(^|\n)\s*\[DONE\]\s*(\n|$)/.test(received);
  return false;
}
