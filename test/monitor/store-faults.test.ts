// The store fails loudly and alerting goes on: a running monitor whose
// SQLite file is deleted, replaced, made read-only or corrupted says so in its
// log, in /healthz and on the dashboard, and still delivers the next alert
// (to a real webhook receiver); the data goes back into the file once the
// path can hold it. A corrupt file at start is a one-line error, exit 2.
import { chmodSync, copyFileSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync, closeSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startDashboardServer } from '../../src/monitor/dashboard/server.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store, StoreOpenError } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { runCli } from '../helpers/run-cli.js';
import { apiWithWebhook, runUntilDown, until } from './helpers.js';

const root = mkdtempSync(path.join(tmpdir(), 'lr-store-faults-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const TOKEN = ['dash', Math.random().toString(36).slice(2), Math.random().toString(36).slice(2)].join('-');
let n = 0;

async function running() {
  const dir = path.join(root, `case-${n++}`);
  const db = path.join(dir, 'monitor.db');
  const { target, hooks, plan, close } = await apiWithWebhook();
  const lines: string[] = [];
  const store = new Store(db, { log: (l) => lines.push(l) });
  const m = new Monitor({ plan, store, redactor: new Redactor(), log: (l) => lines.push(l) });
  m.start();
  const server = await startDashboardServer({ monitor: m, bind: '127.0.0.1', port: 0, dashboardToken: TOKEN, title: 'Faults' });
  cleanups.push(async () => {
    await server.close();
    await m.stop();
    store.close();
    await close();
  });
  await until(() => target.hits >= 3, 'the first checks');
  const healthz = async () => (await fetch(`${server.url}/healthz`)).status;
  const page = async () => (await fetch(`${server.url}/`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
  /** The next outage is alerted: the target goes down, the webhook gets the DOWN. */
  const alertsStillWork = async () => {
    target.status = 503;
    await until(() => hooks.bodies.some((b) => b.event === 'opened'), 'a DOWN alert after the fault');
  };
  return { db, dir, store, m, lines, healthz, page, alertsStillWork, target, hooks };
}

const incidentsIn = (file: string) => {
  const d = new Database(file, { readonly: true });
  try {
    return (d.prepare('SELECT id FROM incidents').all() as { id: string }[]).map((r) => r.id);
  } finally {
    d.close();
  }
};

describe('a store that breaks under a running monitor', () => {
  it('corrupted: an error in the log, /healthz 503, a banner; alerting continues from memory; written back once the file is removed', async () => {
    const s = await running();
    expect(await s.healthz()).toBe(200);
    // As after a checkpoint (SQLite runs one every 1000 pages): the file holds every page, the -wal none,
    // so closing the broken connection cannot write the pages back over the damage.
    s.store.db.pragma('wal_checkpoint(TRUNCATE)');
    const fd = openSync(s.db, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, 0);
    closeSync(fd);
    await until(() => s.lines.some((l) => l.startsWith('store error:') && l.includes('corrupt')), 'the error in the log');
    expect(await s.healthz()).toBe(503);
    expect(await s.page()).toMatch(/data-banner="store"[^>]*><b>Database problem — alerting continues from memory\.<\/b>[^<]*is corrupt/);
    expect(s.store.health()).toMatchObject({ ok: false, mode: 'memory' });

    await s.alertsStillWork();
    expect(s.store.health().mode).toBe('memory');

    // The operator moves the broken file away: the monitor writes what it holds back to the path.
    rmSync(s.db);
    await until(() => s.store.health().ok, 'the store back on its file');
    expect(await s.healthz()).toBe(200);
    expect(incidentsIn(s.db)).toHaveLength(1);
    expect(await s.page()).toContain('data-banner="store-recovered"');
  });

  it('deleted: said in the log, and the data is written back to the path at once', async () => {
    const s = await running();
    s.target.status = 503;
    await until(() => s.hooks.bodies.length === 1, 'a first incident');
    rmSync(s.db);
    await until(() => s.lines.some((l) => l.includes('was deleted under the running monitor')), 'the error in the log');
    await until(() => existsSync(s.db) && s.store.health().ok, 'the file written back');
    // The open incident survived: recovery resolves it, once, instead of a second DOWN after a restart.
    expect(incidentsIn(s.db)).toHaveLength(1);
    s.target.status = 200;
    await until(() => s.hooks.bodies.length === 2, 'the RESOLVED');
    expect(s.hooks.bodies.map((b) => b.event)).toEqual(['opened', 'resolved']);
    expect(await s.page()).toContain('was deleted under the running monitor');
  });

  it('replaced by another database: noticed; the running state is merged into the new file', async () => {
    const s = await running();
    const other = path.join(s.dir, 'other.db');
    new Store(other).close();
    renameSync(other, s.db);
    await until(() => s.lines.some((l) => l.includes('was replaced under the running monitor')), 'the error in the log');
    await until(() => s.store.health().ok, 'the store on the new file');
    await s.alertsStillWork();
    await until(() => incidentsIn(s.db).length === 1, 'the incident in the new file');
  });

  it('made read-only: /healthz 503 until it is writable again; alerting continues', async () => {
    const s = await running();
    chmodSync(s.db, 0o444);
    await until(() => s.lines.some((l) => l.includes('is read-only')), 'the error in the log');
    expect(await s.healthz()).toBe(503);
    await s.alertsStillWork();
    chmodSync(s.db, 0o644);
    await until(() => s.store.health().ok, 'writable again');
    expect(await s.healthz()).toBe(200);
  });
});

describe('a store that is broken at start', () => {
  it('a corrupt file is one line naming it, and exit 2', async () => {
    const dir = path.join(root, 'start');
    const db = path.join(dir, 'monitor.db');
    new Store(db).close();
    const fd = openSync(db, 'r+');
    writeSync(fd, Buffer.from('this is not a database'), 0, 22, 0);
    closeSync(fd);
    expect(() => new Store(db)).toThrow(StoreOpenError);
    const config = path.join(dir, 'launchready.yml');
    writeFileSync(config, ['project: { name: T }', 'environments:', '  production: { appUrl: "http://127.0.0.1:9" }', 'monitor:', '  dns: { enabled: false }', ''].join('\n'));
    const r = await runCli(['monitor', '-c', config, '--db', db, '--port', '0'], { timeoutMs: 60_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`launchready: ${db}: not a SQLite database (corrupt, or another kind of file); move it away and the monitor starts with an empty store`]);
  });

  it('a file deleted between runs: the open incident comes back from FILE.id, no second DOWN, one RESOLVED', async () => {
    const dir = path.join(root, 'restore');
    const db = path.join(dir, 'monitor.db');
    const s = await apiWithWebhook();
    cleanups.push(() => s.close());
    const { target, hooks, plan } = s;
    await runUntilDown(s, db);
    for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

    const store = new Store(db);
    expect(store.health().startNotice).toMatch(/was deleted since the last run: alert history starts over; 1 incident open then \(api\) restored/);
    const m = new Monitor({ plan, store, redactor: new Redactor() });
    m.start();
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    const hits = target.hits;
    await until(() => target.hits >= hits + 10, 'checks after the restart');
    await m.dispatcher.settle();
    expect(hooks.bodies).toHaveLength(1);
    target.status = 200;
    await until(() => hooks.bodies.length === 2, 'the RESOLVED');
    expect(hooks.bodies.map((b) => b.event)).toEqual(['opened', 'resolved']);
    expect(hooks.bodies[1]!.incident).toBe(hooks.bodies[0]!.incident);
    expect(String(hooks.bodies[1]!.text)).toContain('no record of sending the alert that opened this incident');
  });

  it('a file deleted (or swapped) between runs is said at the next start', () => {
    const dir = path.join(root, 'between');
    const db = path.join(dir, 'monitor.db');
    new Store(db).close();
    rmSync(db);
    const lines: string[] = [];
    const again = new Store(db, { log: (l) => lines.push(l) });
    expect(again.health().startNotice).toContain('was deleted since the last run');
    again.close();
    copyFileSync(db, `${db}.bak`);
    rmSync(db);
    new Store(db).close();
    rmSync(db);
    copyFileSync(`${db}.bak`, db);
    const swapped = new Store(db, { log: (l) => lines.push(l) });
    expect(swapped.health().startNotice).toContain('was replaced');
    swapped.close();
    expect(lines.filter((l) => l.startsWith('store warning:'))).toHaveLength(2);
  });
});
