import { describe, expect, it } from 'vitest';
import { extractReply, readPath, sseEvents, streamDone } from '../../src/evidence/gatherers/ai/reply.js';

const TEXT = 'Invoice 7 is for Initech, 1200 USD.';

/** The same reply in the shapes assistants answer in. */
function shapes(text: string): { name: string; body: string; cfg: Parameters<typeof extractReply>[1] }[] {
  const pieces = text.match(/.{1,6}/g)!;
  return [
    { name: 'json', body: JSON.stringify({ reply: text }), cfg: { format: 'json', path: 'reply' } },
    { name: 'openai json', body: JSON.stringify({ choices: [{ message: { role: 'assistant', content: text } }] }), cfg: { format: 'json', path: 'choices[0].message.content' } },
    { name: 'text', body: text, cfg: { format: 'text' } },
    {
      name: 'sse with delta',
      body: pieces.map((p) => `data: ${JSON.stringify({ delta: p })}\n\n`).join('') + 'data: [DONE]\n\n',
      cfg: { format: 'sse', path: 'delta' },
    },
    {
      name: 'openai sse, role-only first chunk, CRLF, comments',
      body:
        ': keep-alive\r\n\r\n' +
        `data: ${JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] })}\r\n\r\n` +
        pieces.map((p) => `data: ${JSON.stringify({ choices: [{ delta: { content: p } }] })}\r\n\r\n`).join('') +
        'data: [DONE]\r\n\r\n',
      cfg: { format: 'sse', path: 'choices[0].delta.content' },
    },
    { name: 'sse plain data, no [DONE], last event unterminated', body: pieces.map((p, i) => `event: token\ndata: ${p}${i < pieces.length - 1 ? '\n\n' : ''}`).join(''), cfg: { format: 'sse' } },
    { name: 'ndjson', body: pieces.map((p) => JSON.stringify({ delta: p })).join('\n') + '\n', cfg: { format: 'ndjson', path: 'delta' } },
  ];
}

describe('reply extraction', () => {
  it('assembles the same text from JSON, plain text, server-sent events and JSON lines', () => {
    for (const s of shapes(TEXT)) {
      const r = extractReply(s.body, s.cfg);
      expect(r, s.name).toMatchObject({ ok: true, text: TEXT });
    }
  });

  it('stops at [DONE] and ignores what follows', () => {
    const body = `data: {"delta":"a"}\n\ndata: [DONE]\n\ndata: {"delta":"late"}\n\n`;
    expect(extractReply(body, { format: 'sse', path: 'delta' })).toEqual({ ok: true, text: 'a', events: 1, done: true });
    expect(streamDone(body, 'sse')).toBe(true);
    expect(streamDone('data: {"delta":"[DONE] is a word"}\n\n', 'sse')).toBe(false);
  });

  it('keeps multi-line data of one event together (WHATWG event-stream)', () => {
    expect(sseEvents('data: one\ndata: two\n\ndata: three\n\n')).toEqual(['one\ntwo', 'three']);
  });

  it('says why when there is no reply', () => {
    expect(extractReply('<html>', { format: 'json', path: 'reply' })).toEqual({ ok: false, reason: 'the answer is not JSON' });
    expect(extractReply('{"error":"x"}', { format: 'json', path: 'reply' })).toEqual({ ok: false, reason: 'no text at reply in the JSON answer' });
    expect(extractReply('', { format: 'sse', path: 'delta' })).toEqual({ ok: false, reason: 'the stream held no event' });
  });

  it('reads paths with indexes and a $ root, and content given as parts', () => {
    expect(readPath({ a: [{ b: 'x' }] }, '$.a[0].b')).toBe('x');
    expect(extractReply(JSON.stringify({ content: [{ type: 'text', text: 'he' }, { type: 'text', text: 'llo' }] }), { format: 'json', path: 'content' })).toMatchObject({ text: 'hello' });
  });
});
