// What users look at first, opened in headless Chromium: status-history bars
// per check over 24 h / 7 d / 30 d, the p50/p95 response-time chart,
// incident history with durations, maintenance windows (alerts held), the
// public status page (no token, no internal details), SVG badges and the JSON
// history API. Thirty days of results go through the real store and alert
// state machine on an injected clock; the last run of each check is a real
// HTTP check of a loopback target. Screenshots land in
// $LAUNCHREADY_SCREENSHOTS (default: a temp dir) for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer } from '../../src/monitor/dashboard/server.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startTarget, testPlan, type Target } from './helpers.js';

const rand = () => Math.random().toString(36).slice(2, 12);
const DASH = ['dash', rand(), rand()].join('-');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
// Sunday 15 March 2026, 03:10 UTC: inside the nightly backup window of "admin".
const NOW = Date.UTC(2026, 2, 15, 3, 10);
const shots = process.env.LAUNCHREADY_SCREENSHOTS ?? mkdtempSync(path.join(tmpdir(), 'lr-monitor-screens-'));
mkdirSync(shots, { recursive: true });

let server: { url: string; close: () => Promise<void> };
let monitor: Monitor;
let store: Store;
let target: Target;
let browser: Browser;
let now = NOW - 30 * DAY;

const OUTAGE = { from: NOW - 3 * DAY + 10 * HOUR, to: NOW - 3 * DAY + 12 * HOUR };
const BLIP = { from: NOW - 20 * HOUR, to: NOW - 20 * HOUR + 20 * MIN };
const UPGRADE = { start: NOW - 2 * DAY, failFrom: NOW - 2 * DAY + 30 * MIN, failTo: NOW - 2 * DAY + 60 * MIN };
const SLOW = { from: NOW - 5 * DAY, to: NOW - 5 * DAY + 3 * HOUR };
const inside = (t: number, w: { from: number; to: number }) => t >= w.from && t < w.to;

beforeAll(async () => {
  target = await startTarget();
  const plan = testPlan({
    checks: [
      { name: 'api', url: `${target.url}/api/health`, conditions: ['[STATUS] == 200'] },
      { name: 'admin', url: `${target.url}/admin`, public: false },
    ],
    defaults: { failureThreshold: 2, successThreshold: 2 },
    maintenance: [
      { name: 'database upgrade', start: new Date(UPGRADE.start).toISOString(), duration: '2h', checks: ['api'] },
      { name: 'nightly backup', start: '03:00', duration: 30, every: ['day'], timezone: 'UTC', checks: ['admin'] },
    ],
    statusPage: { enabled: true, title: 'Acme Ops' },
  });
  store = new Store(':memory:');
  monitor = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
  // Thirty days, a result every 5 minutes per check.
  for (let t = NOW - 30 * DAY; t < NOW - 5 * MIN; t += 5 * MIN) {
    now = t;
    const apiDown = inside(t, OUTAGE) || inside(t, BLIP) || (t >= UPGRADE.failFrom && t < UPGRADE.failTo);
    const wave = 35 + 12 * Math.sin(t / (3 * HOUR)) + ((t / MIN) % 7);
    const apiMs = inside(t, SLOW) ? 380 + ((t / MIN) % 40) : wave;
    store.record('check:api', t, !apiDown, apiDown ? undefined : apiMs);
    monitor.observe('api', 'critical', !apiDown, apiDown ? `GET ${target.url}/api/health: [STATUS] (503) == 200` : 'ok', t, plan.policy);
    const adminDown = new Date(t).getUTCHours() === 3 && new Date(t).getUTCMinutes() < 30;
    store.record('check:admin', t, !adminDown, adminDown ? undefined : 80 + ((t / MIN) % 30));
    monitor.observe('admin', 'critical', !adminDown, adminDown ? 'GET /admin: no response: ECONNREFUSED' : 'ok', t, plan.policy);
    if (t % HOUR === 0) store.flush(t);
  }
  now = NOW;
  await monitor.runCheck(plan.checks[0]!);
  await monitor.runCheck(plan.checks[1]!);
  server = await startDashboardServer({ monitor, bind: '127.0.0.1', port: 0, dashboardToken: DASH, title: 'Acme Ops monitor', statusTitle: 'Acme Ops', now: () => now });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await monitor?.stop();
  store?.close();
  await target?.close();
  if (!process.env.LAUNCHREADY_SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
});

async function page(url: string, opts: { token?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const p = await context.newPage();
  const external: string[] = [];
  p.on('request', (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  if (opts.token !== false) await p.goto(`${server.url}/?token=${DASH}`);
  const res = await p.goto(`${server.url}${url}`);
  return { p, res, external, close: () => context.close() };
}

const fills = (p: Page, selector: string) => p.locator(`${selector} rect`).evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));

describe('dashboard history in headless Chromium', () => {
  it('shows status bars per check that follow the chosen range, incidents with durations, and the maintenance now', async () => {
    const { p, external, close } = await page('/');
    const api = 'tr[data-check="api"] svg.bars';
    expect(await p.locator(`${api} rect`).count()).toBe(96);
    // The 20-minute blip 20 hours ago is a red or amber bar among green ones.
    const day = await fills(p, api);
    expect(day.filter((f) => f === '#2da44e').length).toBeGreaterThan(80);
    expect(day.filter((f) => f === '#d93025' || f === '#d4a72c').length).toBeGreaterThanOrEqual(1);
    await p.screenshot({ path: path.join(shots, 'dashboard-24h.png'), fullPage: true });

    await p.click('h2:has-text("Uptime checks") a:text-is("30d")');
    expect(p.url()).toBe(`${server.url}/?range=30d`);
    expect(await p.locator(`${api} rect`).count()).toBe(30);
    const month = await fills(p, api);
    expect(month.filter((f) => f === '#d93025')).toHaveLength(1);
    // The upgrade day: failures inside a maintenance window are outlined in blue.
    expect(await p.locator(`${api} rect[stroke="#0969da"]`).count()).toBe(1);
    expect(await p.locator(`${api} rect`).nth(26).locator('title').textContent()).toBe('2026-03-12 00:00 – 00:00 UTC: 91.67% of 288 checks passed');

    const incidents = p.locator('table.incidents tbody tr');
    const rows = await incidents.allInnerTexts();
    const flat = rows.map((r) => r.replace(/\s+/g, ' '));
    expect(flat.filter((r) => /^2026-03-12 13:15 api down resolved 2\.0 h critical /.test(r))).toHaveLength(1);
    expect(flat.filter((r) => /^2026-03-14 07:15 api down resolved 20 min critical /.test(r))).toHaveLength(1);
    expect(flat.filter((r) => /^2026-03-13 03:45 api down resolved \(maintenance: not alerted\) 30 min /.test(r))).toHaveLength(1);
    // The nightly backups of "admin": thirty failures inside the window, none alerted.
    expect(flat.filter((r) => / admin down resolved \(maintenance: not alerted\) 30 min /.test(r))).toHaveLength(29);
    expect(await p.locator('[data-banner="maintenance"]').innerText()).toContain('nightly backup');
    expect(await p.locator('tr[data-check="admin"] .maint').innerText()).toBe('maintenance');
    expect(await p.locator('tr[data-window="database upgrade"]').innerText()).toMatch(/2026-03-13 03:10 UTC, for 2\.0 h\s+over/);
    expect(await p.locator('tr[data-window="nightly backup"]').innerText()).toMatch(/every day at 03:00 UTC, for 30 min\s+now — alerts held until 2026-03-15 03:30 UTC\s+admin/);
    await p.screenshot({ path: path.join(shots, 'dashboard-30d.png'), fullPage: true });
    expect(external).toEqual([]);
    await close();
  });

  it('a check page charts p50 and p95 per bucket and lists its incidents', async () => {
    const { p, close } = await page('/check/api?range=7d');
    expect(await p.locator('svg.latency polyline.p95').count()).toBeGreaterThan(0);
    expect(await p.locator('svg.latency polyline.p50').count()).toBeGreaterThan(0);
    // The slow afternoon five days ago stands out in the p95 line: a point above 300 ms.
    const titles = await p.locator('svg.latency circle title').allTextContents();
    const p95s = titles.filter((t) => t.startsWith('p95')).map((t) => Number(/p95 (\d+) ms/.exec(t)?.[1] ?? 0));
    expect(Math.max(...p95s)).toBeGreaterThan(300);
    expect(Math.min(...p95s)).toBeLessThan(100);
    expect(await p.locator('.card[data-range] svg.bars').count()).toBe(3);
    expect(await p.locator('table.incidents tbody tr').count()).toBeGreaterThanOrEqual(2);
    await p.screenshot({ path: path.join(shots, 'check-api-7d.png'), fullPage: true });
    await close();
  });

  it('the public status page needs no token and shows no internal details', async () => {
    const { p, res, close } = await page('/status', { token: false });
    expect(res?.status()).toBe(200);
    expect(await p.locator('[data-banner="overall"]').innerText()).toBe('All systems operational');
    expect(await p.locator('.card[data-check]').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-check')))).toEqual(['api']);
    expect(await p.locator('.card[data-check="api"] svg.bars rect').count()).toBe(30);
    const text = await p.content();
    for (const internal of [target.url, '127.0.0.1', '[STATUS]', '503', 'admin', 'ECONNREFUSED', DASH]) expect(text).not.toContain(internal);
    expect(await p.locator('table.incidents tbody tr').count()).toBe(2);
    await p.screenshot({ path: path.join(shots, 'status-page.png'), fullPage: true });
    await close();
  });
});

describe('badges and the JSON history API', () => {
  it('serves SVG badges for public checks without a token, and not for others', async () => {
    const status = await fetch(`${server.url}/badge/api/status.svg`);
    expect(status.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(await status.text()).toMatch(/<svg[^>]+aria-label="api: up"/);
    const uptime = await (await fetch(`${server.url}/badge/api/uptime.svg?range=30d`)).text();
    expect(uptime).toMatch(/aria-label="uptime 30d: 99\.\d\d%"/);
    expect((await fetch(`${server.url}/badge/admin/status.svg`)).status).toBe(401);
    expect(await (await fetch(`${server.url}/badge/admin/status.svg`, { headers: { authorization: `Bearer ${DASH}` } })).text()).toContain('aria-label="admin: maintenance"');
  });

  it('answers the history of a check as JSON, with p50 and p95 per bucket', async () => {
    expect((await fetch(`${server.url}/api/history?check=api`)).status).toBe(401);
    const res = await fetch(`${server.url}/api/history?check=api&range=30d`, { headers: { authorization: `Bearer ${DASH}` } });
    const h = (await res.json()) as { buckets: { uptime: number | null; p50Ms: number | null; p95Ms: number | null; maintenance: string[] }[]; incidents: { durationSeconds: number; kind: string }[]; bucketSeconds: number };
    expect(h.bucketSeconds).toBe(86_400);
    expect(h.buckets).toHaveLength(30);
    expect(h.buckets[26]!.uptime).toBeCloseTo(1 - 24 / 288, 6);
    expect(h.buckets.every((b) => b.p95Ms === null || b.p95Ms >= (b.p50Ms ?? 0))).toBe(true);
    expect(h.buckets[27]!.maintenance).toEqual(['database upgrade']);
    // The outage, the blip, and the failure inside the upgrade window (held: never alerted).
    expect(h.incidents.map((i) => i.durationSeconds).sort((a, b) => a - b)).toEqual([20 * 60, 30 * 60, 2 * 3600]);
    const missing = await fetch(`${server.url}/api/history?check=nope`, { headers: { authorization: `Bearer ${DASH}` } });
    expect(missing.status).toBe(404);
  });
});
