// Real servers on loopback for the monitor's tests: a target whose answers
// the test controls, an SMTP server that keeps what it receives, and a
// webhook receiver.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Packet, UDPServer, type DnsHandler } from 'dns2';
import { SMTPServer } from 'smtp-server';
import { answerQuery } from '../../demo/infra/dns-server.js';
import type { ZoneRecord } from '../../demo/infra/zone.js';
import { configSchema } from '../../src/config/schema.js';
import { planFromConfig, type MonitorPlan } from '../../src/monitor/plan.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';

export interface Target {
  url: string;
  hits: number;
  /** Status to answer with; 0 destroys the connection. */
  status: number | ((hit: number) => number);
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const closer = (server: http.Server) => () =>
  new Promise<void>((r) => {
    server.closeAllConnections();
    server.close(() => r());
  });

export async function startTarget(): Promise<Target> {
  const t = { hits: 0, status: 200 as Target['status'] } as Target;
  const server = http.createServer((req, res) => {
    t.hits++;
    const status = typeof t.status === 'function' ? t.status(t.hits) : t.status;
    if (status === 0) {
      req.socket.destroy();
      return;
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: status === 200 ? 'ok' : 'failing' }));
  });
  t.url = await listen(server);
  t.close = closer(server);
  return t;
}

export interface Received {
  url: string;
  bodies: Record<string, unknown>[];
  close(): Promise<void>;
}

/** Records every POST; the first `failFirst` answer 500 (to exercise retries). */
export async function startWebhookReceiver(failFirst = 0): Promise<Received & { attempts: number }> {
  const r = { bodies: [] as Record<string, unknown>[], attempts: 0 } as Received & { attempts: number };
  const server = http.createServer((req, res) => {
    if (++r.attempts <= failFirst) {
      req.resume();
      res.writeHead(500).end('try later');
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      try {
        r.bodies.push({ ...(JSON.parse(body) as Record<string, unknown>), _path: req.url });
      } catch {
        r.bodies.push({ _raw: body, _path: req.url });
      }
      res.writeHead(200).end('ok');
    });
  });
  r.url = await listen(server);
  r.close = closer(server);
  return r;
}

export interface Mailbox {
  port: number;
  messages: string[];
  /** Messages received whose reply the server is holding (see hold). */
  held: number;
  /** While true, the server keeps each message's final reply until release() (a slow SMTP server). */
  hold: boolean;
  release(): void;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server). `port` reopens one on a known port (a server that comes back). */
export async function startSmtp(opts: { port?: number } = {}): Promise<Mailbox> {
  const waiting: (() => void)[] = [];
  const box = { messages: [] as string[], held: 0, hold: false } as Mailbox;
  box.release = () => {
    box.hold = false;
    for (const w of waiting.splice(0)) w();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, cb) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString()));
      stream.on('end', () => {
        const done = () => {
          box.messages.push(data);
          cb();
        };
        if (!box.hold) return done();
        box.held++;
        waiting.push(() => {
          box.held--;
          done();
        });
      });
    },
  });
  // A client that goes away mid-conversation (a killed monitor, a timeout) resets the connection: not a test failure.
  server.on('error', () => undefined);
  await new Promise<void>((r, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', r);
  });
  box.port = (server.server.address() as AddressInfo).port;
  box.close = () =>
    new Promise<void>((r) => {
      box.release();
      server.close(() => r());
    });
  return box;
}

/** A plan built through the real config schema, with intervals shortened for tests. */
export function testPlan(monitor: Record<string, unknown>, opts: { intervalMs?: number; appUrl?: string } = {}): MonitorPlan {
  const config = configSchema.parse({
    project: { name: 'Test' },
    environments: { production: opts.appUrl ? { appUrl: opts.appUrl } : {} },
    monitor: { defaultChecks: false, dns: { enabled: false }, ...monitor },
  });
  const plan = planFromConfig(config, (p) => p);
  for (const c of plan.checks) {
    c.intervalMs = opts.intervalMs ?? 20;
    c.timeoutMs = 2_000;
  }
  plan.retry = { baseDelayMs: 20, maxDelayMs: 200, expireAfterMs: 3_600_000 };
  return plan;
}

/** Polls until `cond` holds (a bounded wait: the test fails with a message, it never hangs). */
export async function until(cond: () => boolean, what: string, maxMs = 15_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** One check ("api") of a real target, alerting a real webhook receiver: the setup of the restart and store tests. */
export async function apiWithWebhook(): Promise<{ target: Target; hooks: Received & { attempts: number }; plan: MonitorPlan; close: () => Promise<void> }> {
  const target = await startTarget();
  const hooks = await startWebhookReceiver();
  const plan = testPlan({
    checks: [{ name: 'api', url: `${target.url}/health` }],
    defaults: { failureThreshold: 2, successThreshold: 2 },
    channels: { hook: { type: 'webhook', url: `${hooks.url}/hook` } },
    routes: { critical: ['hook'] },
  });
  const close = async () => {
    await target.close();
    await hooks.close();
  };
  return { target, hooks, plan, close };
}

/** A monitor run on `db` that ends (cleanly) once the target's DOWN reached the webhook: a run that left an incident open. */
export async function runUntilDown(s: { target: Target; hooks: Received; plan: MonitorPlan }, db: string): Promise<void> {
  s.target.status = 503;
  const store = new Store(db);
  const m = new Monitor({ plan: s.plan, store, redactor: new Redactor() });
  m.start();
  await until(() => s.hooks.bodies.length === 1, 'the DOWN alert');
  await m.stop();
  store.close();
}

/** A real DNS server on loopback answering from a zone the test can change (`zone.records`). */
export async function startDnsZone(records: ZoneRecord[]): Promise<{ port: number; zone: { records: ZoneRecord[] }; close: () => void }> {
  const zone = { records };
  const handle: DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    const q = request.questions[0];
    if (q) {
      const { rcode, answers } = answerQuery(zone.records, q.name, q.type);
      response.header.rcode = rcode;
      response.answers = answers;
    }
    send(response).catch(() => undefined);
  };
  const server = new UDPServer({ type: 'udp4' });
  server.on('request', handle);
  server.on('requestError', () => undefined);
  await server.listen(0, '127.0.0.1');
  return { port: server.address().port, zone, close: () => void server.close() };
}
