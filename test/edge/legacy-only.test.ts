// Servers that speak only TLS 1.0 and/or 1.1 (and look-alikes that also
// speak 1.2, or do not speak TLS at all) on loopback, through the whole edge
// gatherer: the modern handshake fails, the legacy probes run anyway, the host
// is a critical finding, and the other HTTPS checks say why they could not run.
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import type { Check } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { TlsHostEvidence } from '../../src/evidence/edge-types.js';
import { gatherEdge, type EdgeEvidence } from '../../src/evidence/gatherers/edge/index.js';
import type { Evidence } from '../../src/evidence/types.js';
import type { CheckResult } from '../../src/report/model.js';
import { CTX } from '../helpers/exchange.js';
import { startLab, type Lab } from './lab.js';
import { startHttp, startHttps, type Running } from './servers.js';

const Z = 'legacy.test';
type Range = { minVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2'; maxVersion: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' };
const SERVERS: Record<string, Range | 'plain-http'> = {
  only10: { minVersion: 'TLSv1', maxVersion: 'TLSv1' },
  only11: { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' },
  both: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1' },
  // Look-alikes: legacy offered beside 1.2 (a medium finding, the host works), 1.2 and up only, and no TLS at all.
  upto12: { minVersion: 'TLSv1', maxVersion: 'TLSv1.2' },
  modern: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' },
  nottls: 'plain-http',
};
const host = (label: string) => `${label}.${Z}`;

let lab: Lab;
const servers: Running[] = [];
let edge: EdgeEvidence;
let results: Map<string, CheckResult>;

const ok: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'strict-transport-security': 'max-age=31536000; includeSubDomains' });
  res.end('ok');
};

beforeAll(async () => {
  lab = await startLab(Object.keys(SERVERS).map(host));
  const ports: Record<string, number> = {};
  for (const [label, range] of Object.entries(SERVERS)) {
    const s =
      range === 'plain-http'
        ? await startHttp(ok)
        : // SECLEVEL=0: OpenSSL 3 otherwise refuses the SHA-1 signatures TLS 1.0/1.1 handshakes use.
          await startHttps({ key: lab.leaf.key, cert: lab.leaf.cert, ...range, ciphers: 'DEFAULT@SECLEVEL=0' }, ok);
    servers.push(s);
    ports[label] = s.port;
  }
  const config = configSchema.parse({
    project: { name: 'legacy-only test' },
    environments: Object.fromEntries(Object.keys(SERVERS).map((l) => [l, { appUrl: `https://${host(l)}:${ports[l]}` }])),
  });
  edge = await gatherEdge({ config, environment: 'modern', dnsServer: lab.dnsServer, timeoutMs: 3000, ca: lab.root.cert, client: lab.client });
  const checks = CHECKS.filter((c) => c.meta.stage === 3 && c.meta.requires.every((k) => ['dns', 'mail', 'tls', 'edgeHttp'].includes(k)));
  results = new Map(runChecks(checks as readonly Check[], { ...edge } as unknown as Evidence, CTX).map((r) => [r.id, r]));
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await lab?.close();
});

const tlsHost = (label: string): TlsHostEvidence | undefined => (edge.tls.state === 'ok' ? edge.tls.value.hosts.find((h) => h.host === host(label)) : undefined);

describe('a server that speaks only TLS 1.0/1.1', () => {
  it('is probed for legacy versions when the modern handshake fails', () => {
    expect(edge.tls.state).toBe('ok');
    expect(tlsHost('only10')).toMatchObject({ status: 'legacy-only', protocol: 'TLSv1', legacy: { TLSv1: { offered: true }, 'TLSv1.1': { offered: false } } });
    expect(tlsHost('only11')).toMatchObject({ status: 'legacy-only', protocol: 'TLSv1.1', legacy: { TLSv1: { offered: false }, 'TLSv1.1': { offered: true } } });
    expect(tlsHost('both')).toMatchObject({ status: 'legacy-only', legacy: { TLSv1: { offered: true }, 'TLSv1.1': { offered: true } } });
    expect(tlsHost('only10')?.error).toMatch(/no TLS 1\.2 or 1\.3 handshake .*speaks only TLSv1$/);
    // OpenSSL's error-queue noise (addresses, source files) is cut down to its reason.
    expect(tlsHost('only10')?.error).toMatch(/\(ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: tlsv1 alert protocol version \(SSL alert number 70\)\)/);
    // The certificate is kept from the legacy handshake, for the report.
    expect(tlsHost('only10')?.chain[0]?.subjectAltNames).toContain(`DNS:${host('only10')}`);
  });

  it('is a critical finding per legacy-only host; legacy beside TLS 1.2 stays medium', () => {
    const f = results.get('tls-legacy-protocol-offered')?.findings ?? [];
    const titles = f.map((x) => [x.title, x.severity]);
    expect(titles).toContainEqual([`${host('only10')} speaks only TLS 1.0: no TLS 1.2 or 1.3`, 'critical']);
    expect(titles).toContainEqual([`${host('only11')} speaks only TLS 1.1: no TLS 1.2 or 1.3`, 'critical']);
    expect(titles).toContainEqual([`${host('both')} speaks only TLS 1.0 and TLS 1.1: no TLS 1.2 or 1.3`, 'critical']);
    expect(titles).toContainEqual([`${host('upto12')} accepts TLS 1.0 and TLS 1.1`, 'medium']);
    expect(f.some((x) => x.title.startsWith(host('modern')) || x.title.startsWith(host('nottls')))).toBe(false);
    expect(f).toHaveLength(4);
  });

  it('a listener that does not speak TLS at all is an error, not legacy-only', () => {
    expect(tlsHost('nottls')).toMatchObject({ status: 'error', legacy: { TLSv1: { offered: false }, 'TLSv1.1': { offered: false } } });
    expect(tlsHost('modern')).toMatchObject({ status: 'ok', legacy: { TLSv1: { offered: false }, 'TLSv1.1': { offered: false } } });
    expect(tlsHost('upto12')).toMatchObject({ status: 'ok', protocol: 'TLSv1.2' });
  });

  it('the other HTTPS checks say why they could not judge it', () => {
    for (const id of ['tls-certificate-expiring', 'tls-certificate-untrusted', 'tls-hostname-mismatch', 'tls-weak-key-or-signature']) {
      const r = results.get(id)!;
      expect(r.status, id).toBe('error');
      expect(r.reason, id).toMatch(new RegExp(`${host('only10')}:\\d+: not judged, it speaks only legacy TLS`));
    }
    const hsts = results.get('hsts-weak')!;
    expect(hsts.status).toBe('error');
    expect(hsts.reason).toMatch(new RegExp(`not judged \\(no HTTPS answer\\): .*${host('only10')}`));
  });
});
