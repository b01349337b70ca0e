// One TLS handshake per host (trust, hostname, chain, key and signature), and
// two more that ask for exactly TLS 1.0 and 1.1. Every handshake has its own
// deadline: a peer that accepts TCP and never speaks ends as an error in
// bounded time, never a hang.
import { X509Certificate, createHash } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import tls from 'node:tls';
import { checkServerIdentity } from '../../../probe/server-identity.js';
import type { LegacyProbe, TlsCertInfo, TlsHostEvidence } from '../../edge-types.js';
import { signatureAlgorithmOf } from './x509-sigalg.js';

const DAY_MS = 86_400_000;

export interface HandshakeOptions {
  host: string;
  port: number;
  servername: string;
  lookup?: LookupFunction;
  ca: string[];
  timeoutMs: number;
  version?: 'TLSv1' | 'TLSv1.1';
}

type HandshakeResult =
  | { ok: true; socket: tls.TLSSocket; address?: string }
  | { ok: false; code: string; message: string; refused: boolean; timedOut: boolean };

export function handshake(o: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: o.host,
      port: o.port,
      servername: /^[\d.]+$|:/.test(o.servername) ? undefined : o.servername,
      lookup: o.lookup,
      ca: o.ca,
      rejectUnauthorized: false,
      // Hostname is judged separately, so authorizationError is about the chain only.
      checkServerIdentity: () => undefined,
      ...(o.version
        ? // Without SECLEVEL=0, OpenSSL 3 refuses the legacy signature algorithms TLS 1.0/1.1
          // use, and a scanner would wrongly report "not offered".
          { minVersion: o.version, maxVersion: o.version, ciphers: 'DEFAULT@SECLEVEL=0' }
        : {}),
    });
    const finish = (r: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!r.ok) socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, code: 'ETIMEDOUT', message: `no TLS handshake within ${o.timeoutMs} ms`, refused: false, timedOut: true }),
      o.timeoutMs,
    );
    socket.once('secureConnect', () => finish({ ok: true, socket, address: socket.remoteAddress }));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      finish({
        ok: false,
        code,
        message: opensslReason(err.message.split('\n')[0] ?? code),
        refused: code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH',
        timedOut: code === 'ETIMEOUT' || code === 'ETIMEDOUT',
      });
    });
    socket.once('close', () => finish({ ok: false, code: 'ECONNRESET', message: 'connection closed before the handshake finished', refused: false, timedOut: false }));
  });
}

/**
 * OpenSSL 3 messages carry an error queue entry ("80CC…:error:0A00042E:SSL
 * routines:ssl3_read_bytes:tlsv1 alert protocol version:../deps/…:1601:SSL
 * alert number 70"); the reason and the alert number are what a reader needs.
 */
export function opensslReason(message: string): string {
  const m = /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):[^:]*:\d+:(.*)$/.exec(message);
  return m ? `${m[1]}${m[2] ? ` (${m[2]})` : ''}` : message;
}

export async function probeTlsHost(o: Omit<HandshakeOptions, 'version'>): Promise<TlsHostEvidence> {
  const base: TlsHostEvidence = {
    host: o.host,
    port: o.port,
    status: 'error',
    chain: [],
    legacy: { TLSv1: { detail: 'not probed' }, 'TLSv1.1': { detail: 'not probed' } },
    checkedAt: new Date().toISOString(),
  };
  const main = await handshake(o);
  if (!main.ok) {
    const failed: TlsHostEvidence = { ...base, status: main.refused ? 'unreachable' : 'error', error: `${main.code}: ${main.message}` };
    if (main.refused || main.timedOut) return failed;
    // Something answered and refused TLS 1.2+: a server that speaks only TLS 1.0/1.1
    // does exactly this, and is the worst case, not "could not tell".
    const legacy = await legacyProbes(o);
    const offered = legacy.find((l) => l.offered);
    if (!offered) return { ...failed, legacy: { TLSv1: legacy[0]!, 'TLSv1.1': legacy[1]! } };
    return {
      ...failed,
      status: 'legacy-only',
      error: `no TLS 1.2 or 1.3 handshake (${failed.error}); the server speaks only ${legacy.filter((l) => l.offered).map((l) => l.protocol).join(' and ')}`,
      protocol: offered.protocol,
      cipher: offered.cipher,
      chain: offered.chain ?? [],
      legacy: { TLSv1: strip(legacy[0]!), 'TLSv1.1': strip(legacy[1]!) },
    };
  }
  const s = main.socket;
  const peer = s.getPeerCertificate(true);
  const chain = chainOf(peer);
  const leafPeer = peer && Object.keys(peer).length ? peer : undefined;
  const identity = leafPeer ? checkServerIdentity(o.servername, leafPeer) : new Error('no certificate');
  const ev: TlsHostEvidence = {
    ...base,
    address: main.address,
    status: 'ok',
    protocol: s.getProtocol() ?? undefined,
    cipher: s.getCipher()?.name,
    chain,
    trusted: s.authorized,
    ...(s.authorized ? {} : { trustError: String(s.authorizationError ?? 'unknown') }),
    ...(identity ? { hostnameError: identity.message } : {}),
  };
  s.destroy();
  // Straight to the address the first handshake used: no second DNS lookup.
  const [v10, v11] = await legacyProbes({ ...o, host: main.address ?? o.host, lookup: main.address ? undefined : o.lookup });
  ev.legacy = { TLSv1: strip(v10!), 'TLSv1.1': strip(v11!) };
  return ev;
}

interface LegacyResult extends LegacyProbe {
  protocol?: string;
  cipher?: string;
  chain?: TlsCertInfo[];
}

const strip = ({ offered, detail }: LegacyResult): LegacyProbe => (offered === undefined ? { detail } : { offered, detail });

function legacyProbes(o: Omit<HandshakeOptions, 'version'>): Promise<LegacyResult[]> {
  return Promise.all((['TLSv1', 'TLSv1.1'] as const).map((version) => legacyProbe({ ...o, version })));
}

async function legacyProbe(o: HandshakeOptions): Promise<LegacyResult> {
  const r = await handshake(o);
  if (r.ok) {
    const protocol = r.socket.getProtocol() ?? o.version ?? '?';
    const cipher = r.socket.getCipher()?.name;
    const detail = `handshake completed with ${protocol} (${cipher ?? '?'})`;
    const chain = chainOf(r.socket.getPeerCertificate(true));
    r.socket.destroy();
    return { offered: true, detail, protocol, ...(cipher ? { cipher } : {}), chain };
  }
  if (r.timedOut || r.refused) return { detail: `could not tell: ${r.code} ${r.message}` };
  // A protocol alert or a reset during the handshake is the server saying no.
  return { offered: false, detail: `refused: ${r.code}` };
}

function chainOf(peer: tls.DetailedPeerCertificate | undefined): TlsCertInfo[] {
  const out: TlsCertInfo[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = peer;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    out.push(certInfo(cur.raw));
    cur = cur.issuerCertificate;
  }
  return out;
}

export function certInfo(raw: Buffer): TlsCertInfo {
  const x = new X509Certificate(raw);
  const from = new Date(x.validFrom);
  const to = new Date(x.validTo);
  const key = x.publicKey;
  const details = key.asymmetricKeyDetails;
  const issuerOrg = /(?:^|\n)O=([^\n]+)/.exec(x.issuer)?.[1];
  let selfSigned = false;
  try {
    selfSigned = x.issuer === x.subject && x.verify(key);
  } catch {
    selfSigned = false;
  }
  return {
    subject: x.subject.replace(/\n/g, ', '),
    issuer: x.issuer.replace(/\n/g, ', '),
    ...(issuerOrg ? { issuerOrg } : {}),
    subjectAltNames: (x.subjectAltName ?? '').split(/,\s*/).filter(Boolean),
    validFrom: from.toISOString(),
    validTo: to.toISOString(),
    lifetimeDays: Math.round((to.getTime() - from.getTime()) / DAY_MS),
    keyType: key.asymmetricKeyType,
    keyBits: details?.modulusLength ?? (key.asymmetricKeyType === 'ed25519' ? 256 : curveBits(details?.namedCurve)),
    ...(details?.namedCurve ? { curve: details.namedCurve } : {}),
    signatureAlgorithm: signatureAlgorithmOf(raw),
    fingerprint256: createHash('sha256').update(raw).digest('hex'),
    selfSigned,
  };
}

function curveBits(curve: string | undefined): number | undefined {
  const m = /(\d{3})/.exec(curve ?? '');
  return m ? Number(m[1]) : undefined;
}
