// Builders for inline stage-3 evidence in check tests.
import type {
  DmarcEvidence,
  DnsAnswer,
  DnsEvidence,
  DnsHost,
  DnsStatus,
  EdgeHttpEvidence,
  MailEvidence,
  RedirectChain,
  TlsCertInfo,
  TlsHostEvidence,
} from '../../src/evidence/edge-types.js';
import type { HttpExchange } from '../../src/evidence/types.js';

export function answer<T = string>(name: string, type: string, records: T[] = [], status?: DnsStatus): DnsAnswer<T> {
  return { name, type, status: status ?? (records.length ? 'ok' : 'nodata'), records };
}

export function mail(over: Partial<MailEvidence> = {}, dmarcOver: Partial<DmarcEvidence> = {}): MailEvidence {
  const domain = over.domain ?? 'example.test';
  return {
    domain,
    dnsServer: '127.0.0.1:5353',
    mx: answer(domain, 'MX', [{ exchange: `mx.${domain}`, priority: 10 }]),
    spf: {
      domain,
      txt: answer(domain, 'TXT', ['v=spf1 mx -all']),
      records: ['v=spf1 mx -all'],
      lint: { allQualifier: '-', lookupCount: 1, lookupsByDomain: { [domain]: 1 }, voidLookups: [], usesPtr: false, issues: [] },
      strangerResult: { ip: '192.0.2.1', result: 'fail' },
    },
    dmarc: {
      domain,
      name: `_dmarc.${domain}`,
      txt: answer(`_dmarc.${domain}`, 'TXT', [`v=DMARC1; p=reject; rua=mailto:d@${domain}`]),
      records: [`v=DMARC1; p=reject; rua=mailto:d@${domain}`],
      tags: { v: 'DMARC1', p: 'reject', rua: `mailto:d@${domain}` },
      problems: [],
      policy: 'reject',
      adkim: 'r',
      aspf: 'r',
      rua: [{ uri: `mailto:d@${domain}`, valid: true, domain, external: false, mx: answer(domain, 'MX', [{ exchange: `mx.${domain}`, priority: 10 }]) }],
      ruf: [],
      ...dmarcOver,
    },
    dkim: [
      {
        selector: 's1',
        name: `s1._domainkey.${domain}`,
        txt: answer(`s1._domainkey.${domain}`, 'TXT', ['v=DKIM1; k=rsa; p=MIIB']),
        records: ['v=DKIM1; k=rsa; p=MIIB'],
        tags: { v: 'DKIM1', k: 'rsa', p: 'MIIB' },
        keyType: 'rsa',
        keyBits: 2048,
        revoked: false,
        testing: false,
      },
    ],
    mtaSts: answer(`_mta-sts.${domain}`, 'TXT', ['v=STSv1; id=1']),
    tlsRpt: answer(`_smtp._tls.${domain}`, 'TXT', ['v=TLSRPTv1; rua=mailto:t@x.test']),
    ...over,
  };
}

export function withSpf(m: MailEvidence, spf: Partial<MailEvidence['spf']>, lint?: Partial<NonNullable<MailEvidence['spf']['lint']>>): MailEvidence {
  return { ...m, spf: { ...m.spf, ...spf, ...(lint ? { lint: { ...m.spf.lint!, ...lint } } : {}) } };
}

export function cert(over: Partial<TlsCertInfo> = {}): TlsCertInfo {
  return {
    subject: 'CN=app.example.test',
    issuer: "C=US, O=Let's Encrypt, CN=R11",
    issuerOrg: "Let's Encrypt",
    subjectAltNames: ['DNS:app.example.test'],
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: '2026-03-31T00:00:00.000Z',
    lifetimeDays: 89,
    keyType: 'ec',
    keyBits: 256,
    curve: 'prime256v1',
    signatureAlgorithm: 'sha256WithRSAEncryption',
    fingerprint256: 'ab'.repeat(32),
    selfSigned: false,
    ...over,
  };
}

export function tlsHost(over: Partial<TlsHostEvidence> = {}): TlsHostEvidence {
  return {
    host: 'app.example.test',
    port: 443,
    address: '192.0.2.10',
    status: 'ok',
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_128_GCM_SHA256',
    chain: [cert()],
    trusted: true,
    legacy: { TLSv1: { offered: false, detail: 'refused' }, 'TLSv1.1': { offered: false, detail: 'refused' } },
    checkedAt: '2026-02-01T00:00:00.000Z',
    ...over,
  };
}

export function dnsHost(name: string, over: Partial<DnsHost> = {}): DnsHost {
  return {
    name,
    roles: ['app'],
    environments: [],
    cnameChain: [],
    cname: answer(name, 'CNAME'),
    a: answer(name, 'A', ['192.0.2.10']),
    aaaa: answer(name, 'AAAA'),
    caa: { records: [], status: 'nodata' },
    ...over,
  };
}

export function dnsEv(hosts: DnsHost[], apex = 'example.test'): DnsEvidence {
  return { server: '127.0.0.1:5353', apex, hosts };
}

export function hop(url: string, status: number | undefined, headers: Record<string, string> = {}, error?: string): HttpExchange {
  return {
    request: { method: 'GET', url, headers: {}, role: 'anonymous' },
    response: status === undefined ? undefined : { status, headers, body: '', bodyTruncated: false },
    ...(error ? { error } : {}),
    durationMs: 1,
  };
}

export function chain(kind: RedirectChain['kind'], hops: HttpExchange[], end: RedirectChain['end'] = 'final', expected?: string): RedirectChain {
  return { start: hops[0]!.request.url, kind, hops, end, ...(expected ? { expected } : {}) };
}

export function edgeHttp(over: Partial<EdgeHttpEvidence> = {}): EdgeHttpEvidence {
  return { chains: [], pages: [], apiResponses: [], cdn: [], hopLimit: 10, ...over };
}
