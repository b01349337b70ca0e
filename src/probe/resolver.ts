// Name resolution with an overall deadline. Node's resolver retries and
// doubles its timeout on each try, so a DNS server that never answers could
// stall a lookup for tens of seconds; every query here races a timer instead.
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';

export class DeadlineError extends Error {}

export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/** Parses "HOST:PORT" or "[v6]:PORT" into what Resolver.setServers accepts. */
export function parseDnsServer(spec: string): string {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(spec.trim());
  if (!m) throw new Error(`bad DNS server "${spec}": expected HOST:PORT`);
  return m[2] ? `${m[1]}:${m[2]}` : (m[1] ?? spec);
}

export interface ResolverOptions {
  /** HOST:PORT; when absent the system resolver is used. */
  dnsServer?: string;
  timeoutMs: number;
}

// c-ares codes that are answers about the name: NXDOMAIN and NODATA.
const NO_ADDRESS = new Set(['ENOTFOUND', 'ENODATA']);

async function query(fn: () => Promise<string[]>): Promise<{ addrs: string[]; code?: string }> {
  try {
    return { addrs: await fn() };
  } catch (err) {
    return { addrs: [], code: (err as NodeJS.ErrnoException).code ?? 'EFAIL' };
  }
}

/**
 * A net/tls `lookup` that resolves through the configured server, under a
 * deadline. Errors: ENOTFOUND only when the name has no address (NXDOMAIN or
 * no A/AAAA record); EAI_AGAIN when the resolver failed; ETIMEOUT at the deadline.
 */
export function createLookup(opts: ResolverOptions): LookupFunction {
  const resolver = opts.dnsServer ? new dns.promises.Resolver({ timeout: opts.timeoutMs, tries: 1 }) : undefined;
  if (resolver && opts.dnsServer) resolver.setServers([parseDnsServer(opts.dnsServer)]);

  const resolveAll = async (hostname: string): Promise<{ address: string; family: 4 | 6 }[]> => {
    if (/^[\d.]+$/.test(hostname)) return [{ address: hostname, family: 4 }];
    if (hostname.includes(':')) return [{ address: hostname.replace(/^\[|\]$/g, ''), family: 6 }];
    if (!resolver) {
      const all = await dns.promises.lookup(hostname, { all: true });
      return all.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
    }
    const v4 = await query(() => resolver.resolve4(hostname));
    if (v4.addrs.length) return v4.addrs.map((address) => ({ address, family: 4 as const }));
    // NXDOMAIN holds for every record type: no need to ask for AAAA.
    if (v4.code === 'ENOTFOUND') return [];
    const v6 = await query(() => resolver.resolve6(hostname));
    if (v6.addrs.length) return v6.addrs.map((address) => ({ address, family: 6 as const }));
    // Only "no such name" and "no address of this type" mean the name has no
    // address; a resolver that failed (SERVFAIL, refused, timed out) says
    // nothing about the name, and must not read as "nothing listens there".
    const failure = [v4.code, v6.code].find((c) => c !== undefined && !NO_ADDRESS.has(c));
    if (failure) throw Object.assign(new Error(`DNS lookup of ${hostname} failed (${failure.replace(/^E/, '')})`), { code: 'EAI_AGAIN' });
    return [];
  };

  return (hostname, options, callback) => {
    withDeadline(resolveAll(hostname), opts.timeoutMs, `DNS lookup of ${hostname}`)
      .then((addrs) => {
        const first = addrs[0];
        if (!first) {
          const err = Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
          callback(err, '', 4);
          return;
        }
        if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: typeof addrs) => void)(null, addrs);
        else callback(null, first.address, first.family);
      })
      .catch((err: NodeJS.ErrnoException) => callback(Object.assign(err, { code: err.code ?? 'ETIMEOUT' }), '', 4));
  };
}
