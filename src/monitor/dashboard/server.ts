// The monitor's one HTTP server: the dashboard (/), one page per check
// (/check/NAME), their data (/api/summary, /api/history), /metrics, the
// ingest endpoint (POST /ingest), and when enabled the public status page
// (/status, /status.json) and badges (/badge/NAME/status.svg, uptime.svg).
// Bound to loopback by default. Everything but /healthz, the status page and
// the badges of public checks needs the dashboard token (a bearer header, or
// ?token= once, which sets an HttpOnly cookie holding only the token's hash);
// /ingest needs the ingest token. Bodies are capped and every request has a
// deadline, so a slow or huge client cannot hold it.
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotDurableError } from '../events.js';
import type { Monitor } from '../runtime.js';
import { renderCheckPage } from './check-page.js';
import { historyOf, rangeOf } from './history.js';
import { renderMetrics } from './metrics.js';
import { renderDashboard } from './page.js';
import { renderStatusPage } from './status-page.js';
import { buildSummary } from './summary.js';
import { checkPage, dashboardView, historyJson, isPublic, statusBadge, statusJson, statusPage, uptimeBadge } from './views.js';

export interface DashboardServerOptions {
  monitor: Monitor;
  bind: string;
  port: number;
  dashboardToken: string;
  ingestToken?: string;
  title: string;
  /** The public status page's heading (default: the title). */
  statusTitle?: string;
  now?: () => number;
  maxBodyBytes?: number;
}

const COOKIE = 'launchready_monitor';
const hash = (s: string) => createHash('sha256').update(s).digest();
const sameSecret = (given: string, expected: string) => timingSafeEqual(hash(given), hash(expected));

export async function startDashboardServer(o: DashboardServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const now = o.now ?? Date.now;
  const cookieValue = hash(`cookie:${o.dashboardToken}`).toString('hex');
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${(err as Error).message}`);
      else res.destroy();
    });
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;

  const authorized = (req: http.IncomingMessage, token: string): boolean => {
    const auth = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (m?.[1] && sameSecret(m[1].trim(), token)) return true;
    if (token !== o.dashboardToken) return false;
    const cookie = (req.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${COOKIE}=`));
    return cookie !== undefined && sameSecret(cookie.slice(COOKIE.length + 1), cookieValue);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://monitor.invalid');
    if (url.pathname === '/healthz') return healthz(res, o.monitor);
    if (url.pathname === '/ingest') return ingest(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
    const m = o.monitor;
    const range = rangeOf(url.searchParams.get('range'), url.pathname.startsWith('/status') ? '30d' : '24h');
    // Public when the status page is on: the page, its JSON, and the badges of public checks.
    if (m.plan.statusPage.enabled && (url.pathname === '/status' || url.pathname === '/status.json')) {
      const data = statusPage(m, range, now(), o.statusTitle ?? o.title);
      return url.pathname === '/status' ? send(res, 200, 'text/html; charset=utf-8', renderStatusPage(data)) : send(res, 200, 'application/json', JSON.stringify(statusJson(data)));
    }
    const badgeMatch = /^\/badge\/([^/]+)\/(status|uptime)\.svg$/.exec(url.pathname);
    const badgeCheck = badgeMatch ? safeDecode(badgeMatch[1]!) : undefined;
    if (badgeMatch && badgeCheck !== undefined && isPublic(m, badgeCheck)) return sendBadge(res, badgeMatch[2] === 'status' ? statusBadge(m, badgeCheck, now()) : uptimeBadge(m, badgeCheck, range, now()));
    const qToken = url.searchParams.get('token');
    if (qToken !== null) {
      if (!sameSecret(qToken, o.dashboardToken)) return send(res, 401, 'text/plain', 'wrong token\n');
      // Trade the token in the URL for a cookie at once, so it leaves the address bar and history.
      res.writeHead(303, {
        location: url.pathname,
        'set-cookie': `${COOKIE}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/`,
        'cache-control': 'no-store',
      });
      res.end();
      return;
    }
    if (!authorized(req, o.dashboardToken)) {
      res.setHeader('www-authenticate', 'Bearer realm="launchready monitor"');
      return send(res, 401, 'text/plain', 'this dashboard needs its token: open it once with ?token=… or send Authorization: Bearer …\n');
    }
    if (badgeMatch && badgeCheck !== undefined) {
      if (!m.plan.checks.some((c) => c.name === badgeCheck)) return send(res, 404, 'text/plain', 'no such check\n');
      return sendBadge(res, badgeMatch[2] === 'status' ? statusBadge(m, badgeCheck, now()) : uptimeBadge(m, badgeCheck, range, now()));
    }
    const checkMatch = /^\/check\/([^/]+)$/.exec(url.pathname);
    if (checkMatch) {
      const data = checkPage(m, safeDecode(checkMatch[1]!) ?? '', range, now(), o.title);
      return data ? send(res, 200, 'text/html; charset=utf-8', renderCheckPage(data)) : send(res, 404, 'text/plain', 'no such check\n');
    }
    switch (url.pathname) {
      case '/': {
        const summary = buildSummary(m.store, m.plan, now(), m.flags);
        return send(res, 200, 'text/html; charset=utf-8', renderDashboard(summary, o.title, dashboardView(m, range, now())));
      }
      case '/api/history': {
        const name = url.searchParams.get('check') ?? '';
        if (!m.plan.checks.some((c) => c.name === name)) return send(res, 404, 'application/json', JSON.stringify({ error: `no check named "${name}"`, checks: m.plan.checks.map((c) => c.name) }));
        return send(res, 200, 'application/json', JSON.stringify(historyJson(historyOf(m.store, m.plan, name, range, now(), { latency: true }))));
      }
      case '/api/summary':
        return send(res, 200, 'application/json', JSON.stringify(buildSummary(m.store, m.plan, now(), m.flags)));
      case '/metrics': {
        const summary = buildSummary(m.store, m.plan, now(), m.flags);
        const lateness = m.scheduler.stats.lateness.quantile(0.99);
        return send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', renderMetrics(summary, { latenessP99Ms: lateness, eventsAccepted: m.sink.accepted }));
      }
      default:
        return send(res, 404, 'text/plain', 'not found\n');
    }
  }

  async function ingest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!o.ingestToken) return send(res, 404, 'text/plain', 'ingest is off: set monitor.ingest.token\n');
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'POST JSON events here\n');
    if (!authorized(req, o.ingestToken)) return send(res, 401, 'text/plain', 'missing or wrong bearer token\n');
    const body = await readBody(req, o.maxBodyBytes ?? 1024 * 1024);
    if (body === undefined) {
      send(res, 413, 'text/plain', 'body too large\n');
      req.destroy();
      return;
    }
    let items: unknown[];
    try {
      const t = body.trim();
      items = t.startsWith('[') ? (JSON.parse(t) as unknown[]) : t.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
    } catch {
      return send(res, 400, 'text/plain', 'expected a JSON event, a JSON array of events, or one JSON event per line\n');
    }
    let result;
    try {
      result = o.monitor.sink.ingest(items);
    } catch (err) {
      if (err instanceof NotDurableError) {
        res.setHeader('retry-after', '30');
        return send(res, 503, 'text/plain', `${err.message}\n`);
      }
      throw err;
    }
    send(res, 202, 'application/json', JSON.stringify(result));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.bind, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 200 "ok" while the store works; 503 with one line per fault otherwise (load balancers and uptime checks read the status). */
function healthz(res: http.ServerResponse, m: Monitor): void {
  const h = m.store.health();
  if (h.ok) return send(res, 200, 'text/plain', 'ok\n');
  send(res, 503, 'text/plain', `${h.faults.map((f) => `store ${f.kind}: ${f.message}`).join('\n')}\n`);
}

function sendBadge(res: http.ServerResponse, svg: string): void {
  res.writeHead(200, {
    'content-type': 'image/svg+xml; charset=utf-8',
    // Short enough that a README badge follows an outage, long enough that a popular one is not a load.
    'cache-control': 'max-age=60',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(svg);
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(undefined);
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
