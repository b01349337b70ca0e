// The probe client against real loopback servers: safety rules, hostile
// servers and the ledger.
import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeClient, SafetyError } from '../../src/probe/client.js';
import { createLookup } from '../../src/probe/resolver.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startDnsServer } from '../../demo/infra/dns-server.js';

const secretToken = 'tok_' + 'Zz9Yy8Xx7Ww6Vv5Uu4';
let server: http.Server;
let base: string;
const seenAuth: (string | undefined)[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seenAuth.push(req.headers.authorization);
    if (req.url === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const pump = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent < 50) res.once('drain', pump);
        else res.end();
      };
      pump();
      return;
    }
    if (req.url?.startsWith('/drip')) {
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 200);
      res.on('close', () => clearInterval(t));
      return;
    }
    if (req.url === '/two-cookies') {
      // The second cookie's value is only guessable from the raw header, never registered with the redactor.
      res.setHeader('set-cookie', ['theme=dark; Path=/', `sid=${secretToken}-second; Path=/; HttpOnly`]);
      res.end('{}');
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://127.0.0.2:1/elsewhere' });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ echo: req.headers.authorization ?? null }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function client(over: Partial<ConstructorParameters<typeof ProbeClient>[0]> = {}) {
  return new ProbeClient({
    timeoutMs: 1500,
    maxRequests: 50,
    ratePerSecond: 1000,
    maxSeconds: 60,
    credentialOrigins: [base],
    writableOrigins: [],
    redactor: new Redactor([secretToken]),
    ...over,
  });
}

describe('ProbeClient', () => {
  it('refuses state-changing requests where writes are not allowed, and sends nothing', async () => {
    const c = client();
    await expect(c.send({ method: 'POST', url: `${base}/x`, role: 'owner', purpose: 't' })).rejects.toBeInstanceOf(SafetyError);
    expect(c.ledger.all()).toHaveLength(0);
    const w = client({ writableOrigins: [base] });
    const ex = await w.send({ method: 'POST', url: `${base}/x`, role: 'owner', purpose: 't', body: '{}' });
    expect(ex.response?.status).toBe(200);
    await Promise.all([c.close(), w.close()]);
  });

  it('sends credentials only to configured origins and masks them everywhere', async () => {
    const c = client({ credentialOrigins: ['https://api.other.test'] });
    seenAuth.length = 0;
    await c.send({ method: 'GET', url: `${base}/a`, role: 'owner', purpose: 't', credentials: { authorization: `Bearer ${secretToken}` } });
    expect(seenAuth).toEqual([undefined]);
    const ok = client();
    const ex = await ok.send({ method: 'GET', url: `${base}/a`, role: 'owner', purpose: 't', credentials: { authorization: `Bearer ${secretToken}` } });
    expect(seenAuth[1]).toBe(`Bearer ${secretToken}`);
    expect(JSON.stringify(ex)).not.toContain(secretToken);
    expect(JSON.stringify(ok.ledger.all())).not.toContain(secretToken);
    await Promise.all([c.close(), ok.close()]);
  });

  it('masks every Set-Cookie value, also a second cookie behind the first one\'s attributes', async () => {
    const c = client({ redactor: new Redactor() });
    const ex = await c.send({ method: 'GET', url: `${base}/two-cookies`, role: 'anonymous', purpose: 'test' });
    const header = ex.response?.headers['set-cookie'] ?? '';
    expect(header).toContain('theme=');
    expect(header).toContain('sid=');
    expect(header).not.toContain(secretToken);
    await c.close();
  });

  it('does not follow redirects (credentials cannot travel to another origin)', async () => {
    const c = client();
    const ex = await c.send({ method: 'GET', url: `${base}/redirect`, role: 'owner', purpose: 't', credentials: { authorization: 'Bearer x' } });
    expect(ex.response?.status).toBe(302);
    expect(c.ledger.all()).toHaveLength(1);
    await c.close();
  });

  it('caps a huge body and ends a slow drip within the deadline', async () => {
    const c = client();
    const huge = await c.send({ method: 'GET', url: `${base}/huge`, role: 'anonymous', purpose: 't' });
    expect(huge.response?.bodyTruncated).toBe(true);
    expect(huge.response!.body.length).toBeLessThanOrEqual(4_000);
    const started = Date.now();
    const drip = await c.send({ method: 'GET', url: `${base}/drip`, role: 'anonymous', purpose: 't' });
    expect(drip.error).toBe('timed out');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(c.ledger.all().map((e) => e.error ?? e.status)).toEqual([200, 'timed out']);
    await c.close();
  });

  it('an endpoint that times out twice is skipped for the rest of the run, whatever id or query it is called with', async () => {
    const c = client({ timeoutMs: 300 });
    expect((await c.send({ method: 'GET', url: `${base}/drip`, role: 'anonymous', purpose: 't' })).error).toBe('timed out');
    expect((await c.send({ method: 'GET', url: `${base}/drip?page=2`, role: 'anonymous', purpose: 't' })).error).toBe('timed out');
    const third = await c.send({ method: 'GET', url: `${base}/drip?page=3`, role: 'anonymous', purpose: 't' });
    expect(third.error).toBe(`not sent: GET ${base}/drip timed out twice; skipped for the rest of the run`);
    expect(c.ledger.all()).toHaveLength(2);
    expect(c.slowOperations.get(`GET ${base}/drip`)).toBe(1);
    expect((await c.send({ method: 'GET', url: `${base}/a`, role: 'anonymous', purpose: 't' })).response?.status).toBe(200);
    await c.close();
  });

  it('never sends an excluded operation, whatever asks for it', async () => {
    const c = client();
    c.setExclusions((method, path) => (method === 'GET' && path === '/api/reset-db' ? 'exclude: GET /api/reset-db' : undefined));
    const ex = await c.send({ method: 'GET', url: `${base}/api/reset-db?now=1`, role: 'anonymous', purpose: 't' });
    expect(ex.error).toBe('not sent: excluded (exclude: GET /api/reset-db)');
    expect(c.ledger.all()).toEqual([]);
    expect((await c.send({ method: 'GET', url: `${base}/api/items`, role: 'anonymous', purpose: 't' })).response?.status).toBe(200);
    await c.close();
  });

  it('stops at the request budget and says so', async () => {
    const c = client({ maxRequests: 2 });
    for (let i = 0; i < 3; i++) await c.send({ method: 'GET', url: `${base}/a`, role: 'anonymous', purpose: 't' });
    const third = await c.send({ method: 'GET', url: `${base}/a`, role: 'anonymous', purpose: 't' });
    expect(third.error).toMatch(/budget of 2/);
    expect(c.ledger.all()).toHaveLength(2);
    await c.close();
  });
});

describe('resolver deadline', () => {
  it('a DNS server that never answers ends in a bounded time with an error', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
    const port = (silent.address() as AddressInfo).port;
    const lookup = createLookup({ dnsServer: `127.0.0.1:${port}`, timeoutMs: 500 });
    const started = Date.now();
    const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('app.example.test', {}, (e) => resolve(e)));
    expect(err?.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.close();
  });

  const lookupOnce = (lookup: ReturnType<typeof createLookup>, name: string) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: string }>((resolve) => lookup(name, {}, (err, address) => resolve({ err, address: String(address) })));

  it('only NXDOMAIN (or no address) means the name does not exist; a resolver that fails is another error', async () => {
    const dns = await startDnsServer([{ name: 'app.example.test', type: 'A', address: '127.0.0.1' }]);
    const lookup = createLookup({ dnsServer: `${dns.host}:${dns.port}`, timeoutMs: 2_000 });
    expect(await lookupOnce(lookup, 'app.example.test')).toMatchObject({ err: null, address: '127.0.0.1' });
    const missing = await lookupOnce(lookup, 'nope.example.test');
    expect(missing.err?.code).toBe('ENOTFOUND');
    await dns.close();

    // The same resolver, gone: the answer is "the lookup failed", never "no such name".
    const down = createLookup({ dnsServer: `${dns.host}:${dns.port}`, timeoutMs: 2_000 });
    const failed = await lookupOnce(down, 'app.example.test');
    expect(failed.err).not.toBeNull();
    expect(failed.err!.code).not.toBe('ENOTFOUND');
    expect(failed.err!.message).not.toMatch(/does not resolve/);
  });
});
