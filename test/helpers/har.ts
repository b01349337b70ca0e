// Builds HAR 1.2 text for tests, entry by entry, the way browsers export it
// (request and response headers as name/value lists, JSON bodies as
// postData.text and content.text). Tokens and passwords are made at run
// time, never written in the repository.
import { randomBytes } from 'node:crypto';

export interface EntrySpec {
  method?: string;
  url: string;
  status?: number;
  /** Request headers. */
  headers?: Record<string, string>;
  /** Request body: an object is sent as JSON (or as a form with `form: true`). */
  body?: Record<string, unknown>;
  form?: boolean;
  /** Response body: an object or array is JSON; a string is sent as is with `mime`. */
  response?: unknown;
  mime?: string;
  setCookie?: Record<string, string>;
  resourceType?: string;
  location?: string;
}

export const token = (): string => randomBytes(18).toString('hex');

/** A JWT-shaped value with the given claims (unsigned: only its payload is ever read). */
export const jwtWith = (claims: Record<string, unknown>): string =>
  [{ alg: 'HS256', typ: 'JWT' }, claims].map((p) => Buffer.from(JSON.stringify(p)).toString('base64url')).join('.') + '.' + randomBytes(16).toString('base64url');

export function har(entries: EntrySpec[]): string {
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'launchready-test', version: '1' },
      entries: entries.map((e) => {
        const reqHeaders = Object.entries(e.headers ?? {}).map(([name, value]) => ({ name, value }));
        const body = e.body === undefined ? undefined : e.form ? new URLSearchParams(e.body as Record<string, string>).toString() : JSON.stringify(e.body);
        if (body !== undefined) reqHeaders.push({ name: 'content-type', value: e.form ? 'application/x-www-form-urlencoded' : 'application/json' });
        const json = e.response !== undefined && typeof e.response !== 'string';
        const mime = e.mime ?? (json ? 'application/json' : e.response !== undefined ? 'text/plain' : '');
        const resHeaders = [
          ...(mime ? [{ name: 'content-type', value: mime }] : []),
          ...Object.entries(e.setCookie ?? {}).map(([k, v]) => ({ name: 'set-cookie', value: `${k}=${v}; Path=/; HttpOnly` })),
          ...(e.location ? [{ name: 'location', value: e.location }] : []),
        ];
        return {
          startedDateTime: '2030-01-01T00:00:00.000Z',
          time: 1,
          ...(e.resourceType ? { _resourceType: e.resourceType } : {}),
          request: {
            method: e.method ?? 'GET',
            url: e.url,
            httpVersion: 'HTTP/1.1',
            headers: reqHeaders,
            queryString: [],
            cookies: [],
            headersSize: -1,
            bodySize: body?.length ?? 0,
            ...(body !== undefined ? { postData: { mimeType: e.form ? 'application/x-www-form-urlencoded' : 'application/json', text: body } } : {}),
          },
          response: {
            status: e.status ?? 200,
            statusText: '',
            httpVersion: 'HTTP/1.1',
            headers: resHeaders,
            cookies: [],
            content: { size: 0, mimeType: mime, ...(e.response !== undefined ? { text: json ? JSON.stringify(e.response) : String(e.response) } : {}) },
            redirectURL: e.location ?? '',
            headersSize: -1,
            bodySize: -1,
          },
          cache: {},
          timings: { send: 0, wait: 1, receive: 0 },
        };
      }),
    },
  });
}
