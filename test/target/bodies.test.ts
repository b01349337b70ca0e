// Bodies the app accepts: every documented property, the document's example,
// wrappers, unique values per request, a marker that never touches sign-in.
import { describe, expect, it } from 'vitest';
import { bodyFor, documentedValue, encodeBody, markerPath, uniqueString, wrapperOf } from '../../src/target/bodies.js';

const ARTICLE = {
  type: 'object',
  properties: {
    article: {
      type: 'object',
      properties: { title: { type: 'string' }, description: { type: 'string' }, body: { type: 'string' }, tagList: { type: 'array', items: { type: 'string' } } },
    },
  },
};
const USER_UPDATE = { type: 'object', properties: { user: { type: 'object', properties: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, bio: { type: 'string' }, image: { type: 'string' } } } } };

describe('bodies', () => {
  it('sends every documented property when the document lists no required one, wrapped as the schema says', () => {
    const body = bodyFor({ requestSchema: ARTICLE, hasJsonBody: true }) as { article: Record<string, unknown> };
    expect(Object.keys(body.article)).toEqual(['title', 'description', 'body', 'tagList']);
    expect(body.article.tagList).toHaveLength(1);
    expect(wrapperOf(ARTICLE)).toBe('article');
  });

  it('makes unique-looking fields unique on every request, within their bounds', () => {
    const a = bodyFor({ requestSchema: ARTICLE, hasJsonBody: true }) as { article: { title: string; body: string } };
    const b = bodyFor({ requestSchema: ARTICLE, hasJsonBody: true }) as { article: { title: string; body: string } };
    expect(a.article.title).toMatch(/^launchready-probe-[a-z0-9]+$/);
    expect(a.article.title).not.toBe(b.article.title);
    expect(uniqueString('email')).toMatch(/^launchready-probe\+[a-z0-9]+@example\.com$/);
    expect(uniqueString('username', { maxLength: 10 })).toMatch(/^lp-[a-z0-9]{1,7}$/);
    expect(uniqueString('code', { minLength: 30 }).length).toBe(30);
  });

  it('starts from the document’s example, and lays it over every property on the retry', () => {
    const op = { requestSchema: ARTICLE, hasJsonBody: true, requestExample: { article: { title: 'How to train your dragon', body: 'You have to believe' } } };
    const first = bodyFor(op, 'documented') as { article: Record<string, unknown> };
    expect(first.article.body).toBe('You have to believe');
    expect(first.article.title).not.toBe('How to train your dragon');
    expect(Object.keys(first.article)).toEqual(['title', 'body']);
    const retry = bodyFor(op, 'everything') as { article: Record<string, unknown> };
    expect(Object.keys(retry.article)).toEqual(['title', 'description', 'body', 'tagList']);
    expect(retry.article.body).toBe('You have to believe');
  });

  it('honours property examples, enums and defaults, and leaves out read-only properties', () => {
    expect(documentedValue({ type: 'object', properties: { id: { type: 'string', readOnly: true }, kind: { type: 'string', enum: ['a', 'b'] }, n: { type: 'integer', example: 42 }, cur: { type: 'string', default: 'USD' } } })).toEqual({ kind: 'a', n: 42, cur: 'USD' });
  });

  it('marks a free-text field, inside the wrapper, never a credential', () => {
    expect(markerPath(USER_UPDATE)).toEqual(['user', 'bio']);
    expect(markerPath(ARTICLE)).toEqual(['article', 'description']);
    expect(markerPath({ type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } })).toBeUndefined();
  });

  it('encodes a form body for a form operation', () => {
    expect(encodeBody({ requestContentType: 'application/x-www-form-urlencoded' }, { a: 'x y', n: { b: 1 }, t: ['p', 'q'] })).toEqual({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=x%20y&n%5Bb%5D=1&t%5B%5D=p&t%5B%5D=q',
    });
  });
});
