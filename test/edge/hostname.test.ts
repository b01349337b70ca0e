// Host names judged by browsers' rules against real TLS servers: one loopback
// listener picks a certificate per SNI name (all trusted: signed by the lab
// root), so only the name rules decide. Both the check and the probe client's
// own verification must refuse a certificate a browser refuses.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tlsHostnameMismatch from '../../src/checks/edge/tls-hostname-mismatch.js';
import type { TlsHostEvidence } from '../../src/evidence/edge-types.js';
import { probeTlsHost } from '../../src/evidence/gatherers/edge/tls-probe.js';
import { createLookup } from '../../src/probe/resolver.js';
import { dnsNameMatches, sanCoversHost } from '../../src/probe/server-identity.js';
import { CTX } from '../helpers/exchange.js';
import { makeLeaf } from './chains.js';
import { startLab, type Lab } from './lab.js';
import { startHttps, type Running } from './servers.js';

const Z = 'names.test';
/** served host → the certificate it gets: subject CN and subjectAltName (false: none at all). */
const REFUSED: Record<string, { cn: string; san: string[] | false }> = {
  [`cnonly.${Z}`]: { cn: `cnonly.${Z}`, san: false },
  [`partial.${Z}`]: { cn: `partial.${Z}`, san: [`part*.${Z}`] },
  [`a.deep.${Z}`]: { cn: `deep.${Z}`, san: [`*.${Z}`] },
  [Z]: { cn: Z, san: [`*.${Z}`] },
  [`tld.test`]: { cn: 'tld.test', san: ['*.test'] },
  [`cnright.${Z}`]: { cn: `cnright.${Z}`, san: [`other.${Z}`] },
  [`inner.${Z}`]: { cn: `inner.${Z}`, san: [`inner.*.test`] },
};
const ACCEPTED: Record<string, { cn: string; san: string[] }> = {
  [`sub.${Z}`]: { cn: 'anything', san: [`*.${Z}`] },
  [`upper.${Z}`]: { cn: 'anything', san: [`UPPER.${Z.toUpperCase()}`] },
  [`exact.${Z}`]: { cn: `exact.${Z}`, san: [`exact.${Z}`, `www.exact.${Z}`] },
  [`xn--bcher-kva.${Z}`]: { cn: 'idn', san: [`*.${Z}`] },
};
const ALL = { ...REFUSED, ...ACCEPTED };

let lab: Lab;
let server: Running;
let hosts: TlsHostEvidence[];

beforeAll(async () => {
  lab = await startLab(Object.keys(ALL));
  const contexts = new Map<string, tls.SecureContext>();
  await Promise.all(
    Object.entries(ALL).map(async ([host, c]) => {
      const leaf = await makeLeaf({ cn: c.cn, san: c.san, window: { toDays: 60 }, signer: lab.root });
      contexts.set(host, tls.createSecureContext({ key: leaf.key, cert: leaf.cert }));
    }),
  );
  server = await startHttps(
    { key: lab.leaf.key, cert: lab.leaf.cert, SNICallback: (name, cb) => cb(null, contexts.get(name.toLowerCase())) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    },
  );
  const lookup = createLookup({ dnsServer: lab.dnsServer, timeoutMs: 3000 });
  hosts = await Promise.all(
    Object.keys(ALL).map((host) => probeTlsHost({ host, port: server.port, servername: host, lookup, ca: [lab.root.cert], timeoutMs: 3000 })),
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.close();
});

describe('tls-hostname-mismatch by browsers’ rules', () => {
  it('trusts every chain, so only the names decide', () => {
    expect(hosts.map((h) => [h.host, h.status, h.trusted])).toEqual(Object.keys(ALL).map((h) => [h, 'ok', true]));
  });

  it('reports CN-only certificates, partial, inner and too-wide wildcards, and a SAN that names another host', () => {
    const out = tlsHostnameMismatch.run({ tls: { hosts, originProbes: [] } }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.identity[0]).sort()).toEqual(Object.keys(REFUSED).sort());
    const cnOnly = out.findings.find((f) => f.identity[0] === `cnonly.${Z}`)!;
    expect(cnOnly.title).toMatch(/no subjectAltName, only the subject CN=cnonly\.names\.test \(browsers ignore the CN\)/);
    expect(cnOnly.evidence[0]!.summary).toMatch(/no subjectAltName/);
    expect(out.findings.find((f) => f.identity[0] === `partial.${Z}`)!.title).toBe(`partial.${Z}: certificate is for part*.${Z}`);
  });

  it('accepts a SAN wildcard on one subdomain, upper-case names and an IDN label', () => {
    const accepted = hosts.filter((h) => h.host in ACCEPTED);
    expect(accepted.every((h) => h.hostnameError === undefined)).toBe(true);
    expect(tlsHostnameMismatch.run({ tls: { hosts: accepted, originProbes: [] } }, CTX).status).toBe('pass');
  });

  it('the probe client refuses what browsers refuse, so no later check trusts it', async () => {
    const results = await Promise.all(Object.keys(ALL).map(async (h) => [h, await lab.client.send({ method: 'GET', url: `https://${h}:${server.port}/`, role: 'anonymous', purpose: 'test' })] as const));
    for (const [h, ex] of results) {
      if (h in REFUSED) {
        expect(ex.response, h).toBeUndefined();
        expect(ex.error, h).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
      } else {
        expect(ex.response?.status, h).toBe(200);
      }
    }
    // Node's own rule accepts the CN-only and the partial wildcard: that is the gap closed here.
    const cnOnly = hosts.find((h) => h.host === `cnonly.${Z}`)!;
    expect(cnOnly.chain[0]!.subjectAltNames).toEqual([]);
    expect(tls.checkServerIdentity(`cnonly.${Z}`, { subject: { CN: `cnonly.${Z}` } } as tls.PeerCertificate)).toBeUndefined();
    expect(tls.checkServerIdentity(`partial.${Z}`, { subject: {}, subjectaltname: `DNS:part*.${Z}` } as unknown as tls.PeerCertificate)).toBeUndefined();
  });

  it('matches names and IPs by the same rules without a server', () => {
    expect(dnsNameMatches('a.example.test', '*.example.test')).toBe(true);
    expect(dnsNameMatches('example.test.', 'EXAMPLE.TEST')).toBe(true);
    expect(dnsNameMatches('a.b.example.test', '*.example.test')).toBe(false);
    expect(dnsNameMatches('foo.example.test', 'f*.example.test')).toBe(false);
    expect(dnsNameMatches('foo.example.test', '*oo.example.test')).toBe(false);
    expect(dnsNameMatches('x.test', '*.test')).toBe(false);
    expect(sanCoversHost('127.0.0.1', 'DNS:localhost, IP Address:127.0.0.1')).toBe(true);
    expect(sanCoversHost('127.0.0.1', 'DNS:127.0.0.1')).toBe(false);
    expect(sanCoversHost('::1', ['IP Address:0:0:0:0:0:0:0:1'])).toBe(true);
    expect(sanCoversHost('a,b.example.test', 'DNS:"a,b.example.test"')).toBe(true);
    expect(sanCoversHost('b.example.test', 'DNS:"a,b.example.test"')).toBe(false);
  });
});
