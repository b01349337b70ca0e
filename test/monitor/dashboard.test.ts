// The dashboard opened in headless Chromium shows the five numbers for a
// known event stream sent through the real ingest endpoint.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardServer } from '../../src/monitor/dashboard/server.js';
import { RELATIVE_ERROR } from '../../src/monitor/histogram.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startTarget, testPlan, type Target } from './helpers.js';

const rand = () => Math.random().toString(36).slice(2, 12);
const DASH = ['dash', rand(), rand()].join('-');
const INGEST = ['ingest', rand(), rand()].join('-');

let server: { url: string; close: () => Promise<void> };
let monitor: Monitor;
let store: Store;
let target: Target;

function stream(): unknown[] {
  const events: unknown[] = [];
  // 100 requests taking 1..100 ms: p95 is 95 ms. Three answer 500 (one on signup).
  for (let i = 1; i <= 100; i++) {
    const route = i % 10 === 0 ? '/api/signup' : i % 7 === 0 ? '/api/auth/login' : `/api/invoices/${i}`;
    const status = i === 10 || i === 33 || i === 66 ? 500 : i % 7 === 0 ? 401 : 200;
    events.push({ type: 'request', route, method: 'GET', status, durationMs: i });
  }
  for (let i = 0; i < 4; i++) events.push({ type: 'login_failed' });
  for (const attempt of [1, 1, 2, 3]) events.push({ type: 'webhook', attempt });
  for (let i = 0; i < 10; i++) events.push({ type: 'email', status: 'sent' });
  events.push({ type: 'email', status: 'bounced' });
  return events;
}

beforeAll(async () => {
  target = await startTarget();
  store = new Store(':memory:');
  const plan = testPlan({ checks: [{ name: 'home', url: target.url }] });
  monitor = new Monitor({ plan, store, redactor: new Redactor() });
  await monitor.runCheck(plan.checks[0]!);
  server = await startDashboardServer({ monitor, bind: '127.0.0.1', port: 0, dashboardToken: DASH, ingestToken: INGEST, title: 'Acme Ops monitor' });
});

afterAll(async () => {
  await server?.close();
  await monitor?.stop();
  store?.close();
  await target?.close();
});

describe('ingest and dashboard', () => {
  it('refuses events without the ingest token, accepts them with it', async () => {
    const body = JSON.stringify(stream());
    const denied = await fetch(`${server.url}/ingest`, { method: 'POST', body, headers: { authorization: `Bearer ${DASH}` } });
    expect(denied.status).toBe(401);
    const res = await fetch(`${server.url}/ingest`, { method: 'POST', body, headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 119, rejected: 0, reasons: {} });
    const bad = await fetch(`${server.url}/ingest`, { method: 'POST', body: '{nope', headers: { authorization: `Bearer ${INGEST}` } });
    expect(bad.status).toBe(400);
    const huge = await fetch(`${server.url}/ingest`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024), headers: { authorization: `Bearer ${INGEST}` } }).catch(() => undefined);
    if (huge) expect(huge.status).toBe(413);
  });

  it('needs the dashboard token', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/?token=wrong`)).status).toBe(401);
  });

  it('serves /metrics in the Prometheus text format', async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${DASH}` } });
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('# TYPE launchready_app_errors_1h gauge');
    expect(text).toMatch(/^launchready_app_errors_1h 3$/m);
    expect(text).toMatch(/^launchready_failed_logins_1h 4$/m);
    expect(text).toMatch(/^launchready_webhook_retries_1h 2$/m);
    expect(text).toMatch(/^launchready_email_bounce_ratio_1h 0\.1$/m);
    expect(text).toMatch(/^launchready_check_up\{check="home"\} 1$/m);
    expect(text).toMatch(/^launchready_flow_error_ratio_1h\{flow="signup"\} 0\.1$/m);
    // Every sample line is NAME{LABELS} VALUE.
    for (const line of text.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_][a-z0-9_]*(\{[^}]*\})? (-?[\d.]+|NaN)$/);
  });

  describe('in headless Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      });
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows the five numbers, uptime, the p95 chart, with no token left in the address bar', async () => {
      const page = await browser.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(server.url)) external.push(r.url());
      });
      await page.goto(`${server.url}/?token=${DASH}`);
      expect(page.url()).toBe(`${server.url}/`);
      const value = (id: string) => page.locator(`[data-metric="${id}"] .value`).innerText();
      const p95 = Number((await value('p95')).replace(/[^\d.]/g, ''));
      expect(Math.abs(p95 - 95)).toBeLessThanOrEqual(95 * RELATIVE_ERROR + 0.5);
      expect(await value('errors')).toBe('3');
      expect(await value('failed-logins')).toBe('4');
      expect(await value('webhook-retries')).toBe('2');
      expect(await value('bounce-rate')).toBe('10.0%');
      expect(await page.locator('[data-metric="errors"] .hint').innerText()).toContain('signup 10.0%');
      expect(await page.locator('tr[data-check="home"]').innerText()).toContain('100.00%');
      expect(await page.locator('svg[aria-label="p95 latency chart"] polyline').count()).toBeGreaterThan(0);
      expect(external).toEqual([]);
      await page.close();
    });
  });
});
