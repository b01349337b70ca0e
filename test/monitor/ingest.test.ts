// What ingest promises: a 202 means the events are in the database (a real
// `launchready monitor` child is killed with SIGKILL right after the answer,
// and the events are there), route series are capped, events outside the time
// window are refused with the reason; and a log line too long to parse is
// still scanned for secrets.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { C, ROUTE_OTHER, SERIES_ROUTE } from '../../src/monitor/events.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { testPlan, until } from './helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lr-ingest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rand = () => Math.random().toString(36).slice(2, 12);
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'crash', 'child.ts');

describe('ingest', () => {
  it('answers 202 only once the events are stored: a SIGKILL right after loses none', async () => {
    const token = ['ingest', rand(), rand()].join('-');
    const config = path.join(dir, 'launchready.yml');
    const db = path.join(dir, 'kill.db');
    writeFileSync(config, ['project: { name: T }', 'environments:', '  production: {}', 'monitor:', '  defaultChecks: false', '  dns: { enabled: false }', '  ingest: { token: env:LR_TEST_INGEST }', ''].join('\n'));
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'monitor', '-c', config, '--db', db, '--port', '0'], {
      env: { ...process.env, LR_TEST_INGEST: token },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await until(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+)/.test(err), 'the dashboard URL', 60_000);
      const base = /dashboard: (http:\/\/127\.0\.0\.1:\d+)/.exec(err)![1]!;
      const events = Array.from({ length: 500 }, (_, i) => ({ type: 'request', route: `/api/items/${i}`, method: 'GET', status: i % 50 === 0 ? 500 : 200, durationMs: 5 + (i % 20) }));
      const res = await fetch(`${base}/ingest`, { method: 'POST', body: JSON.stringify(events), headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ accepted: 500, rejected: 0, reasons: {} });
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const store = new Store(db);
    const now = Date.now();
    expect(store.counter(C.requests, now - 3_600_000, now + 60_000)).toBe(500);
    expect(store.counter(C.errors, now - 3_600_000, now + 60_000)).toBe(10);
    store.close();
  }, 120_000);

  it('caps route series and refuses events outside the time window, saying why', () => {
    const now = Date.UTC(2026, 2, 1, 12);
    const plan = testPlan({ ingest: { maxRouteSeries: 5, maxAgeMinutes: 60, maxFutureMinutes: 5 } });
    const store = new Store(':memory:');
    const m = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
    const unique = Array.from({ length: 50 }, (_, i) => ({ type: 'request', route: `/p/${rand()}-${i}x`, status: 200, durationMs: 3, at: now }));
    expect(m.sink.ingest(unique)).toEqual({ accepted: 50, rejected: 0, reasons: {} });
    const series = store.series(SERIES_ROUTE);
    expect(series).toHaveLength(6);
    expect(series).toContain(`${SERIES_ROUTE}${ROUTE_OTHER}`);
    expect(store.availability(`${SERIES_ROUTE}${ROUTE_OTHER}`, now - 60_000, now + 60_000).count).toBe(45);
    // 28 days old, an hour ahead, and not an event at all.
    const r = m.sink.ingest([
      { type: 'request', route: '/a', status: 200, durationMs: 1, at: now - 28 * 86_400_000 },
      { type: 'login_failed', at: new Date(now + 3_600_000).toISOString() },
      { type: 'nope' },
      { type: 'login_failed', at: now - 30 * 60_000 },
    ]);
    expect(r).toEqual({ accepted: 1, rejected: 3, reasons: { 'too-old': 1, 'in-the-future': 1, invalid: 1 } });
    // The cap holds across a restart: the known routes come back from the database.
    const m2 = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
    m2.sink.ingest([{ type: 'request', route: '/brand-new', status: 200, durationMs: 1, at: now }]);
    expect(store.series(SERIES_ROUTE)).toHaveLength(6);
    store.close();
  });
});

describe('log lines over the limit', () => {
  it('a 5 MB line is scanned in pieces: the password in it is found, masked', async () => {
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const plan = testPlan({ logs: [{ path: file }] });
    const store = new Store(':memory:');
    const m = new Monitor({ plan, store, redactor: new Redactor(), logsFromStart: true });
    const password = ['pw', rand(), rand(), rand()].join('');
    const filler = 'x'.repeat(5 * 1024 * 1024);
    appendFileSync(file, `${JSON.stringify({ level: 30, msg: 'dump', blob: filler.slice(0, 3_000_000), body: { email: 'olivia@acme.test', password }, tail: filler.slice(0, 2_000_000) })}\n`);
    appendFileSync(file, `${JSON.stringify({ level: 30, msg: 'after', req: { url: '/x', method: 'GET' }, res: { statusCode: 200 }, responseTime: 4 })}\n`);
    for (let i = 0; i < 5; i++) await m.pollLogs();
    const flags = m.flags.summaries();
    expect(flags.map((f) => `${f.kind}@${f.path}`).sort()).toEqual(['email@(long line)', 'password@(long line).password']);
    expect(JSON.stringify(flags)).not.toContain(password);
    // The line after it is read as usual.
    expect(m.sink.accepted).toBe(1);
    await m.stop();
    store.close();
  });
});
