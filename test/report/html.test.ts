import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/renderers/html.js';
import { renderJunit } from '../../src/report/renderers/junit.js';
import { HOSTILE_TITLE, allFindings, sampleReport } from '../fixtures/sample-report.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

describe('renderHtml (static)', () => {
  const html = renderHtml(sampleReport());

  it('marks the verdict for machines and people', () => {
    expect(html).toContain('<h1 id="verdict" class="verdict not-ready" data-verdict="not-ready">NOT READY — 2 to fix first</h1>');
    const ready = renderHtml(sampleReport({ verdict: 'ready', verdictLine: 'READY — nothing to fix first' }));
    expect(ready).toMatch(/<h1 id="verdict"[^>]* data-verdict="ready">READY — nothing to fix first<\/h1>/);
  });

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\(/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(#[\w-]+|https:\/\/github\.com\/launchready\/launchready\/blob\/main\/docs\/checks\/[\w-]+\.md)$/);
    // Every in-page link resolves: offline, "Read more" opens the embedded check page.
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
    for (const href of hrefs.filter((x) => x.startsWith('#'))) expect(ids.has(href.slice(1)), href).toBe(true);
    expect(hrefs).toContain('#doc-env-file-committed');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
  });

  it('escapes every interpolated string', () => {
    expect(html).toContain('GET /api/search?q=&lt;script&gt;alert(1)&lt;/script&gt; | returns names &amp; emails without login');
  });

  it('shows unsafe docs links as text, not links', () => {
    const r = sampleReport();
    r.checks[0]!.docs = 'javascript:alert(1)';
    const out = renderHtml(r);
    expect(out).not.toContain('href="javascript:');
    expect(out).toContain('<code>javascript:alert(1)</code>');
  });
});

describe('renderHtml in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const dialogs: string[] = [];
  const blocked: string[] = [];
  const report: Report = sampleReport();

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    dir = mkdtempSync(path.join(tmpdir(), 'launchready-html-'));
    const file = path.join(dir, 'report.html');
    writeFileSync(file, renderHtml(report));
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The report must work offline: any non-file request is a defect.
    await page.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the verdict at the top', async () => {
    const verdict = page.locator('#verdict');
    expect(await verdict.textContent()).toBe(report.verdictLine);
    expect(await verdict.getAttribute('data-verdict')).toBe('not-ready');
    // The card counts open fixes, as the verdict does.
    expect(await page.locator('.card.fix-first .n').textContent()).toBe(String(report.fixCounts!['fix-first'].fixes));
    expect(await page.locator('.card.score .n').textContent()).toBe(`${report.score}/100`);
  });

  it('lists every finding once, expandable, in its triage section', async () => {
    expect(await page.locator('details.finding').count()).toBe(allFindings(report).length);
    expect(await page.locator('#fix-first details.finding').count()).toBe(3);
    expect(await page.locator('#launch-now details.finding').count()).toBe(2);
    expect(await page.locator('#defer details.finding').count()).toBe(2);
    expect(await page.locator('#fix-first .meaning').textContent()).toMatch(/before customers get access/);
    expect(await page.locator('details.finding.accepted .badge.accepted').count()).toBe(1);
  });

  it('expands a finding to show evidence, reproduction and fix', async () => {
    const finding = page.locator('details.finding', { hasText: '.env.production is committed' });
    const repro = finding.locator('pre.repro');
    expect(await repro.isVisible()).toBe(false);
    await finding.locator('summary').click();
    expect(await finding.getAttribute('open')).not.toBeNull();
    expect(await repro.textContent()).toBe('git ls-files --error-unmatch .env.production');
    expect(await finding.locator('.evidence pre').textContent()).toContain('STRIPE_SECRET_KEY=sk_l…9xQ2');
    expect(await finding.locator('.docs a.embedded').getAttribute('href')).toBe('#doc-env-file-committed');
    expect(await finding.locator('.docs a.online').getAttribute('href')).toBe('https://github.com/launchready/launchready/blob/main/docs/checks/env-file-committed.md');
    // Offline, the link lands on the check's page embedded in the report.
    await finding.locator('.docs a.embedded').click();
    expect(await page.locator('#doc-env-file-committed h4').first().textContent()).toBe('env-file-committed');
    expect(await page.locator('#doc-env-file-committed').textContent()).toContain('How to fix');
  });

  it('renders a hostile title as text and runs no script', async () => {
    const title = page.locator('details.finding .title').first();
    expect(await title.textContent()).toBe(HOSTILE_TITLE);
    expect(await page.locator('script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('has a section per stage with status badges and the map tables', async () => {
    expect(await page.locator('section.stage').count()).toBe(7);
    expect(await page.locator('#stage-3 .badge.status-error').textContent()).toContain('error');
    expect(await page.locator('#stage-3 tr.row-error').textContent()).toContain('timed out after 5000 ms');
    expect(await page.locator('#stage-4 a[href^="#finding-"]').count()).toBe(2);
    expect(await page.locator('#map table').count()).toBe(2);
    expect(await page.locator('#map table').first().textContent()).toContain('mail|relay.acme-ops.example');
  });

  it('keeps the request ledger collapsed', async () => {
    const ledger = page.locator('details.ledger');
    expect(await ledger.getAttribute('open')).toBeNull();
    expect(await ledger.locator('summary').textContent()).toBe('Request ledger (4 requests)');
  });

  it('attempted no network request', () => {
    expect(blocked).toEqual([]);
  });

  it('control: the same guards catch a page that does fetch and alert', async () => {
    const control = await browser.newPage();
    const seen: string[] = [];
    const alerts: string[] = [];
    control.on('dialog', (d) => {
      alerts.push(d.message());
      void d.dismiss();
    });
    await control.route('**', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      seen.push(url);
      return route.abort();
    });
    const file = path.join(dir, 'control.html');
    writeFileSync(file, '<!doctype html><img src="http://example.invalid/x.png"><script>alert(1)</script>');
    await control.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await control.close();
    expect(seen).toEqual(['http://example.invalid/x.png']);
    expect(alerts).toEqual(['1']);
  });

  it('the JUnit report parses in the browser XML parser', async () => {
    const xml = renderJunit(report);
    const parsed = await page.evaluate((src) => {
      // The project compiles without the DOM lib; this is the slice of it used here.
      type Parser = { parseFromString(s: string, type: string): { getElementsByTagName(n: string): { length: number } } };
      const { DOMParser } = globalThis as unknown as { DOMParser: new () => Parser };
      const doc = new DOMParser().parseFromString(src, 'application/xml');
      return { errors: doc.getElementsByTagName('parsererror').length, cases: doc.getElementsByTagName('testcase').length };
    }, xml);
    expect(parsed).toEqual({ errors: 0, cases: report.checks.length });
  });
});
