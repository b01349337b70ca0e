// Reads a HAR 1.2 file (http://www.softwareishard.com/blog/har-12-spec/, as
// exported by browsers' devtools, Playwright's recordHar and proxies such as
// mitmproxy or ZAP) into the few facts the target model needs. Tolerant of
// what exporters leave out (cookies arrays, content text, _resourceType) and
// strict about the shape it cannot do without (log.entries), with an error
// that says what is wrong with which file.

export interface HarCookie {
  name: string;
  value: string;
}

export interface HarEntry {
  /** Position in the file (entries are in the order the browser sent them). */
  index: number;
  method: string;
  url: URL;
  /** Lower-case header name → value (repeated headers joined with ", "). */
  requestHeaders: Map<string, string>;
  requestCookies: HarCookie[];
  /** The request body as sent, with its media type (form params re-encoded when only `params` was exported). */
  requestBody?: { mimeType: string; text: string };
  /** 0 when the request got no answer (aborted, blocked). */
  status: number;
  responseHeaders: Map<string, string>;
  responseMime: string;
  /** The response body as text, where the exporter kept it (base64 decoded). */
  responseText?: string;
  setCookies: HarCookie[];
  /** Chrome's and Playwright's resource type (document, xhr, fetch, script, image…), when exported. */
  resourceType?: string;
}

export class HarError extends Error {
  override readonly name = 'HarError';
}

/** Larger HARs are refused before parsing: they are recordings of hours, not of one role's walk through the app. */
export const MAX_HAR_BYTES = 200 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function headers(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const h of list) {
    if (!isObj(h)) continue;
    const name = str(h.name).toLowerCase();
    // HTTP/2 pseudo-headers (:authority, :path) say nothing the URL does not.
    if (!name || name.startsWith(':')) continue;
    const value = str(h.value);
    out.set(name, out.has(name) && name !== 'set-cookie' ? `${out.get(name)!}, ${value}` : out.has(name) ? `${out.get(name)!}\n${value}` : value);
  }
  return out;
}

function cookies(list: unknown): HarCookie[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).map((c) => ({ name: str(c.name), value: str(c.value) })).filter((c) => c.name);
}

/** Cookie: a=1; b=2 → [{a,1},{b,2}] */
export function parseCookieHeader(header: string | undefined): HarCookie[] {
  if (!header) return [];
  return header
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? { name: p, value: '' } : { name: p.slice(0, i).trim(), value: p.slice(i + 1).trim() };
    });
}

function setCookiesOf(res: Obj, hdrs: Map<string, string>): HarCookie[] {
  const listed = cookies(res.cookies);
  if (listed.length) return listed;
  const raw = hdrs.get('set-cookie');
  if (!raw) return [];
  return raw
    .split('\n')
    .map((line) => parseCookieHeader(line.split(';')[0])[0])
    .filter((c): c is HarCookie => c !== undefined);
}

function requestBody(req: Obj): HarEntry['requestBody'] {
  const post = req.postData;
  if (!isObj(post)) return undefined;
  const mimeType = str(post.mimeType);
  if (typeof post.text === 'string') return { mimeType, text: post.text };
  if (Array.isArray(post.params)) {
    const text = post.params
      .filter(isObj)
      .map((p) => `${encodeURIComponent(str(p.name))}=${encodeURIComponent(str(p.value))}`)
      .join('&');
    return { mimeType: mimeType || 'application/x-www-form-urlencoded', text };
  }
  return undefined;
}

function responseText(content: unknown): string | undefined {
  if (!isObj(content) || typeof content.text !== 'string') return undefined;
  if (content.encoding === 'base64') {
    try {
      return Buffer.from(content.text, 'base64').toString('utf8');
    } catch {
      return undefined;
    }
  }
  return content.text;
}

/**
 * The entries of a HAR file's text. `file` names it in errors.
 * @throws HarError when the text is not JSON or has no log.entries array.
 */
export function readHar(text: string, file: string): HarEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new HarError(`${file}: not a HAR file (not JSON: ${(err as Error).message}); export it from the browser's devtools (Network → Save all as HAR)`);
  }
  const log = isObj(doc) ? doc.log : undefined;
  if (!isObj(log) || !Array.isArray(log.entries)) throw new HarError(`${file}: not a HAR file (no log.entries); export it from the browser's devtools (Network → Save all as HAR)`);
  const out: HarEntry[] = [];
  log.entries.forEach((e, index) => {
    if (!isObj(e) || !isObj(e.request)) return;
    const req = e.request;
    let url: URL;
    try {
      url = new URL(str(req.url));
    } catch {
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    const res = isObj(e.response) ? e.response : {};
    const reqHeaders = headers(req.headers);
    const resHeaders = headers(res.headers);
    const content = isObj(res.content) ? res.content : {};
    const listedCookies = cookies(req.cookies);
    const body = requestBody(req);
    const text = responseText(content);
    out.push({
      index,
      method: str(req.method).toUpperCase() || 'GET',
      url,
      requestHeaders: reqHeaders,
      requestCookies: listedCookies.length ? listedCookies : parseCookieHeader(reqHeaders.get('cookie')),
      ...(body ? { requestBody: body } : {}),
      status: typeof res.status === 'number' ? res.status : 0,
      responseHeaders: resHeaders,
      responseMime: (str(content.mimeType) || resHeaders.get('content-type') || '').toLowerCase(),
      ...(text !== undefined ? { responseText: text } : {}),
      setCookies: setCookiesOf(res, resHeaders),
      ...(typeof e._resourceType === 'string' ? { resourceType: e._resourceType.toLowerCase() } : {}),
    });
  });
  return out;
}

export function parseJsonText(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request body as an object: JSON, or a form (nested a[b] keys kept flat). Undefined for other media types. */
export function bodyObject(body: HarEntry['requestBody']): Obj | undefined {
  if (!body) return undefined;
  if (/x-www-form-urlencoded/i.test(body.mimeType)) return Object.fromEntries(new URLSearchParams(body.text));
  const json = parseJsonText(body.text);
  return isObj(json) ? json : undefined;
}
