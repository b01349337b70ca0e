import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Resolver } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { connect } from 'node:net';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfigPath, startDemo, type DemoHandle } from '../../demo/start.js';

const MODES = ['vulnerable', 'hardened'] as const;

const portOf = (url: string): number => Number(new URL(url).port);

/** Resolves names through the demo's own DNS server, as launchready does. */
function demoLookup(dnsServer: string): LookupFunction {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dnsServer]);
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    resolver.resolve4(hostname).then(
      (addresses) => {
        const address = addresses[0]!;
        if (options.all) callback(null, [{ address, family: 4 }]);
        else callback(null, address, 4);
      },
      (error: unknown) => callback(error),
    );
  }) as LookupFunction;
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

it('finds demo/launchready.yml from the source tree and from a dist/ build path', () => {
  const fromSource = demoConfigPath();
  expect(path.isAbsolute(fromSource)).toBe(true);
  expect(existsSync(fromSource)).toBe(true);
  const root = path.dirname(path.dirname(fromSource));
  expect(demoConfigPath(path.join(root, 'dist', 'demo', 'start.js'))).toBe(fromSource);
});

describe.each(MODES)('startDemo (%s)', (mode) => {
  let demo: DemoHandle;
  let ca: string;
  let agent: Agent;

  beforeAll(async () => {
    demo = await startDemo({ mode });
    ca = await readFile(demo.env.ACME_CA_FILE!, 'utf8');
    agent = new Agent({ connect: { ca, servername: 'app.acme.test' } });
  });
  afterAll(async () => {
    await agent?.close();
    await demo?.close();
  });

  it('exposes every variable demo/launchready.yml references', async () => {
    const config = await readFile(demo.configPath, 'utf8');
    const referenced = [...new Set([...config.matchAll(/env:(ACME_[A-Z_]+)/g)].map((m) => m[1]!))];
    expect(referenced.length).toBeGreaterThan(5);
    for (const name of referenced) expect(demo.env[name], name).toBeTruthy();
    expect(demo.env.ACME_APP_URL).toMatch(/^https:\/\/app\.acme\.test:\d+$/);
    expect(demo.env.ACME_HTTP_URL).toMatch(/^http:\/\/app\.acme\.test:\d+$/);
    expect(demo.env.ACME_DNS_SERVER).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(existsSync(path.join(demo.env.ACME_REPO!, '.git'))).toBe(true);
    expect(demo.mode).toBe(mode);
  });

  it('lists passwords and planted repo secrets as secrets', async () => {
    for (const role of ['OWNER', 'STAFF', 'VIEWER', 'OUTSIDER']) {
      expect(demo.secrets).toContain(demo.env[`ACME_${role}_PASSWORD`]);
    }
    const prod = await readFile(path.join(demo.env.ACME_REPO!, '.env.production'), 'utf8');
    const sessionSecret = /^SESSION_SECRET=(.+)$/m.exec(prod)?.[1];
    expect(sessionSecret).toBeTruthy();
    expect(demo.secrets).toContain(sessionSecret);
    expect(demo.state.outbox).toBeInstanceOf(Array);
  });

  it('serves /health over HTTPS with a certificate valid for app.acme.test', async () => {
    const res = await request(`https://127.0.0.1:${portOf(demo.env.ACME_APP_URL!)}/health`, { dispatcher: agent });
    await res.body.text();
    expect(res.statusCode).toBe(200);
  });

  it('rejects the certificate for a name it does not cover', async () => {
    const wrong = new Agent({ connect: { ca, servername: 'bank.example' } });
    try {
      await expect(request(`https://127.0.0.1:${portOf(demo.env.ACME_APP_URL!)}/health`, { dispatcher: wrong })).rejects.toThrow();
    } finally {
      await wrong.close();
    }
  });

  it('resolves app.acme.test through the demo DNS and connects by name', async () => {
    const viaDns = new Agent({ connect: { ca, lookup: demoLookup(demo.env.ACME_DNS_SERVER!) } });
    try {
      const res = await request(`${demo.env.ACME_APP_URL}/health`, { dispatcher: viaDns });
      await res.body.text();
      expect(res.statusCode).toBe(200);
    } finally {
      await viaDns.close();
    }
  });

  it(mode === 'vulnerable' ? 'serves the app over plain HTTP' : 'redirects plain HTTP to the same host and path on HTTPS', async () => {
    const httpPort = portOf(demo.env.ACME_HTTP_URL!);
    const httpsPort = portOf(demo.env.ACME_APP_URL!);
    const plain = new Agent();
    try {
      const res = await request(`http://127.0.0.1:${httpPort}/health?probe=1`, {
        dispatcher: plain,
        headers: { host: `api.acme.test:${httpPort}` },
      });
      await res.body.text();
      if (mode === 'vulnerable') {
        expect(res.statusCode).toBe(200);
      } else {
        expect(res.statusCode).toBe(301);
        expect(res.headers.location).toBe(`https://api.acme.test:${httpsPort}/health?probe=1`);
        // A foreign Host header must not become an open redirect.
        const evil = await request(`http://127.0.0.1:${httpPort}/login`, { dispatcher: plain, headers: { host: 'evil.example' } });
        await evil.body.text();
        expect(evil.headers.location).toBe(`https://app.acme.test:${httpsPort}/login`);
      }
    } finally {
      await plain.close();
    }
  });
});

it('close() stops every listener, removes the temp dir and is idempotent', async () => {
  const demo = await startDemo({ mode: 'hardened' });
  const tmp = path.dirname(demo.env.ACME_CA_FILE!);
  const ports = [portOf(demo.env.ACME_APP_URL!), portOf(demo.env.ACME_HTTP_URL!), Number(demo.env.ACME_DNS_SERVER!.split(':')[1])];
  expect(existsSync(tmp)).toBe(true);
  for (const port of ports) expect(await refused(port)).toBe('connected');
  // An idle keep-alive connection must not keep close() waiting.
  const agent = new Agent({ connect: { ca: await readFile(demo.env.ACME_CA_FILE!, 'utf8'), servername: 'app.acme.test' } });
  const res = await request(`https://127.0.0.1:${ports[0]}/health`, { dispatcher: agent });
  await res.body.text();

  // A half-sent request is an active connection: server.close() alone would wait for it.
  const stuck = connect({ host: '127.0.0.1', port: ports[1]! });
  stuck.on('error', () => undefined);
  await once(stuck, 'connect');
  stuck.write('GET /health HTTP/1.1\r\nHost: app.acme.test\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));

  const outcome = await Promise.race([
    Promise.all([demo.close(), demo.close()]).then(() => 'closed'),
    new Promise((resolve) => setTimeout(resolve, 5000, 'hung')),
  ]);
  expect(outcome).toBe('closed');
  await demo.close();
  stuck.destroy();
  expect(existsSync(tmp)).toBe(false);
  for (const port of ports) expect(await refused(port)).toBe('ECONNREFUSED');
  const resolver = new Resolver({ timeout: 300, tries: 1 });
  resolver.setServers([demo.env.ACME_DNS_SERVER!]);
  await expect(resolver.resolve4('app.acme.test')).rejects.toBeDefined();
  await agent.close();
});
