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

/** A net/tls `lookup` that resolves through the configured server, under a deadline. */
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
    const v4 = await resolver.resolve4(hostname).catch(() => [] as string[]);
    if (v4.length) return v4.map((address) => ({ address, family: 4 as const }));
    const v6 = await resolver.resolve6(hostname).catch(() => [] as string[]);
    return v6.map((address) => ({ address, family: 6 as const }));
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
      .catch((err: Error) => callback(Object.assign(err, { code: 'ETIMEOUT' }), '', 4));
  };
}
