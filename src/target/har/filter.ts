// Which recorded requests are calls to the app's API. A browser recording
// holds far more: scripts, styles, images and fonts, page navigations,
// CORS preflights, analytics beacons (often proxied through the app's own
// origin) and calls to third parties (payment widgets, CDNs, error trackers).
// Only the app's own API calls become operations; the rest is counted so
// the report can say what was left out.
import type { HarEntry } from './read.js';

export type DropReason = 'third-party' | 'static' | 'analytics' | 'page' | 'preflight' | 'no-answer' | 'stream';

export const DROP_LABEL: Record<DropReason, string> = {
  'third-party': 'third-party origins',
  static: 'static assets',
  analytics: 'analytics and telemetry',
  page: 'page navigations',
  preflight: 'CORS preflights',
  'no-answer': 'requests without an answer',
  stream: 'event streams and web sockets',
};

const STATIC_EXT = /\.(m?js|cjs|css|map|png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|mp3|wav|ogg|pdf|txt|xml|webmanifest|wasm)$/i;
const STATIC_TYPES = new Set(['script', 'stylesheet', 'image', 'font', 'media', 'manifest', 'texttrack', 'ping', 'other-static']);
const STATIC_MIME = /^(text\/css|(application|text)\/(x-)?javascript|image\/|font\/|audio\/|video\/|application\/(font|wasm|manifest))/i;
/** Framework and build-tool paths: dev servers, hot reload, image optimisers, service workers. */
const FRAMEWORK_PATH = /^\/(_next\/(static|image|webpack-hmr|data\/[^/]+\/_buildManifest)|__nextjs|_nuxt\/|@vite\/|@fs\/|@id\/|node_modules\/|sockjs-node|__webpack_hmr|assets\/|static\/|build\/|packs\/|favicon|robots\.txt|sitemap|service-worker|sw\.js|manifest\.json|apple-touch-icon)/i;
/** Analytics, telemetry and error reporting, including the paths their proxies use on the app's own origin. */
const ANALYTICS_PATH = /(^|\/)(collect|g\/collect|analytics|track|tracking|beacon|telemetry|metrics|pixel|rum|vitals|insights|_vercel\/(insights|speed-insights)|cdn-cgi\/|e|i\/v0\/e|decide|capture|ingest|envelope|sentry|log-event|event|events)(\/|$|\?)/i;
const ANALYTICS_HOST = /(google-analytics|googletagmanager|doubleclick|segment\.(io|com)|mixpanel|amplitude|hotjar|plausible|posthog|sentry|datadoghq|newrelic|nr-data|fullstory|intercom|clarity\.ms|heap(analytics)?|logrocket|bugsnag|rollbar)\./i;

/**
 * What to do with one recorded request: 'api' keeps it. `appOrigins` are the
 * origins of the app and its API (scheme://host:port); everything else is a
 * third party.
 */
export function classify(e: HarEntry, appOrigins: ReadonlySet<string>): 'api' | DropReason {
  if (e.method === 'OPTIONS') return 'preflight';
  if (e.status === 0) return 'no-answer';
  if (ANALYTICS_HOST.test(e.url.hostname)) return 'analytics';
  if (!appOrigins.has(e.url.origin)) return 'third-party';
  const path = e.url.pathname;
  if (e.resourceType === 'websocket' || e.resourceType === 'eventsource' || /text\/event-stream/i.test(e.responseMime) || e.status === 101) return 'stream';
  // An app may well have /api/events or /api/metrics of its own: those answer JSON, a beacon answers 204, a pixel or "ok".
  if (ANALYTICS_PATH.test(path) && !/json/i.test(e.responseMime)) return 'analytics';
  if (e.method === 'GET' || e.method === 'HEAD') {
    if (FRAMEWORK_PATH.test(path) || STATIC_EXT.test(path)) return 'static';
    if (e.resourceType && STATIC_TYPES.has(e.resourceType)) return 'static';
    if (STATIC_MIME.test(e.responseMime)) return 'static';
    // A GET answered with a page is a navigation (or a server-rendered page), not an API call.
    if (e.resourceType === 'document' || /text\/html/i.test(e.responseMime)) return 'page';
  }
  return 'api';
}

/**
 * The app's origins in one recording: the configured ones it contains; else
 * the origin of its first page navigation; else the origin most of its
 * requests went to. A recording made on production is then read as the same
 * app when the audit targets staging (paths carry over; hosts do not).
 */
export function appOriginsOf(entries: readonly HarEntry[], configured: readonly string[]): { origins: Set<string>; matched: boolean } {
  const present = new Set(entries.map((e) => e.url.origin));
  const hit = configured.filter((o) => present.has(o));
  if (hit.length) return { origins: new Set(hit), matched: true };
  const nav = entries.find((e) => e.resourceType === 'document' || (e.method === 'GET' && /text\/html/i.test(e.responseMime)));
  if (nav) return { origins: new Set([nav.url.origin]), matched: false };
  const counts = new Map<string, number>();
  for (const e of entries) if (!ANALYTICS_HOST.test(e.url.hostname)) counts.set(e.url.origin, (counts.get(e.url.origin) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  return { origins: new Set(top ? [top] : []), matched: false };
}
