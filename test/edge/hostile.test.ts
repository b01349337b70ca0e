// Acceptance: a DNS server that never answers, a TLS server that never
// finishes its handshake, and an endless redirect each end in bounded time
// with an error or fail result, never a hang. The bound is the test's own
// timeout; nothing here asserts a duration.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import redirectChainBroken from '../../src/checks/edge/redirect-chain-broken.js';
import legacyRedirectWrongTarget from '../../src/checks/edge/legacy-redirect-wrong-target.js';
import tlsCertificateUntrusted from '../../src/checks/edge/tls-certificate-untrusted.js';
import spfMissing from '../../src/checks/mail/spf-missing.js';
import type { Check } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { gatherEdge } from '../../src/evidence/gatherers/edge/index.js';
import { probeTlsHost } from '../../src/evidence/gatherers/edge/tls-probe.js';
import type { Evidence } from '../../src/evidence/types.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { CTX } from '../helpers/exchange.js';
import { startHttp, startSilentDns, startSilentTcp, type Running } from './servers.js';

const TIMEOUT = 400;
const newClient = (dnsServer?: string) =>
  new ProbeClient({
    timeoutMs: TIMEOUT,
    maxRequests: 200,
    ratePerSecond: 500,
    maxSeconds: 30,
    dnsServer,
    credentialOrigins: [],
    writableOrigins: [],
    redactor: new Redactor(),
  });

let silentDns: Running & { host: string };
let silentTcp: Running;
let redirector: Running;
let zoneDns: DnsServerHandle;

beforeAll(async () => {
  [silentDns, silentTcp] = await Promise.all([startSilentDns(), startSilentTcp()]);
  redirector = await startHttp((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/loop')) res.writeHead(302, { location: '/loop' });
    else {
      const n = Number(/\/step\/(\d+)/.exec(url)?.[1] ?? 0);
      res.writeHead(302, { location: `/step/${n + 1}` });
    }
    res.end();
  });
  zoneDns = await startDnsServer([
    { name: 'slow.example.test', type: 'A', address: '127.0.0.1' },
    { name: 'loop.example.test', type: 'A', address: '127.0.0.1' },
  ]);
});

afterAll(async () => {
  await Promise.all([silentDns?.close(), silentTcp?.close(), redirector?.close(), zoneDns?.close()]);
});

describe('hostile peers end in bounded time', () => {
  it('a DNS server that never answers: DNS and mail evidence are errors, checks report error', async () => {
    const config = configSchema.parse({
      project: { name: 'x' },
      environments: { production: { appUrl: 'https://app.example.test' } },
      domains: { apex: 'example.test', app: 'app.example.test', mail: 'example.test', dkimSelectors: ['s1'] },
    });
    const dnsServer = `${silentDns.host}:${silentDns.port}`;
    const client = newClient(dnsServer);
    try {
      const edge = await gatherEdge({ config, dnsServer, timeoutMs: TIMEOUT, client });
      expect(edge.dns.state).toBe('error');
      expect(edge.mail.state).toBe('error');
      // Everything after DNS needs it: errors, not "host missing", and not one deadline per host.
      expect(edge.tls.state).toBe('error');
      expect(edge.edgeHttp.state).toBe('error');
      const [r] = runChecks([spfMissing] as unknown as readonly Check[], edge as unknown as Evidence, CTX);
      expect(r?.status).toBe('error');
    } finally {
      await client.close();
    }
  });

  it('a TLS server that accepts and stays silent: the handshake ends as an error', async () => {
    const t = await probeTlsHost({ host: '127.0.0.1', port: silentTcp.port, servername: 'slow.example.test', ca: [], timeoutMs: TIMEOUT });
    expect(t.status).toBe('error');
    expect(t.error).toMatch(/ETIMEDOUT/);
    const [r] = runChecks([tlsCertificateUntrusted] as unknown as readonly Check[], { tls: { state: 'ok', value: { hosts: [t], originProbes: [] } } } as unknown as Evidence, CTX);
    expect(r?.status).toBe('error');
  });

  it('an endless redirect and a redirect loop: chains stop and the checks fail', async () => {
    const port = redirector.port;
    const config = configSchema.parse({
      project: { name: 'x' },
      environments: { production: { appUrl: `https://loop.example.test:${silentTcp.port}`, httpUrl: `http://loop.example.test:${port}` } },
      domains: {
        app: 'loop.example.test',
        redirects: [{ from: `http://loop.example.test:${port}/step/0`, to: 'https://loop.example.test/' }],
      },
    });
    const dnsServer = `${zoneDns.host}:${zoneDns.port}`;
    const client = newClient(dnsServer);
    try {
      const edge = await gatherEdge({ config, dnsServer, timeoutMs: TIMEOUT, client });
      expect(edge.edgeHttp.state).toBe('ok');
      if (edge.edgeHttp.state !== 'ok') return;
      const legacy = edge.edgeHttp.value.chains.find((c) => c.kind === 'legacy');
      expect(legacy?.end).toBe('hop-limit');
      expect(legacy?.hops).toHaveLength(edge.edgeHttp.value.hopLimit);
      const results = runChecks([redirectChainBroken, legacyRedirectWrongTarget] as unknown as readonly Check[], edge as unknown as Evidence, CTX);
      expect(results.map((r) => r.status)).toEqual(['fail', 'fail']);
      // The https side is the silent TCP server: the TLS gatherer records an error, not a hang.
      expect(edge.tls.state === 'ok' ? edge.tls.value.hosts[0]?.status : edge.tls.state).toBe('error');
    } finally {
      await client.close();
    }
  });

  it('a redirect that comes back to itself is reported as a loop', async () => {
    const config = configSchema.parse({
      project: { name: 'x' },
      environments: { production: { appUrl: `https://loop.example.test:${silentTcp.port}`, httpUrl: `http://loop.example.test:${redirector.port}` } },
      domains: { redirects: [{ from: `http://loop.example.test:${redirector.port}/loop`, to: 'https://loop.example.test/' }] },
    });
    const dnsServer = `${zoneDns.host}:${zoneDns.port}`;
    const client = newClient(dnsServer);
    try {
      const edge = await gatherEdge({ config, dnsServer, timeoutMs: TIMEOUT, client });
      if (edge.edgeHttp.state !== 'ok') throw new Error('edgeHttp not gathered');
      expect(edge.edgeHttp.value.chains.find((c) => c.kind === 'legacy')?.end).toBe('loop');
      const http = edge.edgeHttp.value.chains.find((c) => c.kind === 'http-to-https');
      expect(http?.end).toBe('hop-limit');
      const [r] = runChecks([redirectChainBroken] as unknown as readonly Check[], edge as unknown as Evidence, CTX);
      expect(r?.findings.some((f) => /More than 10 redirects|loop/i.test(f.title))).toBe(true);
    } finally {
      await client.close();
    }
  });
});
