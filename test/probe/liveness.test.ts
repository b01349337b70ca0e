// Target liveness against apps that really die: a child process under a
// supervisor that restarts it (as in production), and one that stays dead.
// The probe engine must mark what the dead target did not answer, wait for
// it, replay the request that brought it down, and never let a request to a
// dead target count as evidence.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeClient } from '../../src/probe/client.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { supervise, type Supervised } from '../targets/supervisor.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

function client(base: string, recoveryMs = 15_000, timeoutMs = 3_000): ProbeClient {
  const c = new ProbeClient({
    timeoutMs,
    maxRequests: 1_000,
    ratePerSecond: 200,
    maxSeconds: 120,
    credentialOrigins: [base],
    writableOrigins: [],
    redactor: new Redactor(),
    liveness: { healthUrls: { [base]: `${base}/health` }, recoveryMs },
  });
  running.push(c);
  return c;
}

const get = (c: ProbeClient, url: string, purpose = 'test') => c.send({ method: 'GET', url, role: 'anonymous', purpose });

async function crashy(crash: string, restart: boolean): Promise<Supervised> {
  const app = await supervise('crashy-app.ts', { restart, restartDelayMs: 1_000, hold: true, env: { CRASH: crash, USERS: '{}' } });
  running.push(app);
  return app;
}

describe('liveness: a request that crashes the app', () => {
  it('is replayed alone after the supervisor brings the app back, and reported with the requests it made fail', async () => {
    const app = await crashy('anonymous-reports', true);
    const c = client(app.url);
    expect((await get(c, `${app.url}/health`)).response?.status).toBe(200);
    expect((await get(c, `${app.url}/api/items`)).response?.status).toBe(401);
    const killer = await get(c, `${app.url}/api/reports`, 'no credentials on GET /api/reports');
    expect(killer.response).toBeUndefined();
    // The app is restarting: these are refused, and the engine notices.
    const during = [await get(c, `${app.url}/api/me`), await get(c, `${app.url}/api/items`)];
    // This one waits until the engine has seen the app come back and replayed the suspects.
    const pending = get(c, `${app.url}/api/items`);
    app.release();
    const after = await pending;
    expect(after.response?.status).toBe(401);
    expect(after.targetDown).toBeUndefined();

    const ev = c.liveness.evidence();
    expect(ev.crashes).toHaveLength(1);
    const crash = ev.crashes[0]!;
    expect(crash.original.request.url).toBe(`${app.url}/api/reports`);
    expect(crash.replay.request.url).toBe(`${app.url}/api/reports`);
    expect(crash.downAgain).toMatch(/ECONNREFUSED|ECONNRESET|closed/);
    // The requests the dead app did not answer are marked from the first of them, never evidence.
    for (const ex of [killer, ...during]) expect(ex.targetDown, ex.request.url).toMatchObject({ origin: app.url, seq: 3 });
    const origin = ev.origins.find((o) => o.origin === app.url)!;
    expect(origin.dead).toBeUndefined();
    expect(origin.downs.length).toBe(2);
    expect(origin.downs.every((d) => d.recovered)).toBe(true);
    // The request in flight when it died is replayed first; once it is confirmed, nothing else is.
    expect(ev.cleared).toEqual([]);
    expect(app.exits).toBe(2);
    // Every liveness read and replay is in the ledger.
    expect(c.ledger.all().some((e) => e.purpose.startsWith('crash replay of request #3'))).toBe(true);
  }, 60_000);

  it('an app that dies and stays dead: later requests are not sent and carry the mark', async () => {
    const app = await crashy('nth:4', false);
    const c = client(app.url, 1_500);
    for (let i = 0; i < 3; i++) expect((await get(c, `${app.url}/health`)).response?.status).toBe(200);
    const fourth = await get(c, `${app.url}/api/items`);
    expect(fourth.response).toBeUndefined();
    await get(c, `${app.url}/api/me`);
    await get(c, `${app.url}/api/me`);
    const later = await get(c, `${app.url}/api/items/1`);
    expect(later.error).toMatch(/^not sent: .* stopped answering at request #4/);
    expect(later.targetDown).toMatchObject({ seq: 4 });
    const ev = c.liveness.evidence();
    expect(ev.origins[0]!.dead).toMatchObject({ seq: 4, waitedMs: 1_500 });
    expect(ev.crashes).toEqual([]);
    // Nothing more was sent to the dead app after the wait: the later request is not in the ledger.
    expect(c.ledger.all().some((e) => e.url.endsWith('/api/items/1'))).toBe(false);
  }, 60_000);
});

describe('liveness: a crash the request does not repeat', () => {
  it('an app that dies on its 8th request and is restarted: the replay does not crash it, so no crash is reported', async () => {
    // The restarted process counts again from 1: the health reads and the replay stay below 8.
    const app = await crashy('nth:8', true);
    const c = client(app.url);
    for (let i = 0; i < 7; i++) await get(c, `${app.url}/health`);
    const eighth = await get(c, `${app.url}/api/items`);
    await get(c, `${app.url}/api/me`);
    await get(c, `${app.url}/api/me`);
    const pending = get(c, `${app.url}/api/items/1`);
    app.release();
    expect((await pending).response?.status).toBe(401);
    const ev = c.liveness.evidence();
    expect(ev.crashes).toEqual([]);
    expect(ev.cleared.map((r) => r.originalSeq)).toContain(8);
    expect(eighth.targetDown?.seq).toBe(8);
    expect(ev.origins[0]!.downs).toHaveLength(1);
  }, 60_000);
});

describe('liveness: a slow endpoint is not a dead app', () => {
  it('timeouts in a row on one endpoint, with the health read answering, mark nothing', async () => {
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith('/slow')) return; // never answers
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    running.push({ close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = client(base, 5_000, 300);
    expect((await get(c, `${base}/`)).response?.status).toBe(200);
    const slow = [];
    // Three different slow endpoints (one that times out twice is skipped for the rest of the run).
    for (let i = 0; i < 3; i++) slow.push(await get(c, `${base}/slow-${'abc'[i]}`));
    expect((await get(c, `${base}/`)).response?.status).toBe(200);
    for (const s of slow) {
      expect(s.error).toBe('timed out');
      expect(s.targetDown).toBeUndefined();
    }
    expect(c.liveness.evidence().origins[0]!.downs).toEqual([]);
  }, 30_000);
});
