// HTTP at the edge, per host: redirect chains followed hop by hop (never with
// credentials; the ProbeClient never follows redirects itself, so every hop
// is budgeted and in the ledger), the final HTML page scanned for mixed
// content, API responses for shared-cache safety, and CDN tell-tales.
import { parse } from 'parse5';
import type { ProbeClient } from '../../../probe/client.js';
import type { HttpExchange } from '../../types.js';
import type { CdnSighting, EdgePage, MixedRef, RedirectChain } from '../../edge-types.js';

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

const ACTIVE: Record<string, string[]> = {
  script: ['src'],
  iframe: ['src'],
  frame: ['src'],
  object: ['data'],
  embed: ['src'],
};
const PASSIVE: Record<string, string[]> = {
  img: ['src', 'srcset'],
  audio: ['src'],
  video: ['src', 'poster'],
  source: ['src', 'srcset'],
  track: ['src'],
};

interface P5Node {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: P5Node[];
  content?: P5Node;
}

/** http: references in an HTML page served over https. */
export function findMixedContent(html: string): MixedRef[] {
  const out: MixedRef[] = [];
  const insecure = (v: string) => /^\s*http:\/\//i.test(v);
  const stack: P5Node[] = [parse(html) as unknown as P5Node];
  let visited = 0;
  while (stack.length && visited++ < 50_000) {
    const n = stack.pop()!;
    const tag = n.nodeName;
    const attrs = n.attrs ?? [];
    const get = (name: string) => attrs.find((a) => a.name === name)?.value;
    const urlsOf = (attr: string) => {
      const v = get(attr);
      if (v === undefined) return [];
      return attr === 'srcset' ? v.split(',').map((s) => s.trim().split(/\s+/)[0] ?? '') : [v];
    };
    const push = (attr: string, kind: MixedRef['kind']) => {
      for (const u of urlsOf(attr)) if (insecure(u)) out.push({ tag, attr, url: u.trim(), kind });
    };
    for (const a of ACTIVE[tag] ?? []) push(a, 'active');
    for (const a of PASSIVE[tag] ?? []) push(a, 'passive');
    if (tag === 'link' && /\b(stylesheet|preload|modulepreload|icon)\b/i.test(get('rel') ?? '')) {
      push('href', /stylesheet|preload/i.test(get('rel') ?? '') ? 'active' : 'passive');
    }
    if (tag === 'form') push('action', 'form');
    if (tag === 'button' || tag === 'input') push('formaction', 'form');
    for (const c of n.childNodes ?? []) stack.push(c);
    if (n.content) stack.push(n.content);
  }
  return out;
}

export function pageOf(host: string, chain: RedirectChain, body: string): EdgePage | undefined {
  const last = chain.hops.at(-1);
  if (chain.end !== 'final' || !last?.response) return undefined;
  const isHtml = (last.response.headers['content-type'] ?? '').includes('html');
  const https = last.request.url.startsWith('https:');
  return {
    host,
    url: last.request.url,
    exchange: last,
    truncated: last.response.bodyTruncated,
    mixed: isHtml && https ? findMixedContent(body) : [],
  };
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
