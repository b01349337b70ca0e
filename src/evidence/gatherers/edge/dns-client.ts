// Every DNS question of stage 3 goes through here: one node:dns Resolver with
// tries: 1, pointed at --dns-server when given, each query raced against an
// overall deadline (Node doubles its timeout on retries), and each answer
// classified so NXDOMAIN, NODATA, timeout and SERVFAIL stay distinct.
// Answers are cached per run: the SPF tree, CAA climb and host map ask
// overlapping questions.
import dns from 'node:dns';
import { DeadlineError, parseDnsServer, withDeadline } from '../../../probe/resolver.js';
import type { DnsAnswer, DnsStatus } from '../../edge-types.js';

export type RrType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'CAA' | 'NS';

export class DnsClient {
  private readonly resolver: dns.promises.Resolver;
  private readonly cache = new Map<string, Promise<DnsAnswer<unknown>>>();
  readonly server: string;
  private readonly timeoutMs: number;
  /** Counts answers that were timeouts, so a silent server can be told apart from empty zones. */
  timeouts = 0;
  answered = 0;

  constructor(opts: { dnsServer?: string; timeoutMs: number }) {
    this.resolver = new dns.promises.Resolver({ timeout: opts.timeoutMs, tries: 1 });
    if (opts.dnsServer) this.resolver.setServers([parseDnsServer(opts.dnsServer)]);
    this.server = opts.dnsServer ?? 'system';
    this.timeoutMs = opts.timeoutMs;
  }

  query<T = string>(name: string, type: RrType): Promise<DnsAnswer<T>> {
    const key = `${name.toLowerCase()}|${type}`;
    let p = this.cache.get(key);
    if (!p) {
      p = this.ask(name.toLowerCase(), type);
      this.cache.set(key, p);
    }
    return p as Promise<DnsAnswer<T>>;
  }

  /** Raw resolve for mailauth: Node's shapes and error codes, under the same deadline. */
  resolveRaw = async (name: string, type: string): Promise<unknown> => {
    try {
      return await withDeadline(this.resolver.resolve(name, type), this.timeoutMs, `DNS ${type} ${name}`);
    } catch (err) {
      if (err instanceof DeadlineError) throw Object.assign(new Error(err.message), { code: 'ETIMEOUT' });
      throw err;
    }
  };

  /** Abandons queries still in flight (after a deadline the resolver may still be waiting). */
  cancel(): void {
    this.resolver.cancel();
  }

  private async ask(name: string, type: RrType): Promise<DnsAnswer<unknown>> {
    const answer = (status: DnsStatus, records: unknown[] = [], error?: string): DnsAnswer<unknown> => ({
      name,
      type,
      status,
      records,
      ...(error ? { error } : {}),
    });
    try {
      const raw = await withDeadline(this.resolver.resolve(name, type), this.timeoutMs, `DNS ${type} ${name}`);
      this.answered++;
      const list = raw as unknown[];
      const records = type === 'TXT' ? (list as string[][]).map((chunks) => chunks.join('')) : list;
      return answer(records.length ? 'ok' : 'nodata', records);
    } catch (err) {
      if (err instanceof DeadlineError) {
        this.timeouts++;
        return answer('timeout', [], err.message);
      }
      const code = (err as { code?: string }).code;
      const status = classify(code);
      if (status === 'timeout') this.timeouts++;
      else this.answered++;
      return answer(status, [], status === 'nxdomain' || status === 'nodata' ? undefined : `${code ?? 'error'}: ${(err as Error).message}`);
    }
  }
}

function classify(code: string | undefined): DnsStatus {
  switch (code) {
    case 'ENOTFOUND':
      return 'nxdomain';
    case 'ENODATA':
      return 'nodata';
    case 'ETIMEOUT':
      return 'timeout';
    case 'ESERVFAIL':
      return 'servfail';
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return 'refused';
    default:
      return 'error';
  }
}

/** The record is absent (a finding), as opposed to unknown (an error). */
export const isAbsent = (a: { status: DnsStatus }): boolean => a.status === 'nxdomain' || a.status === 'nodata';
export const isFailure = (a: { status: DnsStatus }): boolean => !isAbsent(a) && a.status !== 'ok';

export function describeAnswer(a: DnsAnswer<unknown>): string {
  if (a.status === 'ok') return `${a.name} ${a.type}: ${a.records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(' | ')}`;
  if (a.status === 'nxdomain') return `${a.name} ${a.type}: NXDOMAIN (the name does not exist)`;
  if (a.status === 'nodata') return `${a.name} ${a.type}: no ${a.type} record`;
  return `${a.name} ${a.type}: ${a.status}${a.error ? ` (${a.error})` : ''}`;
}

export function digFor(name: string, type: string, server: string): string {
  if (server === 'system') return `dig +short ${name} ${type}`;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(server);
  const host = (m?.[1] ?? server).replace(/^\[|\]$/g, '');
  return `dig @${host}${m?.[2] ? ` -p ${m[2]}` : ''} +short ${name} ${type}`;
}
