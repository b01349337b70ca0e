// The page builder of the target model (issue 12): with nothing but an app
// URL, the app's own page and the scripts it loads say which API calls the
// front end makes: fetch('/api/invoices'), axios.post('/api/invoices', …),
// api('DELETE', '/api/invoices/' + id), `/api/users/${id}`. Those become
// operations (only on the page's origin), so the unauthenticated probes have
// something to call before any login or document is configured. Reading
// minified code with regular expressions misses calls whose paths are built
// far from the call; what it finds is a start, said as such in the report.
import type { ApiOperation } from '../evidence/types.js';
import { isAuthFlow } from './har/traffic.js';
import type { Contribution } from './model.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Calls whose first (or second, after a method) string argument is a URL path. */
const CALL = /\b(fetch|axios|request|http|api|client|\$|ky|superagent|useSWR|useFetch|\$fetch)\s*(?:\.\s*(get|post|put|patch|delete|ajax|request))?\s*\(\s*(?:(['"])(GET|POST|PUT|PATCH|DELETE)\3\s*,\s*)?(['"`])/gi;
const STATIC = /\.(m?js|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|html?|json|txt|xml)$/i;
const EXPR_PARAM = '{id}';

/** The script URLs a page loads from its own origin (src attributes), absolute. */
export function scriptsOf(html: string, pageUrl: string): string[] {
  const origin = new URL(pageUrl).origin;
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi)) {
    try {
      const u = new URL(m[1]!, pageUrl);
      if (u.origin === origin && !out.includes(u.href)) out.push(u.href);
    } catch {
      // not a URL: skipped
    }
  }
  return out;
}

/** The inline scripts of a page. */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!).filter((s) => s.trim());
}

/**
 * Reads a string literal (quote already consumed at `i`) and any `+ expr +
 * 'literal'` that follows: '/api/invoices/' + id + '/approve' →
 * /api/invoices/{id}/approve. Template literals' ${…} become {id}.
 */
function pathAt(js: string, i: number, quote: string): string | undefined {
  let out = '';
  let pos = i;
  for (let part = 0; part < 6; part++) {
    const end = js.indexOf(quote, pos);
    if (end < 0 || end - pos > 300) return undefined;
    let lit = js.slice(pos, end);
    if (quote === '`') lit = lit.replace(/\$\{[^}]*\}/g, EXPR_PARAM);
    out += lit;
    // `+ expr` (an id) and maybe `+ 'more'`.
    const rest = /^\s*\+\s*([^'"`+,()]{1,80}|[\w$.]+\([^()]{0,40}\))\s*(\+\s*(['"`]))?/.exec(js.slice(end + 1, end + 200));
    if (!rest) break;
    out += EXPR_PARAM;
    if (!rest[3]) break;
    quote = rest[3];
    pos = end + 1 + rest[0].length;
  }
  return out;
}

/** The method of a fetch-style call from the options that follow it ({ method: 'POST' }). */
function methodNear(js: string, from: number): string | undefined {
  // Only this call's own arguments: up to the end of its statement.
  const window = js.slice(from, from + 240).split(/[;\n]/)[0] ?? '';
  const m = /method\s*:\s*(['"])(GET|POST|PUT|PATCH|DELETE)\1/i.exec(window);
  return m?.[2]?.toUpperCase();
}

/**
 * The API calls in a script: method and path template, paths only (no
 * query). A helper that prefixes every path (fetch('/api' + path)) is
 * applied to the paths passed to it.
 */
export function apiCallsIn(js: string): { method: string; path: string }[] {
  const prefixes = [...js.matchAll(/\bfetch\s*\(\s*(['"`])(\/[\w\-/]*)\1\s*\+\s*[\w$.]+\s*[,)]/g)].map((m) => m[2]!.replace(/\/+$/, ''));
  const prefix = prefixes.length === 1 ? prefixes[0]! : '';
  const out = new Map<string, { method: string; path: string }>();
  for (const m of js.matchAll(CALL)) {
    const start = m.index + m[0].length;
    const raw = pathAt(js, start, m[5]!);
    if (!raw || !raw.startsWith('/') || raw.startsWith('//')) continue;
    let path = raw.split(/[?#]/)[0]!.replace(/\/+$/, '') || '/';
    if (path === '/' || STATIC.test(path) || /\s/.test(path)) continue;
    // The prefix helper itself (fetch('/api' + path)) is no endpoint.
    if (prefix && path === `${prefix}${EXPR_PARAM}`) continue;
    if (prefix && m[1]!.toLowerCase() !== 'fetch' && !path.startsWith(`${prefix}/`)) path = prefix + path;
    const verb = (m[4] ?? m[2] ?? '').toUpperCase();
    const method = (METHODS as readonly string[]).includes(verb) ? verb : (methodNear(js, start) ?? 'GET');
    path = path.replace(/\{id\}(?=\{id\})/g, '').replace(/\/\{id\}\{id\}/g, '/{id}');
    out.set(`${method} ${path}`, { method, path });
  }
  return [...out.values()];
}

/** The page's calls as a contribution: read-only knowledge, nothing about who may call them. */
export function fromPage(pageUrl: string, scripts: readonly string[]): Contribution {
  const calls = new Map<string, { method: string; path: string }>();
  for (const js of scripts) for (const c of apiCallsIn(js)) if (!isAuthFlow(c.method, c.path)) calls.set(`${c.method} ${c.path}`, c);
  // Numbered parameters keep a template valid when one path takes two ids.
  const operations: ApiOperation[] = [...calls.values()].map((c) => {
    let n = 0;
    const path = c.path.replace(/\{id\}/g, () => (n++ === 0 ? '{id}' : `{id${n}}`));
    return { method: c.method, path, publicInSpec: false, hasJsonBody: c.method === 'POST' || c.method === 'PUT' || c.method === 'PATCH', expectationFrom: 'spec' as const };
  });
  return {
    source: `page ${pageUrl}`,
    operations,
    notes: operations.length ? [`${operations.length} API calls read from the page's scripts at ${pageUrl} (calls whose paths are built elsewhere are missed): ${operations.map((o) => `${o.method} ${o.path}`).join(', ')}`] : [],
  };
}
