// The stage-3 gatherer against real loopback servers: a DNS server answering
// a test zone, HTTPS servers with generated certificates (valid, expired,
// wrong host, self-signed, missing intermediate, TLS 1.0), plain HTTP with
// redirects; then the stage-3 checks on what was gathered.
import { generateKeyPairSync } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import type { ZoneRecord } from '../../demo/infra/zone.js';
import { splitTxt } from '../../demo/infra/zone.js';
import { CHECKS } from '../../src/checks/registry.js';
import type { Check } from '../../src/checks/types.js';
import { configSchema } from '../../src/config/schema.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { domainMapFromDns } from '../../src/evidence/gatherers/edge/dns-map.js';
import { gatherEdge, type EdgeEvidence } from '../../src/evidence/gatherers/edge/index.js';
import { failed } from '../../src/evidence/types.js';
import type { Evidence } from '../../src/evidence/types.js';
import { ProbeClient } from '../../src/probe/client.js';
import type { CheckResult } from '../../src/report/model.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { CTX } from '../helpers/exchange.js';
import { makePki, type TestPki } from './pki.js';
import { startHttp, startHttps, type Running } from './servers.js';

const D = 'example.test';
const NAMES = [D, `app.${D}`, `www.${D}`, `expired.${D}`, `self.${D}`, `chain.${D}`, `legacy.${D}`, `wrong.${D}`];
const txt = (name: string, value: string): ZoneRecord => ({ name, type: 'TXT', data: splitTxt(value) });
const a = (name: string, address = '127.0.0.1'): ZoneRecord => ({ name, type: 'A', address });

function dkim(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

const ZONE: ZoneRecord[] = [
  ...NAMES.filter((n) => n !== `wrong.${D}`).map((n) => a(n)),
  a(`wrong.${D}`),
  a(`mail.${D}`),
  { name: `old.${D}`, type: 'CNAME', target: `gone-app.hosting.test` },
  { name: D, type: 'MX', exchange: `mail.${D}`, priority: 10 },
  { name: D, type: 'CAA', flags: 0, tag: 'issue', value: 'letsencrypt.org' },
  // 3 + 4 + 3 + 1 = 11 lookups over the tree; h1..h4 and _spf2 itself have no address (voids); _spf3 uses ptr.
  txt(D, `v=spf1 include:_spf1.${D} include:_spf2.${D} mx ?all`),
  txt(`_spf1.${D}`, `v=spf1 a:h1.${D} a:h2.${D} a:h3.${D} a:h4.${D} -all`),
  txt(`_spf2.${D}`, `v=spf1 include:_spf3.${D} a mx -all`),
  txt(`_spf3.${D}`, 'v=spf1 ptr ip4:192.0.2.10 -all'),
  txt(`_dmarc.${D}`, 'v=DMARC1; p=none; rua=mailto:reports@elsewhere.test'),
  txt(`s1._domainkey.${D}`, dkim(1024)),
  txt(`_smtp._tls.${D}`, `v=TLSRPTv1; rua=mailto:tls@${D}`),
];

let dns: DnsServerHandle;
let pki: TestPki;
const servers: Running[] = [];
const ports: Record<string, number> = {};
let edge: EdgeEvidence;
let results: Map<string, CheckResult>;
let client: ProbeClient;

const MIXED_PAGE = `<!doctype html><html><head><script src="http://cdn.example.test/lib.js"></script>
<link rel="stylesheet" href="https://ok.example.test/a.css"></head>
<body><img src="http://img.example.test/logo.png" srcset="https://ok.example.test/x.png 2x">
<form action="http://app.example.test/login" method="post"></form></body></html>`;

function appHandler(httpsPort: () => number): http.RequestListener {
  return (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    if (host === `www.${D}`) {
      res.writeHead(301, { location: `https://app.${D}:${httpsPort()}/`, 'strict-transport-security': 'max-age=31536000; includeSubDomains' });
      res.end();
      return;
    }
    if (host === D) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>apex</p>');
      return;
    }
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'strict-transport-security': 'max-age=300' });
    res.end(MIXED_PAGE);
  };
}

const plainOk: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'strict-transport-security': 'max-age=31536000' });
  res.end('ok');
};

beforeAll(async () => {
  [dns, pki] = await Promise.all([startDnsServer(ZONE), makePki(NAMES)]);
  const valid = await startHttps({ key: pki.valid.key, cert: `${pki.valid.cert.trim()}\n${pki.intermediatePem}` }, appHandler(() => ports.valid!));
  ports.valid = valid.port;
  const plain = await startHttp((req, res) => {
    const host = (req.headers.host ?? '').split(':')[0];
    if (host === D) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>apex over http</p>');
      return;
    }
    res.writeHead(301, { location: `https://${host}:${ports.valid}${req.url}` });
    res.end();
  });
  ports.http = plain.port;
  const others = await Promise.all([
    startHttps({ key: pki.expired.key, cert: pki.expired.cert }, plainOk),
    startHttps({ key: pki.selfSigned.key, cert: pki.selfSigned.cert }, plainOk),
    startHttps({ key: pki.valid.key, cert: pki.valid.cert }, plainOk), // no intermediate sent
    startHttps({ key: pki.legacy.key, cert: pki.legacy.cert, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, plainOk),
    startHttps({ key: pki.wrongHost.key, cert: pki.wrongHost.cert }, plainOk),
  ]);
  for (const [i, name] of ['expired', 'self', 'chain', 'legacy', 'wrong'].entries()) ports[name] = others[i]!.port;
  servers.push(valid, plain, ...others);

  const config = configSchema.parse({
    project: { name: 'edge test' },
    environments: {
      production: { appUrl: `https://app.${D}:${ports.valid}`, httpUrl: `http://app.${D}:${ports.http}` },
      expired: { appUrl: `https://expired.${D}:${ports.expired}` },
      self: { appUrl: `https://self.${D}:${ports.self}` },
      chain: { appUrl: `https://chain.${D}:${ports.chain}` },
      legacy: { appUrl: `https://legacy.${D}:${ports.legacy}` },
      wrong: { appUrl: `https://wrong.${D}:${ports.wrong}` },
    },
    domains: {
      apex: D,
      www: `www.${D}`,
      app: `app.${D}`,
      mail: D,
      dkimSelectors: ['s1', 's2'],
      extra: [`old.${D}`],
      redirects: [{ from: `http://www.${D}/`, to: `https://app.${D}/` }],
    },
  });
  const dnsServer = `${dns.host}:${dns.port}`;
  client = new ProbeClient({
    timeoutMs: 3000,
    maxRequests: 500,
    ratePerSecond: 200,
    maxSeconds: 60,
    dnsServer,
    ca: pki.rootPem,
    credentialOrigins: [],
    writableOrigins: [],
    redactor: new Redactor(),
  });
  edge = await gatherEdge({ config, environment: 'production', dnsServer, timeoutMs: 3000, ca: pki.rootPem, client });
  const checks = CHECKS.filter((c) => c.meta.stage === 3 && c.meta.requires.every((k) => ['dns', 'mail', 'tls', 'edgeHttp'].includes(k)));
  const evidence = { ...edge } as unknown as Evidence;
  results = new Map(runChecks(checks as readonly Check[], evidence, CTX).map((r) => [r.id, r]));
});

afterAll(async () => {
  await client?.close();
  await Promise.all([dns?.close(), ...servers.map((s) => s.close())]);
});

const findingsOf = (id: string) => results.get(id)?.findings ?? [];
const titles = (id: string) => findingsOf(id).map((f) => f.title).join('\n');

describe('gatherEdge against loopback servers', () => {
  it('maps DNS: the dangling CNAME and the CAA set', () => {
    expect(edge.dns.state).toBe('ok');
    if (edge.dns.state !== 'ok') return;
    const old = edge.dns.value.hosts.find((h) => h.name === `old.${D}`);
    expect(old?.cnameChain).toEqual(['gone-app.hosting.test']);
    expect(old?.target?.a.status).toBe('nxdomain');
    const app = edge.dns.value.hosts.find((h) => h.name === `app.${D}`);
    expect(app?.caa.foundAt).toBe(D);
    expect(app?.caa.records.find((r) => r.tag === 'issue')?.value).toBe('letsencrypt.org');
    expect(results.get('dangling-cname')?.status).toBe('fail');
    expect(results.get('cname-at-apex')?.status).toBe('pass');
    // The report's domain map comes from the same answers.
    const map = domainMapFromDns(edge.dns.value);
    expect(map.find((m) => m.name === `old.${D}`)?.points).toEqual(['CNAME gone-app.hosting.test']);
    expect(map.find((m) => m.name === `expired.${D}`)).toMatchObject({ role: 'environment', environments: ['expired'], points: ['127.0.0.1'] });
  });

  it('lints SPF over the include tree and evaluates it with mailauth', () => {
    expect(edge.mail.state).toBe('ok');
    if (edge.mail.state !== 'ok') return;
    const lint = edge.mail.value.spf.lint!;
    expect(lint.lookupCount).toBe(11);
    expect(lint.allQualifier).toBe('?');
    expect(lint.usesPtr).toBe(true);
    expect(lint.voidLookups.length).toBeGreaterThanOrEqual(5);
    expect(edge.mail.value.spf.strangerResult?.result).not.toBe('pass');
    expect(results.get('spf-too-many-lookups')?.status).toBe('fail');
    expect(findingsOf('spf-allows-any-sender')[0]?.severity).toBe('medium');
    expect(titles('spf-record-invalid')).toMatch(/ptr/);
    expect(titles('spf-record-invalid')).toMatch(/void lookups/);
  });

  it('reads DMARC, DKIM, MX, MTA-STS and TLS-RPT', () => {
    expect(results.get('dmarc-missing')?.status).toBe('pass');
    expect(results.get('dmarc-policy-none')?.status).toBe('fail');
    expect(titles('dmarc-record-invalid')).toMatch(/elsewhere\.test has not authorised/);
    expect(titles('dmarc-record-invalid')).toMatch(/accepts no mail/);
    expect(titles('dkim-selector-missing')).toMatch(/selector s2/);
    expect(findingsOf('dkim-key-too-weak')).toHaveLength(1);
    expect(findingsOf('dkim-key-too-weak')[0]?.severity).toBe('low');
    expect(results.get('mx-missing')?.status).toBe('pass');
    expect(results.get('mta-sts-missing')?.status).toBe('warn');
    expect(results.get('tls-rpt-missing')?.status).toBe('pass');
  });

  it('judges each TLS host: expired, self-signed, incomplete chain, wrong host, TLS 1.0', () => {
    expect(edge.tls.state).toBe('ok');
    if (edge.tls.state !== 'ok') return;
    const host = (n: string) => edge.tls.state === 'ok' ? edge.tls.value.hosts.find((h) => h.host === `${n}.${D}`) : undefined;
    expect(host('app')?.trusted).toBe(true);
    expect(host('app')?.chain.length).toBeGreaterThanOrEqual(2);
    expect(host('app')?.chain[0]?.signatureAlgorithm).toBe('ecdsa-with-SHA256');
    expect(host('app')?.legacy.TLSv1.offered).toBe(false);
    expect(host('legacy')?.legacy.TLSv1.offered).toBe(true);
    expect(host('legacy')?.legacy['TLSv1.1'].offered).toBe(true);
    expect(host('chain')?.trustError).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(host('self')?.trustError).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect(host('wrong')?.hostnameError).toBeTruthy();

    expect(findingsOf('tls-certificate-expiring').map((f) => [f.title.split(':')[0], f.severity])).toEqual([[`expired.${D}`, 'critical']]);
    const untrusted = titles('tls-certificate-untrusted');
    expect(untrusted).toMatch(/self\.example\.test: .*self-signed/);
    expect(untrusted).toMatch(/chain\.example\.test: .*no intermediate/);
    expect(untrusted).not.toMatch(/app\.example\.test/);
    expect(findingsOf('tls-hostname-mismatch').map((f) => f.title.split(':')[0])).toEqual([`wrong.${D}`]);
    expect(findingsOf('tls-legacy-protocol-offered').map((f) => f.title)).toEqual([`legacy.${D} accepts TLS 1.0 and TLS 1.1`]);
    expect(results.get('tls-weak-key-or-signature')?.status).toBe('pass');
    // The test CA is in no CAA table: undecidable, never a pass or a finding.
    expect(results.get('caa-forbids-issuer')?.status).toBe('not-tested');
  });

  it('follows redirects, checks HSTS, mixed content and caching', () => {
    expect(edge.edgeHttp.state).toBe('ok');
    expect(findingsOf('http-not-redirected-to-https').map((f) => f.title)).toContain(`${D} serves the app over plain HTTP (200) instead of redirecting`);
    expect(findingsOf('http-not-redirected-to-https').some((f) => f.title.includes('app.example.test'))).toBe(false);
    expect(results.get('legacy-redirect-wrong-target')?.status).toBe('pass');
    const hsts = findingsOf('hsts-weak');
    expect(hsts.find((f) => f.title.startsWith(`app.${D}`))?.title).toMatch(/max-age is 300/);
    expect(hsts.find((f) => f.title.startsWith(`${D} `))?.severity).toBe('high');
    const mixed = findingsOf('mixed-content');
    expect(mixed.map((f) => f.severity).sort()).toEqual(['high', 'high', 'low']);
    expect(results.get('api-response-cacheable')?.status).toBe('warn');
    expect(results.get('origin-exposed-beside-cdn')?.status).toBe('not-applicable');
  });

  it('records every request in the ledger and never sends credentials', () => {
    const entries = client.ledger.all();
    expect(entries.length).toBeGreaterThan(10);
    expect(entries.every((e) => e.role === 'anonymous' && e.method === 'GET')).toBe(true);
  });

  it('keeps an error distinct from a finding when evidence failed', () => {
    const r = runChecks(
      CHECKS.filter((c) => c.meta.id === 'spf-missing') as readonly Check[],
      { ...edge, mail: failed('DNS server did not answer') } as unknown as Evidence,
      CTX,
    );
    expect(r[0]?.status).toBe('error');
  });
});
