// Shared ways checks present HTTP evidence. Exchanges are already masked by
// the probe client, so these only format.
import type { HttpExchange } from '../../evidence/types.js';
import type { EvidenceItem } from '../../report/model.js';

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const SHOWN_HEADERS = ['content-type', 'authorization', 'cookie', 'origin'];

/** A curl command that repeats the request; credentials appear masked, so the user fills in their own. */
export function curlFor(ex: HttpExchange): string {
  const parts = ['curl', '-i'];
  if (ex.request.method !== 'GET') parts.push('-X', ex.request.method);
  for (const [k, v] of Object.entries(ex.request.headers)) {
    if (SHOWN_HEADERS.includes(k)) parts.push('-H', shellQuote(`${k}: ${v}`));
  }
  if (ex.request.body !== undefined) parts.push('--data-raw', shellQuote(ex.request.body));
  parts.push(shellQuote(ex.request.url));
  return parts.join(' ');
}

export function statusLine(ex: HttpExchange): string {
  if (ex.error) return `${ex.request.method} ${ex.request.url} → ${ex.error}`;
  return `${ex.request.method} ${ex.request.url} → ${ex.response?.status}`;
}

/** Response head plus the start of the body, as an evidence excerpt. */
export function excerptOf(ex: HttpExchange, bodyChars = 600): string {
  const lines = [`${ex.request.method} ${ex.request.url}`];
  if (ex.error) return [...lines, `(no response: ${ex.error})`].join('\n');
  const r = ex.response;
  if (!r) return lines.join('\n');
  lines.push('', `HTTP ${r.status}`);
  for (const [k, v] of Object.entries(r.headers)) lines.push(`${k}: ${v}`);
  if (r.body) lines.push('', r.body.slice(0, bodyChars) + (r.body.length > bodyChars || r.bodyTruncated ? '\n…' : ''));
  return lines.join('\n');
}

export function httpEvidence(summary: string, ex: HttpExchange, bodyChars?: number): EvidenceItem {
  return { kind: 'http', summary, excerpt: excerptOf(ex, bodyChars) };
}

export function header(ex: HttpExchange | undefined, name: string): string | undefined {
  return ex?.response?.headers[name.toLowerCase()];
}

export const is2xx = (ex: HttpExchange | undefined): boolean =>
  ex?.response !== undefined && ex.response.status >= 200 && ex.response.status < 300;
