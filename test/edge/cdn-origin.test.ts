// CDN detection and origin exposure on loopback: the app answers through a
// "CDN" on 127.0.0.2 (it sends cf-ray), while the MX host's address,
// 127.0.0.1, serves the same app directly — the origin leak the check finds.
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import originExposedBesideCdn from '../../src/checks/edge/origin-exposed-beside-cdn.js';
import type { Check } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { gatherEdge, type EdgeEvidence } from '../../src/evidence/gatherers/edge/index.js';
import type { Evidence } from '../../src/evidence/types.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { CTX } from '../helpers/exchange.js';
import { startHttps, type Running } from './servers.js';

let dns: DnsServerHandle;
const servers: Running[] = [];
let edge: EdgeEvidence;

async function listenPair(key: string, cert: string): Promise<number> {
  // The origin must use the CDN's port on the other address; retry if taken.
  for (let i = 0; i < 10; i++) {
    const cdn = await startHttps({ key, cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'cf-ray': '8a1b2c3d4e5f-AMS', server: 'cloudflare' });
      res.end('via cdn');
    }, '127.0.0.2');
    try {
      const origin = await startHttpsOn(key, cert, cdn.port);
      servers.push(cdn, origin);
      return cdn.port;
    } catch {
      await cdn.close();
    }
  }
  throw new Error('no free port pair');
}

async function startHttpsOn(key: string, cert: string, port: number): Promise<Running> {
  const https = await import('node:https');
  const server = https.createServer({ key, cert }, (_req, res) => res.end('origin'));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { port, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

beforeAll(async () => {
  const c = await generate([{ name: 'commonName', value: 'app.example.test' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'app.example.test' }] }],
  });
  const port = await listenPair(c.private, c.cert);
  dns = await startDnsServer([
    { name: 'app.example.test', type: 'A', address: '127.0.0.2' },
    { name: 'example.test', type: 'MX', exchange: 'mail.example.test', priority: 10 },
    { name: 'mail.example.test', type: 'A', address: '127.0.0.1' },
  ]);
  const dnsServer = `${dns.host}:${dns.port}`;
  const config = configSchema.parse({
    project: { name: 'cdn' },
    environments: { production: { appUrl: `https://app.example.test:${port}` } },
    domains: { app: 'app.example.test', mail: 'example.test' },
  });
  const client = new ProbeClient({
    timeoutMs: 2000, maxRequests: 100, ratePerSecond: 200, maxSeconds: 30, dnsServer, ca: c.cert,
    credentialOrigins: [], writableOrigins: [], redactor: new Redactor(),
  });
  edge = await gatherEdge({ config, dnsServer, timeoutMs: 2000, ca: c.cert, client });
  await client.close();
});

afterAll(async () => {
  await Promise.all([dns?.close(), ...servers.map((s) => s.close())]);
});

describe('CDN and origin exposure', () => {
  it('sees the CDN from its response headers', () => {
    expect(edge.edgeHttp.state === 'ok' && edge.edgeHttp.value.cdn).toEqual([
      expect.objectContaining({ host: 'app.example.test', provider: 'Cloudflare' }),
    ]);
  });

  it('finds the origin answering for the app on the mail host’s address', () => {
    if (edge.tls.state !== 'ok') throw new Error(`tls: ${edge.tls.state}`);
    expect(edge.tls.value.originProbes).toEqual([
      expect.objectContaining({ proxiedHost: 'app.example.test', viaHost: 'mail.example.test', address: '127.0.0.1', answers: true }),
    ]);
    const [r] = runChecks([originExposedBesideCdn] as unknown as readonly Check[], edge as unknown as Evidence, CTX);
    expect(r?.status).toBe('fail');
    expect(r?.findings[0]?.reproduction).toContain('--resolve app.example.test:');
  });
});
