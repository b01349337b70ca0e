// Channels outlast outages and do not hold each other up. Time is injected:
// the test moves the monitor's clock and runs each check itself, so ten
// minutes of an SMTP outage take a second. The SMTP server, the webhook
// receiver and the target are real servers on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { renderMetrics } from '../../src/monitor/dashboard/metrics.js';
import { buildSummary } from '../../src/monitor/dashboard/summary.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startSmtp, startTarget, startWebhookReceiver, testPlan, until, type Mailbox } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const subjects = (box: Mailbox) => box.messages.map((m) => /^Subject: (.*)$/m.exec(m)?.[1] ?? '');
const MIN = 60_000;

async function setup(opts: { giveUpMinutes?: number } = {}) {
  const target = await startTarget();
  const hooks = await startWebhookReceiver();
  // Started only to learn a free port, then stopped: SMTP refuses connections until it is started again there.
  const first = await startSmtp();
  const smtpPort = first.port;
  await first.close();
  cleanups.push(() => target.close(), () => hooks.close());
  const plan = testPlan({
    checks: [{ name: 'web', url: target.url }],
    defaults: { failureThreshold: 2, successThreshold: 2 },
    alerts: { reminderMinutes: 0 },
    channels: {
      mail: { type: 'email', host: '127.0.0.1', port: smtpPort, from: 'monitor@example.test', to: ['oncall@example.test'], timeoutMs: 3_000 },
      hook: { type: 'webhook', url: `${hooks.url}/hook` },
    },
    routes: { critical: ['mail', 'hook'], warning: ['mail', 'hook'] },
  });
  // The shipped defaults: first retry after 2 s, doubling, capped at 5 minutes.
  plan.retry = { baseDelayMs: 2_000, maxDelayMs: 5 * MIN, expireAfterMs: (opts.giveUpMinutes ?? 60) * MIN };
  let now = Date.UTC(2026, 0, 5, 9, 0, 0);
  const store = new Store(':memory:', { now: () => now });
  const m = new Monitor({ plan, store, redactor: new Redactor(), now: () => now });
  cleanups.push(async () => {
    await m.stop();
    store.close();
  });
  const check = plan.checks[0]!;
  const mailRow = (kind: string) => store.deliveries(100).find((d) => d.channel === 'mail' && d.kind === kind && d.incident.startsWith('web@'));
  return {
    target,
    hooks,
    smtpPort,
    plan,
    store,
    m,
    mailRow,
    clock: () => now,
    /** Moves the clock, runs the check once and lets every queue deliver what is due. */
    async tick(ms: number) {
      now += ms;
      await m.runCheck(check);
      await m.dispatcher.settle();
    },
  };
}

describe('an alert channel that is down', () => {
  it('SMTP down for 10 minutes then back: the DOWN is delivered once, before the RESOLVED; retries never wait more than 5 minutes', async () => {
    const s = await setup();
    s.target.status = 503;
    const gaps: number[] = [];
    let lastAttempts = 0;
    let lastAttemptAt = s.clock();
    let metricsDuringOutage = '';
    // 0:00 – 10:00, SMTP refusing connections; the target is down for the first five minutes.
    for (let t = 0; t <= 10 * MIN; t += 15_000) {
      if (t === 5 * MIN) s.target.status = 200;
      await s.tick(t === 0 ? 0 : 15_000);
      const row = s.mailRow('opened');
      if (row && row.attempts > lastAttempts) {
        if (lastAttempts > 0) gaps.push(s.clock() - lastAttemptAt);
        lastAttempts = row.attempts;
        lastAttemptAt = s.clock();
      }
      if (t === 8 * MIN) metricsDuringOutage = renderMetrics(buildSummary(s.store, s.plan, s.clock()), { eventsAccepted: 0 });
    }
    // The webhook had its alerts at once; email had nothing yet and was never given up.
    expect(s.hooks.bodies.filter((b) => b.monitor === 'web').map((b) => b.event)).toEqual(['opened', 'resolved']);
    expect(s.mailRow('opened')).toMatchObject({ status: 'pending' });
    expect(s.mailRow('opened')!.attempts).toBeGreaterThanOrEqual(6);
    expect(s.mailRow('resolved')).toMatchObject({ status: 'pending', attempts: 0 });
    // /metrics said so during the outage: one retrying (the DOWN), one queued behind it (the RESOLVED).
    expect(metricsDuringOutage).toMatch(/^launchready_alert_deliveries\{channel="mail",state="retrying"\} 1$/m);
    expect(metricsDuringOutage).toMatch(/^launchready_alert_deliveries\{channel="mail",state="queued"\} 1$/m);
    expect(metricsDuringOutage).toMatch(/^launchready_alert_deliveries\{channel="hook",state="retrying"\} 0$/m);
    // The failing channel raised its own alert on the other channel.
    const failing = s.hooks.bodies.filter((b) => b.monitor === 'channel:mail');
    expect(failing.map((b) => `${String(b.event)}:${String(b.kind)}`)).toEqual(['opened:failing']);
    expect(String(failing[0]!.subject)).toBe('[launchready] ALERT CHANNEL FAILING: channel:mail');

    // 10:00: SMTP is back.
    const smtp = await startSmtp({ port: s.smtpPort });
    cleanups.push(() => smtp.close());
    for (let i = 0; i < 24 && smtp.messages.length < 2; i++) await s.tick(15_000);
    expect(subjects(smtp)).toEqual(['[launchready] DOWN: web', '[launchready] RESOLVED: web']);
    expect(smtp.messages[1]).not.toContain('never delivered');
    // Delivered on the first try after it came back, within the 5-minute cap.
    expect(s.clock() - Date.UTC(2026, 0, 5, 9, 10, 0)).toBeLessThanOrEqual(5 * MIN);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(5 * MIN + 15_000);
    expect(gaps.some((g) => g > 2 * MIN)).toBe(true);
    // And the channel's own incident is over, said on the other channel.
    expect(s.hooks.bodies.filter((b) => b.monitor === 'channel:mail').map((b) => b.event)).toEqual(['opened', 'resolved']);
    for (let i = 0; i < 8; i++) await s.tick(15_000);
    expect(smtp.messages).toHaveLength(2);
  });

  it('a RESOLVED whose DOWN was given up says so', async () => {
    const s = await setup({ giveUpMinutes: 3 });
    s.target.status = 503;
    for (let t = 0; t < 2 * MIN; t += 30_000) await s.tick(t === 0 ? 0 : 30_000);
    s.target.status = 200;
    // Resolved at 2:30; the DOWN is given up once due after 5:30 (its retry falls at 7:08), the RESOLVED is kept until 8:30.
    for (let t = 0; t < 6 * MIN; t += 30_000) await s.tick(30_000);
    expect(s.mailRow('opened')).toMatchObject({ status: 'expired' });
    const smtp = await startSmtp({ port: s.smtpPort });
    cleanups.push(() => smtp.close());
    for (let i = 0; i < 10 && smtp.messages.length < 1; i++) await s.tick(30_000);
    expect(subjects(smtp)).toEqual(['[launchready] RESOLVED: web']);
    expect(smtp.messages[0]!.replace(/=\r?\n/g, '')).toContain('the alert that opened this incident was never delivered on this channel');
  });

  it('a slow SMTP server does not hold back the webhook', async () => {
    const s = await setup();
    const smtp = await startSmtp({ port: s.smtpPort });
    cleanups.push(() => smtp.close());
    smtp.hold = true;
    s.target.status = 503;
    await s.m.runCheck(s.plan.checks[0]!);
    await s.m.runCheck(s.plan.checks[0]!);
    // The webhook gets its DOWN while the SMTP server still holds the email's reply.
    await until(() => s.hooks.bodies.length === 1 && smtp.held === 1, 'the webhook alert while email is held');
    expect(smtp.messages).toHaveLength(0);
    expect(s.mailRow('opened')).toMatchObject({ status: 'sending' });
    smtp.release();
    await until(() => smtp.messages.length === 1, 'the email once released');
    await s.m.dispatcher.settle();
    expect(s.mailRow('opened')).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
