// HTTP at the edge, per host: redirect chains followed hop by hop (never with
// credentials; the ProbeClient never follows redirects itself, so every hop
// is budgeted and in the ledger), the final HTML page scanned for mixed
// content, API responses for shared-cache safety, and CDN tell-tales.
import type { ProbeClient } from '../../../probe/client.js';
import type { HttpExchange } from '../../types.js';
import type { CdnSighting, EdgePage, MixedRef, RedirectChain } from '../../edge-types.js';
import { cspUpgrades, scanPage, scanStylesheet } from './mixed-content.js';

export const HOP_LIMIT = 10;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

export interface ChainStart {
  url: string;
  kind: RedirectChain['kind'];
  expected?: string;
}

export async function followChain(client: ProbeClient, start: ChainStart): Promise<{ chain: RedirectChain; finalBody: string }> {
  const hops: HttpExchange[] = [];
  const seen = new Set<string>();
  let url = start.url;
  let finalBody = '';
  let end: RedirectChain['end'] = 'hop-limit';
  for (let i = 0; i < HOP_LIMIT; i++) {
    if (seen.has(url)) {
      end = 'loop';
      break;
    }
    seen.add(url);
    const raw = await client.sendRaw({ method: 'GET', url, role: 'anonymous', purpose: `redirect chain from ${start.url}`, headers: { accept: 'text/html,*/*' } });
    const ex = raw.exchange;
    hops.push(ex);
    if (!ex.response) {
      end = 'error';
      break;
    }
    const location = ex.response.headers.location;
    if (!REDIRECT.has(ex.response.status) || !location) {
      end = 'final';
      finalBody = raw.body;
      break;
    }
    try {
      url = new URL(location, url).href;
    } catch {
      end = 'error';
      break;
    }
    if (i === HOP_LIMIT - 1) {
      // The loop ends here; a URL we already visited is a loop, not just a long chain.
      end = seen.has(url) ? 'loop' : 'hop-limit';
    }
  }
  return { chain: { start: start.url, kind: start.kind, ...(start.expected ? { expected: start.expected } : {}), hops, end }, finalBody };
}

/** http: references in an HTML page served over https (resolved against `pageUrl`). */
export function findMixedContent(html: string, pageUrl = 'https://page.invalid/'): MixedRef[] {
  return scanPage(html, pageUrl).mixed;
}

/**
 * The final page of an https chain, scanned for mixed content, plus the https
 * stylesheets it links whose own rules still need reading (readStylesheets).
 */
export function pageOf(host: string, chain: RedirectChain, body: string): { page: EdgePage; stylesheets: string[] } | undefined {
  const last = chain.hops.at(-1);
  if (chain.end !== 'final' || !last?.response) return undefined;
  const isHtml = (last.response.headers['content-type'] ?? '').includes('html');
  const https = last.request.url.startsWith('https:');
  const scan = isHtml && https ? scanPage(body, last.request.url) : undefined;
  const byHeader = cspUpgrades(last.response.headers['content-security-policy'] ?? '');
  const upgrade = byHeader ? 'header' : scan?.upgradeByMeta ? 'meta' : undefined;
  return {
    page: {
      host,
      url: last.request.url,
      exchange: last,
      truncated: last.response.bodyTruncated,
      mixed: scan?.mixed ?? [],
      ...(upgrade ? { upgradeInsecureRequests: upgrade } : {}),
    },
    stylesheets: scan?.stylesheets ?? [],
  };
}

/** Stylesheets read per page at most, @imports included: a page's own CSS, not a crawl. */
export const MAX_STYLESHEETS = 6;

/**
 * Fetch the page's https stylesheets (only from hosts `mayFetch` allows: the
 * audited app's own names) and add the http: references in their rules,
 * following https @imports within the same cap.
 */
export async function readStylesheets(client: ProbeClient, page: EdgePage, queue: string[], mayFetch: (url: string) => boolean): Promise<void> {
  const seen = new Set<string>();
  const read: NonNullable<EdgePage['stylesheets']> = [];
  const todo = queue.filter(mayFetch);
  while (todo.length && read.length < MAX_STYLESHEETS) {
    const url = todo.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const raw = await client.sendRaw({ method: 'GET', url, role: 'anonymous', purpose: `stylesheet of ${page.url} (mixed content)`, headers: { accept: 'text/css,*/*' } });
    const res = raw.exchange.response;
    if (!res || res.status !== 200) {
      read.push({ url, outcome: res ? `HTTP ${res.status}` : (raw.exchange.error ?? 'no answer') });
      continue;
    }
    const { mixed, imports } = scanStylesheet(raw.body, url);
    page.mixed.push(...mixed);
    read.push({ url, outcome: `${mixed.length} http: reference(s)` });
    todo.push(...imports.filter(mayFetch));
  }
  if (read.length) page.stylesheets = read;
}

// Response headers a CDN or edge proxy adds. Origin servers rarely set these.
const CDN_HEADERS: [RegExp, string, string][] = [
  [/^cf-ray$/, '', 'Cloudflare'],
  [/^x-amz-cf-id$/, '', 'Amazon CloudFront'],
  [/^x-served-by$/, 'cache-', 'Fastly'],
  [/^x-fastly-request-id$/, '', 'Fastly'],
  [/^x-vercel-id$/, '', 'Vercel'],
  [/^x-nf-request-id$/, '', 'Netlify'],
  [/^x-azure-ref$/, '', 'Azure Front Door'],
  [/^akamai-grn$/, '', 'Akamai'],
  [/^x-akamai-transformed$/, '', 'Akamai'],
  [/^cdn-pullzone$/, '', 'Bunny CDN'],
  [/^server$/, 'cloudflare', 'Cloudflare'],
  [/^via$/, 'cloudfront', 'Amazon CloudFront'],
  [/^via$/, 'varnish', 'Varnish cache'],
];

export const CDN_CNAME_SUFFIXES: [string, string][] = [
  ['.cloudfront.net', 'Amazon CloudFront'],
  ['.cdn.cloudflare.net', 'Cloudflare'],
  ['.fastly.net', 'Fastly'],
  ['.fastlylb.net', 'Fastly'],
  ['.akamaiedge.net', 'Akamai'],
  ['.edgekey.net', 'Akamai'],
  ['.edgesuite.net', 'Akamai'],
  ['.azureedge.net', 'Azure CDN'],
  ['.azurefd.net', 'Azure Front Door'],
  ['.vercel-dns.com', 'Vercel'],
  ['.netlify.app', 'Netlify'],
  ['.b-cdn.net', 'Bunny CDN'],
];

export function cdnFromHeaders(host: string, headers: Record<string, string>): CdnSighting | undefined {
  for (const [name, value] of Object.entries(headers)) {
    for (const [re, needle, provider] of CDN_HEADERS) {
      if (re.test(name) && value.toLowerCase().includes(needle)) return { host, provider, signal: `${name}: ${value.slice(0, 80)}` };
    }
  }
  return undefined;
}

export function cdnFromCname(host: string, chain: string[]): CdnSighting | undefined {
  for (const target of chain) {
    const hit = CDN_CNAME_SUFFIXES.find(([suffix]) => target.endsWith(suffix));
    if (hit) return { host, provider: hit[1], signal: `CNAME ${target}` };
  }
  return undefined;
}
