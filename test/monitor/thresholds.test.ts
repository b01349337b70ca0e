// Alerts on the app's own numbers: error rates of signup / password reset and
// the email bounce rate, judged over a sliding window with an injected clock,
// delivered to a real webhook receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startWebhookReceiver, testPlan, type Received } from './helpers.js';

let hooks: Received;
beforeAll(async () => {
  hooks = await startWebhookReceiver();
});
afterAll(async () => {
  await hooks.close();
});

describe('threshold alerts', () => {
  it('raises one alert when the signup error rate crosses the threshold and one resolved notice when it recovers', async () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const plan = testPlan({
      thresholds: { windowMinutes: 15, minEvents: 20, flowErrorRate: 0.05, bounceRate: 0.05 },
      channels: { hook: { type: 'webhook', url: `${hooks.url}/hook` } },
      routes: { critical: ['hook'], warning: ['hook'] },
    });
    const store = new Store(':memory:');
    const m = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
    try {
      const req = (route: string, status: number) => m.sink.add({ type: 'request', at: now, route, method: 'POST', status, durationMs: 30 });
      // Too few events: nothing is decided.
      for (let i = 0; i < 10; i++) req('/api/signup', 500);
      m.evaluateThresholds();
      await m.dispatcher.settle();
      expect(hooks.bodies).toHaveLength(0);

      // 10 errors in 30 signups (33%), and 2 bounces in 20 sends (10%).
      for (let i = 0; i < 20; i++) req('/api/signup', 201);
      for (let i = 0; i < 20; i++) m.sink.add({ type: 'email', at: now, status: 'sent' });
      for (let i = 0; i < 2; i++) m.sink.add({ type: 'email', at: now, status: 'bounced' });
      m.evaluateThresholds();
      now += 60_000;
      m.evaluateThresholds();
      await m.dispatcher.settle();
      expect(hooks.bodies.map((b) => `${String(b.event)}:${String(b.monitor)}`).sort()).toEqual(['opened:email:bounce-rate', 'opened:error-rate:signup']);
      expect(String(hooks.bodies.find((b) => b.monitor === 'error-rate:signup')!.summary)).toContain('signup error rate 33.3% (10 of 30');

      // Twenty minutes later the bad minute has left the window; healthy traffic resolves both.
      now += 20 * 60_000;
      for (let i = 0; i < 40; i++) req('/api/signup', 201);
      for (let i = 0; i < 20; i++) m.sink.add({ type: 'email', at: now, status: 'sent' });
      m.evaluateThresholds();
      await m.dispatcher.settle();
      expect(hooks.bodies.map((b) => `${String(b.event)}:${String(b.monitor)}`).sort()).toEqual([
        'opened:email:bounce-rate',
        'opened:error-rate:signup',
        'resolved:email:bounce-rate',
        'resolved:error-rate:signup',
      ]);
      expect(hooks.bodies.find((b) => b.event === 'opened')?.kind).toBe('breached');
    } finally {
      await m.stop();
      store.close();
    }
  });
});
