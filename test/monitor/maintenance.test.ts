// Maintenance windows: recurring ones follow their time zone (DST included),
// and while one covers a check its alerts are held: an outage that ends inside
// the window is never alerted, one still failing after it is alerted once,
// saying it was held. Real webhook receiver and target; injected clock.
import { afterEach, describe, expect, it } from 'vitest';
import type { MaintenanceConfig } from '../../src/config/monitor-schema.js';
import { activeWindow, spans } from '../../src/monitor/maintenance.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startTarget, startWebhookReceiver, testPlan } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const MIN = 60_000;

describe('maintenance windows', () => {
  it('a recurring window is wall-clock time in its zone, across a DST change', () => {
    const w: MaintenanceConfig = { name: 'backup', start: '02:30', duration: '1h', every: ['sunday'], timezone: 'Europe/Berlin' };
    // Sunday 22 March 2026 (CET, UTC+1) and Sunday 29 March (CEST from 02:00, UTC+2).
    const s = spans(w, Date.UTC(2026, 2, 20), Date.UTC(2026, 3, 6));
    expect(s.map((x) => new Date(x.start).toISOString())).toEqual(['2026-03-22T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-04-05T00:30:00.000Z']);
    expect(s.every((x) => x.end - x.start === 60 * MIN)).toBe(true);
    const daily: MaintenanceConfig = { name: 'night', start: '23:30', duration: 60, every: ['day'], timezone: 'UTC', checks: ['db'] };
    // Runs past midnight: 00:15 belongs to the window that started the evening before.
    expect(activeWindow([daily], 'db', Date.UTC(2026, 0, 2, 0, 15))?.start).toBe(Date.UTC(2026, 0, 1, 23, 30));
    expect(activeWindow([daily], 'web', Date.UTC(2026, 0, 2, 0, 15))).toBeUndefined();
    expect(activeWindow([daily], 'db', Date.UTC(2026, 0, 2, 0, 31))).toBeUndefined();
  });

  it('holds alerts inside the window; a failure that outlasts it is alerted once, saying it was held', async () => {
    const target = await startTarget();
    const hooks = await startWebhookReceiver();
    cleanups.push(() => target.close(), () => hooks.close());
    const start = Date.UTC(2026, 0, 6, 22, 0);
    let now = start - 10 * MIN;
    const plan = testPlan({
      checks: [{ name: 'web', url: target.url }],
      defaults: { failureThreshold: 2, successThreshold: 2 },
      maintenance: [{ name: 'deploy', start: new Date(start).toISOString(), duration: 30 }],
      channels: { hook: { type: 'webhook', url: `${hooks.url}/hook` } },
      routes: { critical: ['hook'] },
    });
    const store = new Store(':memory:');
    const m = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    const at = async (t: number, status: number) => {
      now = t;
      target.status = status;
      await m.runCheck(plan.checks[0]!);
      await m.dispatcher.settle();
    };
    // A deploy that breaks the site for ten minutes inside its window: nothing is sent.
    for (let t = start; t < start + 10 * MIN; t += MIN) await at(t, 503);
    for (let t = start + 10 * MIN; t < start + 15 * MIN; t += MIN) await at(t, 200);
    expect(hooks.bodies).toEqual([]);
    expect(store.incidents()).toMatchObject([{ held: 1, resolved: start + 11 * MIN }]);
    // It breaks again near the end and stays broken after the window: one DOWN, once the window is over.
    for (let t = start + 25 * MIN; t < start + 30 * MIN; t += MIN) await at(t, 503);
    expect(hooks.bodies).toEqual([]);
    for (let t = start + 30 * MIN; t < start + 33 * MIN; t += MIN) await at(t, 503);
    expect(hooks.bodies.map((b) => b.event)).toEqual(['opened']);
    expect(String(hooks.bodies[0]!.text)).toContain('Held during the maintenance window "deploy", which has ended');
    await at(start + 34 * MIN, 200);
    await at(start + 35 * MIN, 200);
    expect(hooks.bodies.map((b) => b.event)).toEqual(['opened', 'resolved']);
  });
});
