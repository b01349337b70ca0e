// Unit tests of the DNS and TLS checks with inline evidence.
import { describe, expect, it } from 'vitest';
import caaForbidsIssuer from '../../src/checks/edge/caa-forbids-issuer.js';
import cnameAtApex from '../../src/checks/edge/cname-at-apex.js';
import danglingCname from '../../src/checks/edge/dangling-cname.js';
import hostDoesNotResolve from '../../src/checks/edge/host-does-not-resolve.js';
import tlsCertificateExpiring from '../../src/checks/edge/tls-certificate-expiring.js';
import tlsCertificateLifetimeTooLong from '../../src/checks/edge/tls-certificate-lifetime-too-long.js';
import tlsCertificateUntrusted from '../../src/checks/edge/tls-certificate-untrusted.js';
import tlsHostnameMismatch from '../../src/checks/edge/tls-hostname-mismatch.js';
import tlsLegacyProtocolOffered from '../../src/checks/edge/tls-legacy-protocol-offered.js';
import tlsWeakKeyOrSignature from '../../src/checks/edge/tls-weak-key-or-signature.js';
import type { TlsHostEvidence } from '../../src/evidence/edge-types.js';
import { CTX } from '../helpers/exchange.js';
import { answer, cert, dnsEv, dnsHost, tlsHost } from '../helpers/edge.js';

type Out = { status: string; findings?: { title: string; severity?: string; identity: string[] }[]; reason?: string };
const tlsRun = (check: { run: (e: never, c: typeof CTX) => unknown }, hosts: TlsHostEvidence[]) => check.run({ tls: { hosts, originProbes: [] } } as never, CTX) as Out;
const broken = tlsHost({ host: 'down.example.test', status: 'error', chain: [], error: 'ETIMEDOUT: no TLS handshake' });

describe('dns checks', () => {
  it('dangling-cname: NXDOMAIN target fails high, resolving target passes, SERVFAIL is an error', () => {
    const dangling = dnsHost('old.example.test', {
      cnameChain: ['gone.hosting.test'],
      cname: answer('old.example.test', 'CNAME', ['gone.hosting.test']),
      target: { name: 'gone.hosting.test', a: answer('gone.hosting.test', 'A', [], 'nxdomain'), aaaa: answer('gone.hosting.test', 'AAAA', [], 'nxdomain') },
    });
    const out = danglingCname.run({ dns: dnsEv([dangling]) }, CTX) as Out;
    expect(out.status).toBe('fail');
    expect(out.findings?.[0]?.severity).toBe('high');
    expect(out.findings?.[0]?.identity).toEqual(['old.example.test', 'gone.hosting.test']);
    const fine = { ...dangling, target: { name: 'x', a: answer('x', 'A', ['192.0.2.1']), aaaa: answer('x', 'AAAA') } };
    expect((danglingCname.run({ dns: dnsEv([fine]) }, CTX) as Out).status).toBe('pass');
    const unknown = { ...dangling, target: { name: 'x', a: answer('x', 'A', [], 'servfail'), aaaa: answer('x', 'AAAA', [], 'servfail') } };
    expect((danglingCname.run({ dns: dnsEv([unknown]) }, CTX) as Out).status).toBe('error');
  });

  it('cname-at-apex: fails on a CNAME at the apex, passes without, n/a without apex', () => {
    const apex = dnsHost('example.test', { roles: ['apex'], cname: answer('example.test', 'CNAME', ['lb.hosting.test']) });
    expect((cnameAtApex.run({ dns: dnsEv([apex]) }, CTX) as Out).status).toBe('fail');
    expect((cnameAtApex.run({ dns: dnsEv([dnsHost('example.test')]) }, CTX) as Out).status).toBe('pass');
    expect((cnameAtApex.run({ dns: { ...dnsEv([]), apex: undefined } }, CTX) as Out).status).toBe('not-applicable');
    expect((cnameAtApex.run({ dns: dnsEv([dnsHost('example.test', { cname: answer('example.test', 'CNAME', [], 'timeout') })]) }, CTX) as Out).status).toBe('error');
  });

  it('host-does-not-resolve: reports names without addresses, skips a mail-only domain', () => {
    const gone = dnsHost('api.example.test', { a: answer('api.example.test', 'A', [], 'nxdomain'), aaaa: answer('api.example.test', 'AAAA', [], 'nxdomain') });
    const mailOnly = dnsHost('example.test', { roles: ['mail'], a: answer('example.test', 'A'), aaaa: answer('example.test', 'AAAA') });
    const out = hostDoesNotResolve.run({ dns: dnsEv([gone, mailOnly, dnsHost('app.example.test')]) }, CTX) as Out;
    expect(out.findings?.map((f) => f.identity[0])).toEqual(['api.example.test']);
    expect((hostDoesNotResolve.run({ dns: dnsEv([dnsHost('app.example.test')]) }, CTX) as Out).status).toBe('pass');
  });

  it('caa-forbids-issuer: CAA without the issuer fails, with it passes, unknown CA is not-tested', () => {
    const caa = (value: string) => ({ foundAt: 'example.test', records: [{ critical: 0, tag: 'issue', value }], status: 'ok' as const });
    const run = (value: string, issuerOrg = "Let's Encrypt") =>
      caaForbidsIssuer.run(
        { dns: dnsEv([dnsHost('app.example.test', { caa: caa(value) })]), tls: { hosts: [tlsHost({ chain: [cert({ issuerOrg, issuer: `O=${issuerOrg}` })] })], originProbes: [] } },
        CTX,
      ) as Out;
    expect(run('digicert.com').status).toBe('fail');
    expect(run('letsencrypt.org').status).toBe('pass');
    expect(run('letsencrypt.org', 'Some Private CA').status).toBe('not-tested');
  });
});

describe('tls checks', () => {
  it('tls-certificate-expiring: critical within 7 days or expired, medium within 30, pass beyond', () => {
    const at = (validTo: string) => tlsHost({ chain: [cert({ validTo })], checkedAt: '2026-03-01T00:00:00.000Z' });
    expect(tlsRun(tlsCertificateExpiring, [at('2026-03-05T00:00:00.000Z')]).findings?.[0]?.severity).toBe('critical');
    expect(tlsRun(tlsCertificateExpiring, [at('2026-02-20T00:00:00.000Z')]).findings?.[0]?.title).toMatch(/expired/);
    const soon = tlsRun(tlsCertificateExpiring, [at('2026-03-20T00:00:00.000Z')]);
    expect(soon.status).toBe('warn');
    expect(soon.findings?.[0]?.severity).toBe('medium');
    expect(tlsRun(tlsCertificateExpiring, [at('2026-06-01T00:00:00.000Z')]).status).toBe('pass');
    expect(tlsRun(tlsCertificateExpiring, [broken]).status).toBe('error');
  });

  it('tls-certificate-expiring: hosts sharing one certificate are one finding; different certificates stay apart', () => {
    const shared = cert({ validTo: '2026-03-05T00:00:00.000Z' });
    const other = cert({ validTo: '2026-03-04T00:00:00.000Z', fingerprint256: 'cd'.repeat(32) });
    const on = (host: string, c: typeof shared) => tlsHost({ host, chain: [c], checkedAt: '2026-03-01T00:00:00.000Z' });
    const out = tlsRun(tlsCertificateExpiring, [on('a.example.test', shared), on('b.example.test', shared), on('c.example.test', other)]);
    expect(out.findings?.map((f) => f.title.split(':')[0])).toEqual(['a.example.test, b.example.test', 'c.example.test']);
    expect(out.findings?.[0]?.identity).toEqual(['a.example.test,b.example.test', 'under-7-days']);
  });

  it('tls-certificate-untrusted: self-signed and incomplete chain fail; trusted passes; failed handshake is an error', () => {
    const self = tlsHost({ trusted: false, trustError: 'DEPTH_ZERO_SELF_SIGNED_CERT', chain: [cert({ selfSigned: true })] });
    const incomplete = tlsHost({ host: 'b.example.test', trusted: false, trustError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const out = tlsRun(tlsCertificateUntrusted, [self, incomplete]);
    expect(out.findings?.map((f) => f.identity[1])).toEqual(['DEPTH_ZERO_SELF_SIGNED_CERT', 'incomplete-chain']);
    expect(tlsRun(tlsCertificateUntrusted, [tlsHost()]).status).toBe('pass');
    expect(tlsRun(tlsCertificateUntrusted, [broken]).status).toBe('error');
    // Findings win over an undecided host, and the reason says what was not judged.
    expect(tlsRun(tlsCertificateUntrusted, [self, broken]).reason).toMatch(/down\.example\.test/);
  });

  it('tls-hostname-mismatch', () => {
    // Judged from the stored subjectAltName, by browsers' rules: another name, or a CN with no SAN at all, fails.
    expect(tlsRun(tlsHostnameMismatch, [tlsHost({ chain: [cert({ subjectAltNames: ['DNS:other.example.test'] })] })]).status).toBe('fail');
    expect(tlsRun(tlsHostnameMismatch, [tlsHost({ chain: [cert({ subjectAltNames: [] })] })]).status).toBe('fail');
    expect(tlsRun(tlsHostnameMismatch, [tlsHost({ chain: [cert({ subjectAltNames: ['DNS:*.example.test'] })] })]).status).toBe('pass');
    expect(tlsRun(tlsHostnameMismatch, [tlsHost()]).status).toBe('pass');
  });

  it('tls-legacy-protocol-offered: offered fails, refused passes, unknown is an error', () => {
    const legacy = tlsHost({ legacy: { TLSv1: { offered: true, detail: 'ok' }, 'TLSv1.1': { offered: false, detail: 'refused' } } });
    expect(tlsRun(tlsLegacyProtocolOffered, [legacy]).findings?.[0]?.title).toBe('app.example.test accepts TLS 1.0');
    expect(tlsRun(tlsLegacyProtocolOffered, [tlsHost()]).status).toBe('pass');
    const unknown = tlsHost({ legacy: { TLSv1: { detail: 'timed out' }, 'TLSv1.1': { offered: false, detail: 'refused' } } });
    expect(tlsRun(tlsLegacyProtocolOffered, [unknown]).status).toBe('error');
  });

  it('tls-legacy-protocol-offered: names on one listener are one finding; another listener stays apart', () => {
    const legacy = { TLSv1: { offered: true, detail: 'handshake completed' }, 'TLSv1.1': { offered: false, detail: 'refused' } };
    const on = (host: string, address: string) => tlsHost({ host, address, legacy });
    const out = tlsRun(tlsLegacyProtocolOffered, [on('a.example.test', '192.0.2.1'), on('b.example.test', '192.0.2.1'), on('c.example.test', '192.0.2.2')]);
    expect(out.findings?.map((f) => f.title)).toEqual(['a.example.test, b.example.test accept TLS 1.0', 'c.example.test accepts TLS 1.0']);
  });

  it('tls-weak-key-or-signature: short RSA and SHA-1 fail; a self-signed root in the chain is skipped', () => {
    const weak = tlsHost({ chain: [cert({ keyType: 'rsa', keyBits: 1024, signatureAlgorithm: 'sha1WithRSAEncryption' }), cert({ selfSigned: true, signatureAlgorithm: 'sha1WithRSAEncryption', fingerprint256: 'cd'.repeat(32) })] });
    const out = tlsRun(tlsWeakKeyOrSignature, [weak]);
    expect(out.findings).toHaveLength(1);
    expect(out.findings?.[0]?.title).toMatch(/1024-bit RSA key and sha1WithRSAEncryption/);
    expect(tlsRun(tlsWeakKeyOrSignature, [tlsHost()]).status).toBe('pass');
  });

  it('tls-certificate-lifetime-too-long warns over 398 days', () => {
    expect(tlsRun(tlsCertificateLifetimeTooLong, [tlsHost({ chain: [cert({ lifetimeDays: 825 })] })]).status).toBe('warn');
    expect(tlsRun(tlsCertificateLifetimeTooLong, [tlsHost()]).status).toBe('pass');
  });
});
