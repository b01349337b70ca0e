// Every kind of check the config accepts runs: TCP connect, TLS handshake
// and DNS record checks against real loopback servers, through the same
// runtime as HTTP checks; ICMP and unknown schemes are refused at config time.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneRecord } from '../../demo/infra/zone.js';
import { parseConfigText } from '../../src/config/load.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { configError, lines, MINIMAL } from '../config/helpers.js';
import { startDnsZone, testPlan } from './helpers.js';

const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

let plainPort = 0;
let tlsPort = 0;
let closedPort = 0;
let dnsPort = 0;
let ca = '';
const ZONE: ZoneRecord[] = [
  { name: 'app.example.test', type: 'A', address: '127.0.0.10' },
  { name: 'example.test', type: 'MX', exchange: 'mx.example.test', priority: 10 },
];

async function listen(s: http.Server): Promise<number> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => s.close(() => r())));
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  plainPort = await listen(http.createServer((_q, r) => r.end('ok')));
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    keySize: 2048,
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 40 * 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  ca = pems.cert;
  tlsPort = await listen(https.createServer({ key: pems.private, cert: pems.cert }, (_q, r) => r.end('ok')));
  // A port that was just free: nothing listens there.
  const tmp = http.createServer();
  closedPort = await listen(tmp);
  await new Promise<void>((r) => tmp.close(() => r()));
  const dns = await startDnsZone(ZONE);
  dnsPort = dns.port;
  closers.push(dns.close);
});

async function runAll(checks: unknown[]) {
  const plan = testPlan({ checks });
  const store = new Store(':memory:');
  const m = new Monitor({ plan, store, redactor: new Redactor(), ca });
  try {
    return Object.fromEntries(await Promise.all(plan.checks.map(async (c) => [c.name, await m.runCheck(c)] as const)));
  } finally {
    await m.stop();
    store.close();
  }
}

describe('tcp, tls and dns checks', () => {
  it('run and are judged by their conditions', async () => {
    const r = await runAll([
      { name: 'port', url: `tcp://127.0.0.1:${plainPort}` },
      { name: 'closed', url: `tcp://127.0.0.1:${closedPort}` },
      { name: 'handshake', url: `tls://127.0.0.1:${tlsPort}`, conditions: ['[CONNECTED] == true', '[CERTIFICATE_EXPIRATION_DAYS] > 30'] },
      { name: 'short-cert', url: `tls://127.0.0.1:${tlsPort}`, conditions: ['[CERTIFICATE_EXPIRATION_DAYS] > 60'] },
      { name: 'not-tls', url: `tls://127.0.0.1:${plainPort}` },
      { name: 'app-a', url: `dns://127.0.0.1:${dnsPort}`, dns: { queryName: 'app.example.test', queryType: 'A' }, conditions: ['[DNS_RCODE] == NOERROR', '[BODY] == 127.0.0.10'] },
      { name: 'mx', url: `dns://127.0.0.1:${dnsPort}`, dns: { queryName: 'example.test', queryType: 'MX' }, conditions: ['[BODY] contains mx.example.test'] },
      { name: 'gone', url: `dns://127.0.0.1:${dnsPort}`, dns: { queryName: 'nope.example.test', queryType: 'A' } },
    ]);
    expect(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.ok]))).toEqual({
      port: true,
      closed: false,
      handshake: true,
      'short-cert': false,
      'not-tls': false,
      'app-a': true,
      mx: true,
      gone: false,
    });
    expect(r.closed!.summary).toContain('ECONNREFUSED');
    expect(r.handshake!.result.tlsMs).toBeGreaterThan(0);
    expect(r['short-cert']!.failed[0]).toMatch(/^\[CERTIFICATE_EXPIRATION_DAYS\] \(39\.\d+\) > 60$/);
    expect(r['app-a']!.summary).toMatch(/^A app\.example\.test .* → NOERROR 127\.0\.0\.10 in \d+ ms$/);
    expect(r.gone!.failed).toEqual(['[DNS_RCODE] (NXDOMAIN) == NOERROR']);
  });
});

describe('check URLs at config time', () => {
  const check = (...l: string[]) => MINIMAL + lines('monitor:', '  checks:', ...l);
  it('refuses icmp:// with a message that says why and what to use instead', () => {
    const err = configError(() => parseConfigText(check('    - { name: ping, url: icmp://db.internal }'), 'launchready.yml'));
    expect(err.issues.map((i) => `${i.key}: ${i.message}`)).toEqual([
      expect.stringMatching(/^monitor\.checks\[0\]\.url: .*icmp:\/\/ checks need raw sockets \(root or CAP_NET_RAW\).*tcp:\/\/host:22/),
    ]);
  });

  it('refuses what a kind cannot do', () => {
    const err = configError(() =>
      parseConfigText(
        check(
          '    - { name: a, url: "tcp://db.internal" }',
          '    - { name: b, url: "tcp://db.internal:5432", conditions: ["[STATUS] == 200"] }',
          '    - { name: c, url: "dns://" }',
          '    - { name: d, url: "ftp://files.internal" }',
        ),
        'launchready.yml',
      ),
    );
    expect(err.issues.map((i) => i.key).sort()).toEqual(['monitor.checks[0].url', 'monitor.checks[1].conditions[0]', 'monitor.checks[2].dns', 'monitor.checks[3].url']);
    expect(err.issues.find((i) => i.key === 'monitor.checks[1].conditions[0]')!.message).toContain('[STATUS] does not apply to a tcp check');
  });
});
