// Alert state lives in the database: a monitor restarted mid-incident neither
// re-alerts the open incident nor forgets to send its resolved notice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { apiWithWebhook, runUntilDown, startWebhookReceiver, testPlan, until } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('monitor restart', () => {
  it('keeps an open incident across a restart: no second alert, one resolved notice', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'monitor.db');
    const s = await apiWithWebhook();
    cleanups.push(() => s.close());
    const { target, hooks, plan } = s;
    await runUntilDown(s, db);
    const hitsAtStop = target.hits;

    // A new process: same database, target still down.
    const store = new Store(db);
    expect(store.incidents({ open: true })).toHaveLength(1);
    expect(store.loadAlertState<{ incident?: { kind: string } }>('api')?.incident?.kind).toBe('down');
    const m = new Monitor({ plan, store, redactor: new Redactor() });
    m.start();
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    await until(() => target.hits >= hitsAtStop + 10, 'checks after the restart');
    await m.dispatcher.settle();
    expect(hooks.bodies).toHaveLength(1);

    target.status = 200;
    await until(() => hooks.bodies.length === 2, 'the resolved notice');
    await until(() => target.hits >= hitsAtStop + 25, 'more checks');
    await m.dispatcher.settle();
    expect(hooks.bodies.map((b) => b.event)).toEqual(['opened', 'resolved']);
    expect(hooks.bodies[0]!.incident).toBe(hooks.bodies[1]!.incident);
  });

  it('delivers a message queued before a crash once the monitor is back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = path.join(dir, 'monitor.db');
    const hooks = await startWebhookReceiver();
    cleanups.push(() => hooks.close());
    // Queued by a process that stopped before it could deliver…
    let store = new Store(db);
    store.enqueueDelivery({ incident: 'api@1:down', channel: 'hook', kind: 'opened', seq: 0, subject: 's', idem_key: 'k1', body: JSON.stringify({ subject: 's', text: 't', payload: { event: 'opened' } }) }, Date.now());
    store.close();
    // …and picked up by the next process.
    store = new Store(db);
    const plan = testPlan({ channels: { hook: { type: 'webhook', url: `${hooks.url}/hook` } }, routes: { critical: ['hook'] } });
    const m = new Monitor({ plan, store, redactor: new Redactor() });
    m.start();
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    await until(() => hooks.bodies.length === 1, 'the queued message');
    await until(() => store.deliveries()[0]?.status === 'sent', 'the message marked sent');
    expect(store.deliveries()[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
