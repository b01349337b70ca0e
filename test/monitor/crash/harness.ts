// Crash injection for the alert path: `launchready monitor` runs as a child
// process against a real SMTP server (smtp-server) and two real HTTP
// receivers (a generic webhook and a Slack-compatible one), and is killed
// with SIGKILL at each step of the alert path, then restarted on the same
// database. Steps inside the process are reached through the crash hook
// (LAUNCHREADY_MONITOR_CRASH_AT); the step "receiving" is a kill from outside,
// while a receiver holds the message and has not answered yet.
//
// One episode targets one channel: a target goes down, and the DOWN is
// killed at every step on its way to that channel; then it comes back and
// the RESOLVED is killed at every step. The other channels deliver on their
// own meanwhile. At the end every receiver is counted: each (incident,
// channel, DOWN/RESOLVED) must have arrived (nothing lost), under exactly one
// idempotency key (the mail server and the webhook receiver drop repeats of a
// key: nothing duplicated for them), DOWN before RESOLVED; the Slack-compatible
// receiver, which keeps repeats, shows how many extra copies a receiver that
// ignores the key would see.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { CRASH_STEPS } from '../../../src/monitor/crash-points.js';

export const CHANNELS = ['mail', 'hook', 'chat'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export type Phase = 'opened' | 'resolved';
export const KILL_STEPS = ['state-computed', 'state-written', 'committed', 'claimed', 'receiving', 'sent', 'marked'] as const;
export type KillStep = (typeof KILL_STEPS)[number];
/** Steps before the message is split per channel. */
const SHARED_STEPS: readonly string[] = CRASH_STEPS.slice(0, 3);

const here = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(here, 'child.ts');

interface Arrival {
  channel: ChannelName;
  kind: Phase | 'other';
  incident: string;
  key: string;
  n: number;
}

export interface CampaignOptions {
  dir: string;
  /** Episodes per targeted channel. */
  rounds: number;
  channels?: readonly ChannelName[];
  steps?: readonly KillStep[];
  phases?: readonly Phase[];
  /** Which (phase, step) pairs to kill at; default all. */
  only?: (phase: Phase, step: KillStep) => boolean;
  log?: (line: string) => void;
  /** How long one lifetime may take to reach its step before it counts as missed. */
  stepTimeoutMs?: number;
}

export interface CampaignResult {
  kills: number;
  killsByStep: Record<string, number>;
  missed: string[];
  episodes: number;
  /** (incident, channel, DOWN/RESOLVED) the campaign expects to arrive. */
  expected: number;
  lost: string[];
  /** For the receivers that honour the key: messages that arrived under more than one key, or incidents nobody expected. */
  duplicates: string[];
  /** Raw copies beyond the first, per channel (the mail and webhook receivers drop these by key). */
  extraCopies: Record<ChannelName, number>;
  outOfOrder: string[];
  wallMs: number;
}

class Receivers {
  arrivals: Arrival[] = [];
  private n = 0;
  killOn: { channel: ChannelName; kind: Phase } | undefined;
  onKill: (() => Promise<void>) | undefined;
  smtpPort = 0;
  httpUrl = '';
  private smtp!: SMTPServer;
  private server!: http.Server;

  async start(): Promise<void> {
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _s, cb) => {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          const text = data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
          const subject = /^Subject: (.*)$/m.exec(text)?.[1] ?? '';
          const key = /^Message-ID: <([^@>]+)@/im.exec(text)?.[1] ?? '';
          const incident = /Incident: (\S+)/.exec(text)?.[1] ?? '';
          void this.arrive({ channel: 'mail', kind: kindOf(subject), incident, key }).then(() => cb());
        });
      },
    });
    // A client killed mid-conversation resets its connection: expected here, not a harness failure.
    this.smtp.on('error', () => undefined);
    await new Promise<void>((r) => this.smtp.listen(0, '127.0.0.1', r));
    this.smtpPort = (this.smtp.server.address() as AddressInfo).port;
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const key = String(req.headers['idempotency-key'] ?? '').replace(/"/g, '');
        let channel: ChannelName = 'hook';
        let kind: Phase | 'other' = 'other';
        let incident = '';
        try {
          const j = JSON.parse(body) as Record<string, unknown>;
          if (req.url === '/chat') {
            channel = 'chat';
            const text = String(j.text);
            kind = kindOf(text);
            incident = /Incident: (\S+)/.exec(text)?.[1] ?? '';
          } else {
            kind = j.event === 'opened' ? 'opened' : j.event === 'resolved' ? 'resolved' : 'other';
            incident = String(j.incident);
          }
        } catch {
          // counted as "other"
        }
        void this.arrive({ channel, kind, incident, key }).then(() => res.writeHead(200).end('ok'));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.httpUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Records an arrival; when it is the one to kill on, the child dies before the receiver answers. */
  private async arrive(a: Omit<Arrival, 'n'>): Promise<void> {
    this.arrivals.push({ ...a, n: this.n++ });
    const k = this.killOn;
    if (k && k.channel === a.channel && k.kind === a.kind) {
      this.killOn = undefined;
      await this.onKill?.();
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
    await new Promise<void>((r) => this.smtp.close(() => r()));
  }
}

const kindOf = (s: string): Phase | 'other' => (/\bRESOLVED\b/.test(s) ? 'resolved' : /\bDOWN\b/.test(s) ? 'opened' : 'other');

async function startTarget(): Promise<{ url: string; setUp: (up: boolean) => void; close: () => Promise<void> }> {
  let up = false;
  const server = http.createServer((_req, res) => res.writeHead(up ? 200 : 503).end(up ? 'ok' : 'down'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
    setUp: (u) => (up = u),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

function configText(target: string, rx: Receivers): string {
  return JSON.stringify({
    project: { name: 'crash' },
    environments: { production: {} },
    monitor: {
      defaultChecks: false,
      dns: { enabled: false },
      defaults: { failureThreshold: 1, successThreshold: 1, intervalSeconds: 0.05, timeoutMs: 2000 },
      checks: [{ name: 'web', url: target }],
      alerts: { reminderMinutes: 0, flapping: { changes: 1000, minutes: 1 }, retry: { baseDelayMs: 50, maxDelayMinutes: 0.005 } },
      channels: {
        mail: { type: 'email', host: '127.0.0.1', port: rx.smtpPort, from: 'monitor@example.test', to: ['oncall@example.test'], timeoutMs: 5000 },
        hook: { type: 'webhook', url: `${rx.httpUrl}/hook`, timeoutMs: 5000 },
        chat: { type: 'slack', webhookUrl: `${rx.httpUrl}/chat`, timeoutMs: 5000 },
      },
      routes: { critical: ['mail', 'hook', 'chat'] },
    },
  });
}

interface Lifetime {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function spawnChild(config: string, db: string, spec: string | undefined): Lifetime {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.LAUNCHREADY_MONITOR_CRASH_AT;
  if (spec) env.LAUNCHREADY_MONITOR_CRASH_AT = spec;
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'monitor', '-c', config, '--db', db, '--no-dashboard'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  return { child, exited, stderr: () => err };
}

const timeout = (ms: number) => new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms));

/** Stops a child that did not die at its step: SIGTERM (a clean stop), then SIGKILL if it hangs. */
async function stop(l: Lifetime): Promise<void> {
  l.child.kill('SIGTERM');
  if ((await Promise.race([l.exited, timeout(15_000)])) === 'timeout') {
    l.child.kill('SIGKILL');
    await l.exited;
  }
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignResult> {
  const t0 = Date.now();
  const log = o.log ?? (() => undefined);
  const rx = new Receivers();
  await rx.start();
  const target = await startTarget();
  const config = path.join(o.dir, 'launchready.json');
  writeFileSync(config, configText(target.url, rx));
  const killsByStep: Record<string, number> = {};
  const missed: string[] = [];
  const incidents: string[] = [];
  const extraIncidents: string[] = [];
  let episodes = 0;
  const stepTimeout = o.stepTimeoutMs ?? 30_000;
  try {
    for (let round = 0; round < o.rounds; round++) {
      for (const channel of o.channels ?? CHANNELS) {
        const db = path.join(o.dir, `episode-${episodes}.db`);
        episodes++;
        target.setUp(false);
        for (const phase of o.phases ?? (['opened', 'resolved'] as const)) {
          if (phase === 'resolved') target.setUp(true);
          for (const step of o.steps ?? KILL_STEPS) {
            if (o.only && !o.only(phase, step)) continue;
            const name = `${phase}:${step}`;
            let spec: string | undefined;
            if (step === 'receiving') rx.killOn = { channel, kind: phase };
            else spec = SHARED_STEPS.includes(step) ? `${step}:${phase}` : `${step}:${phase}:${channel}`;
            const l = spawnChild(config, db, spec);
            rx.onKill = async () => {
              l.child.kill('SIGKILL');
              await l.exited;
            };
            const end = await Promise.race([l.exited, timeout(stepTimeout)]);
            rx.killOn = undefined;
            const hit = end !== 'timeout' && end.signal === 'SIGKILL' && (step === 'receiving' || l.stderr().includes(`crash-point: ${step} ${phase}`));
            if (hit) {
              killsByStep[name] = (killsByStep[name] ?? 0) + 1;
              log(`episode ${episodes} (${channel}): killed at ${name}`);
            } else {
              missed.push(`episode ${episodes} (${channel}) ${name}: ${end === 'timeout' ? 'not reached' : `exited ${end.code ?? end.signal}`}; ${l.stderr().slice(-300)}`);
              if (end === 'timeout') await stop(l);
            }
          }
        }
        // A last, undisturbed run delivers whatever is still owed.
        target.setUp(true);
        const l = spawnChild(config, db, undefined);
        const owed = () => {
          const d = new Database(db, { readonly: true, fileMustExist: true });
          try {
            return (d.prepare("SELECT COUNT(*) n FROM deliveries WHERE status NOT IN ('sent')").get() as { n: number }).n + (d.prepare('SELECT COUNT(*) n FROM incidents WHERE resolved IS NULL').get() as { n: number }).n;
          } finally {
            d.close();
          }
        };
        const until = Date.now() + 60_000;
        while (Date.now() < until) {
          await timeout(200);
          try {
            if (owed() === 0) break;
          } catch {
            // the child is still creating the file
          }
        }
        await stop(l);
        const d = new Database(db, { readonly: true });
        const ids = (d.prepare('SELECT id FROM incidents').all() as { id: string }[]).map((r) => r.id);
        d.close();
        // One outage is one incident: a second would mean the DOWN was detected (and alerted) twice.
        if (ids.length !== 1) extraIncidents.push(`episode ${episodes}: ${ids.length} incidents for one outage`);
        incidents.push(...ids);
      }
    }
  } finally {
    await target.close();
    await rx.close();
  }

  // Counting.
  const expected = new Set(incidents.flatMap((i) => CHANNELS.flatMap((c) => [`${i} ${c} opened`, `${i} ${c} resolved`])));
  const keys = new Map<string, Set<string>>();
  const copies = new Map<string, number>();
  const first = new Map<string, number>();
  for (const a of rx.arrivals) {
    if (a.kind === 'other') continue;
    const id = `${a.incident} ${a.channel} ${a.kind}`;
    keys.set(id, (keys.get(id) ?? new Set()).add(a.key));
    copies.set(id, (copies.get(id) ?? 0) + 1);
    if (!first.has(id)) first.set(id, a.n);
  }
  const lost = [...expected].filter((id) => !keys.has(id));
  const duplicates = [
    ...extraIncidents,
    ...[...keys].filter(([id, k]) => k.size > 1 && !id.includes(' chat ')).map(([id, k]) => `${id}: ${k.size} keys`),
    ...[...keys.keys()].filter((id) => !expected.has(id) && !id.includes(' chat ')).map((id) => `${id}: an incident the campaign did not cause (detected twice?)`),
  ];
  const extraCopies = Object.fromEntries(CHANNELS.map((c) => [c, [...copies].filter(([id]) => id.includes(` ${c} `)).reduce((a, [, n]) => a + n - 1, 0)])) as Record<ChannelName, number>;
  const outOfOrder = incidents.flatMap((i) =>
    CHANNELS.filter((c) => (first.get(`${i} ${c} opened`) ?? Infinity) > (first.get(`${i} ${c} resolved`) ?? Infinity)).map((c) => `${i} ${c}: RESOLVED before DOWN`),
  );
  return {
    kills: Object.values(killsByStep).reduce((a, b) => a + b, 0),
    killsByStep,
    missed,
    episodes,
    expected: expected.size,
    lost,
    duplicates,
    extraCopies,
    outOfOrder,
    wallMs: Date.now() - t0,
  };
}
