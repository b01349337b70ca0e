// A monitor against real loopback servers: a target that goes down and comes
// back, a real SMTP server, a Slack-compatible and a generic webhook receiver.
import { afterEach, describe, expect, it } from 'vitest';
import { Redactor } from '../../src/secrets/redactor.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { startSmtp, startTarget, startWebhookReceiver, testPlan, until, type Mailbox, type Received, type Target } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const rand = () => Math.random().toString(36).slice(2, 12);

async function setup(opts: { failFirst?: number } = {}) {
  const target = await startTarget();
  const smtp = await startSmtp();
  const hooks = await startWebhookReceiver(opts.failFirst ?? 0);
  cleanups.push(() => target.close(), () => smtp.close(), () => hooks.close());
  // Built at run time: nothing credential-shaped lives in the repository.
  const slackPath = ['/services', 'T' + rand().toUpperCase(), 'B' + rand().toUpperCase(), rand() + rand()].join('/');
  const headerSecret = ['tok', rand(), rand()].join('_');
  const queryKey = ['qk', rand(), rand()].join('');
  return { target, smtp, hooks, slackPath, headerSecret, queryKey };
}

function plan(s: Awaited<ReturnType<typeof setup>>, extra: Record<string, unknown> = {}) {
  return testPlan({
    checks: [
      {
        name: 'home',
        url: `${s.target.url}/?key=${s.queryKey}`,
        headers: { authorization: `Bearer ${s.headerSecret}` },
        conditions: ['[STATUS] == 200', '[JSON].status == ok'],
      },
    ],
    defaults: { failureThreshold: 2, successThreshold: 2 },
    channels: {
      mail: { type: 'email', host: '127.0.0.1', port: s.smtp.port, from: 'monitor@example.test', to: ['oncall@example.test'] },
      chat: { type: 'slack', webhookUrl: `${s.hooks.url}${s.slackPath}` },
      hook: { type: 'webhook', url: `${s.hooks.url}/generic` },
    },
    routes: { critical: ['mail', 'chat', 'hook'] },
    ...extra,
  });
}

function start(p: ReturnType<typeof plan>, store = new Store(':memory:')) {
  const m = new Monitor({ plan: p, store, redactor: new Redactor() });
  m.start();
  return { m, store };
}

const slack = (r: Received, path: string) => r.bodies.filter((b) => b._path === path);
const generic = (r: Received) => r.bodies.filter((b) => b._path === '/generic');
const subjects = (box: Mailbox) => box.messages.map((m) => /^Subject: (.*)$/m.exec(m)?.[1] ?? '');

/** Email bodies are quoted-printable: a secret could hide across a soft line break. */
const decodeQuotedPrintable = (m: string) =>
  m.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

async function waitHits(t: Target, more: number) {
  const goal = t.hits + more;
  await until(() => t.hits >= goal, `${more} more checks`);
}

describe('monitor alerts end to end', () => {
  it('a target that goes down raises exactly one alert per channel, and one resolved notice when it recovers', async () => {
    const s = await setup();
    const { m, store } = start(plan(s));
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    await waitHits(s.target, 4);
    expect(s.smtp.messages).toHaveLength(0);

    s.target.status = 503;
    await until(() => s.smtp.messages.length === 1 && slack(s.hooks, s.slackPath).length === 1 && generic(s.hooks).length === 1, 'the down alerts');
    // Keep failing for a while: no second alert may follow.
    await waitHits(s.target, 15);
    await m.dispatcher.settle();
    expect(s.smtp.messages).toHaveLength(1);
    expect(s.hooks.bodies).toHaveLength(2);

    s.target.status = 200;
    await until(() => s.smtp.messages.length === 2 && s.hooks.bodies.length === 4, 'the resolved notices');
    await waitHits(s.target, 10);
    await m.dispatcher.settle();

    expect(subjects(s.smtp)).toEqual(['[launchready] DOWN: home', '[launchready] RESOLVED: home']);
    expect(slack(s.hooks, s.slackPath).map((b) => String(b.text).split('\n')[0])).toEqual(['*[launchready] DOWN: home*', '*[launchready] RESOLVED: home*']);
    expect(generic(s.hooks).map((b) => b.event)).toEqual(['opened', 'resolved']);
    expect(generic(s.hooks)[0]).toMatchObject({ kind: 'down', monitor: 'home', severity: 'critical' });
    expect(String(generic(s.hooks)[0]!.summary)).toContain('[STATUS] (503) == 200');

    // No message carries a secret: not the check's header or query key, not the Slack webhook path.
    // (_path is where the receiver saw the request, not part of the message.)
    const everything = [...s.smtp.messages.map(decodeQuotedPrintable), ...s.hooks.bodies.map(({ _path, ...b }) => JSON.stringify(b))].join('\n');
    expect(everything).not.toContain(s.queryKey);
    expect(everything).not.toContain(s.headerSecret);
    expect(everything).not.toContain(s.slackPath.split('/').pop()!);

    expect(store.incidents({ open: true })).toHaveLength(0);
    expect(store.incidents()).toHaveLength(1);
  });

  it('a flapping target raises one flapping alert', async () => {
    const s = await setup();
    // Alternates up/down on every request: never 3 failures in a row, so only flapping can page.
    s.target.status = (hit) => (hit % 2 === 0 ? 503 : 200);
    const p = plan(s, { defaults: { failureThreshold: 3, successThreshold: 2 } });
    const { m, store } = start(p);
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    await until(() => generic(s.hooks).length >= 1, 'the flapping alert');
    await waitHits(s.target, 30);
    await m.dispatcher.settle();
    expect(generic(s.hooks).map((b) => `${String(b.event)}:${String(b.kind)}`)).toEqual(['opened:flapping']);
    expect(subjects(s.smtp)).toEqual(['[launchready] FLAPPING: home']);
    expect(slack(s.hooks, s.slackPath)).toHaveLength(1);
  });

  it('retries a failed delivery with backoff until it goes through, still once', async () => {
    const s = await setup({ failFirst: 2 });
    const p = plan(s);
    p.routes.critical = ['hook'];
    s.target.status = 503;
    const { m, store } = start(p);
    cleanups.push(async () => {
      await m.stop();
      store.close();
    });
    await until(() => generic(s.hooks).length === 1, 'the delivered alert');
    await m.dispatcher.settle();
    expect(s.hooks.attempts).toBe(3);
    const row = store.deliveries().find((d) => d.channel === 'hook');
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
  });
});
