// CSRF tokens of cookie sessions, read where the framework puts them and sent
// back the way it checks them (auth.csrf):
// - Rails: <meta name="csrf-token"> on a page, sent as X-CSRF-Token;
// - Django: the csrftoken cookie, echoed in X-CSRFToken (double submit);
// - Laravel: the XSRF-TOKEN cookie (URL-encoded), echoed in X-XSRF-TOKEN;
// - Express csurf: a token from a route or meta tag, sent as CSRF-Token /
//   X-CSRF-Token, bound to the _csrf secret cookie in the jar.
// Every framework above also accepts the header on the login form itself,
// so one header serves the login and every later write.
import type { LaunchConfig } from '../config/schema.js';
import type { RawResult } from '../probe/client.js';
import type { CookieJar } from './cookies.js';
import { readPath, splitSource } from './sign-in.js';

export interface CsrfPlan {
  kind: 'cookie' | 'header' | 'meta' | 'json';
  name: string;
  /** "GET /path" that issues the token (default: GET of the login path, which is how Django and Rails hand out theirs). */
  page?: { method: string; path: string };
  header: string;
  field?: string;
}

export function csrfPlan(config: LaunchConfig): CsrfPlan | undefined {
  const c = config.auth.csrf;
  if (!c) return undefined;
  const [kind, name] = splitSource(c.from) as [CsrfPlan['kind'], string];
  const m = c.page ? /^\s*([A-Za-z]+)\s+(\S+)\s*$/.exec(c.page) : null;
  const page = m ? { method: (m[1] ?? 'GET').toUpperCase(), path: m[2] ?? '/' } : c.page ? { method: 'GET', path: c.page.trim() } : config.auth.login ? { method: 'GET', path: config.auth.login.path } : undefined;
  return { kind, name, ...(page ? { page } : {}), header: c.header ?? defaultHeader(kind, name), ...(c.field ? { field: c.field } : {}) };
}

function defaultHeader(kind: string, name: string): string {
  if (kind === 'cookie' && /^csrftoken$/i.test(name)) return 'X-CSRFToken';
  if (kind === 'cookie' && /^xsrf-token$/i.test(name)) return 'X-XSRF-TOKEN';
  return 'X-CSRF-Token';
}

/** The token in the jar or in a page's answer (header, meta tag or JSON), per the plan. */
export function csrfFrom(plan: CsrfPlan, jar: CookieJar, page?: Pick<RawResult, 'body' | 'headers'>): string | undefined {
  if (plan.kind === 'cookie') {
    const v = jar.get(plan.name);
    // Laravel URL-encodes its XSRF-TOKEN cookie and compares the decoded value.
    return v ? safeDecode(v) : undefined;
  }
  if (!page) return undefined;
  if (plan.kind === 'header') return page.headers?.[plan.name.toLowerCase()] || undefined;
  if (plan.kind === 'meta') return metaContent(page.body, plan.name);
  let json: unknown;
  try {
    json = JSON.parse(page.body);
  } catch {
    return undefined;
  }
  const v = readPath(json, plan.name);
  return typeof v === 'string' && v ? v : undefined;
}

/** <meta name="csrf-token" content="…">, attributes in either order. */
export function metaContent(html: string, name: string): string | undefined {
  for (const m of html.matchAll(/<meta\b[^>]*>/gi)) {
    const tag = m[0];
    const n = /\bname\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    if (n?.toLowerCase() !== name.toLowerCase()) continue;
    const c = /\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    if (c) return decodeEntities(c);
  }
  return undefined;
}

const decodeEntities = (s: string) => s.replace(/&#x2F;/gi, '/').replace(/&#x3D;|&#61;/gi, '=').replace(/&#43;|&#x2B;/gi, '+').replace(/&amp;/g, '&').replace(/&quot;/g, '"');

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
