// A DNS check (dns:// or dns://resolver:port with dns: { queryName,
// queryType }): one question, its response code as [DNS_RCODE] and its
// answers, sorted and joined with spaces, as [BODY] (so `[BODY] == 1.2.3.4`
// and `[BODY] contains mx.example.com` work as in Gatus). The resolver is the
// one in the URL, else network.dnsServer, else the system's; the query races
// its own deadline (Node's resolver doubles its timeout on each retry).
import dns from 'node:dns';
import { parseDnsServer, withDeadline } from '../../probe/resolver.js';
import type { HttpProbeResult } from './http.js';

export interface DnsQueryOptions {
  url: string;
  queryName: string;
  queryType: string;
  timeoutMs: number;
  /** HOST:PORT used when the URL names no resolver. */
  dnsServer?: string;
}

export type DnsProbeResult = HttpProbeResult & { dnsRcode?: string };

/** Node's error codes for the DNS response codes of RFC 1035 §4.1.1 (and the lack of any answer). */
const RCODE: Record<string, string> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NOERROR',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ENOTIMP: 'NOTIMP',
  EFORMERR: 'FORMERR',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'TIMEOUT',
};

export async function probeDnsQuery(o: DnsQueryOptions): Promise<DnsProbeResult> {
  const t0 = performance.now();
  const done = (connected: boolean, rcode: string | undefined, body: string | undefined, error?: string): DnsProbeResult => {
    const ms = performance.now() - t0;
    return { connected, dnsRcode: rcode, body, error, totalMs: ms, dnsMs: ms, connectMs: 0, tlsMs: 0, firstByteMs: 0 };
  };
  let server: string | undefined;
  try {
    const u = new URL(o.url);
    server = u.host ? u.host : o.dnsServer;
  } catch {
    return done(false, undefined, undefined, `not a URL: ${o.url}`);
  }
  const r = new dns.promises.Resolver({ timeout: o.timeoutMs, tries: 1 });
  if (server) r.setServers([parseDnsServer(server)]);
  try {
    const answers = await withDeadline(r.resolve(o.queryName, o.queryType) as Promise<unknown[]>, o.timeoutMs, `${o.queryType} ${o.queryName}`);
    return done(true, 'NOERROR', answers.map(show).sort().join(' '));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    const rcode = RCODE[code];
    if (rcode === 'TIMEOUT' || rcode === undefined) return done(false, rcode ?? 'TIMEOUT', undefined, `${o.queryType} ${o.queryName}: ${(err as Error).message}`);
    return done(true, rcode, '');
  } finally {
    r.cancel();
  }
}

function show(a: unknown): string {
  if (typeof a === 'string') return a;
  if (Array.isArray(a)) return a.join('');
  const o = a as Record<string, unknown>;
  if ('exchange' in o) return `${String(o.priority)} ${String(o.exchange)}`;
  if ('name' in o && 'port' in o) return `${String(o.priority)} ${String(o.weight)} ${String(o.port)} ${String(o.name)}`;
  if ('issue' in o || 'iodef' in o || 'issuewild' in o) return JSON.stringify(o);
  return JSON.stringify(o);
}
