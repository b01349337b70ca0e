// The DNS and mail-authentication records the audit checks, re-read on a
// schedule: a record that changes is announced once (per new value), one that
// breaks (SPF or DMARC gone or malformed, a host that stops resolving) is a
// failing monitor like any HTTP check. Each query races its own deadline
// (Node's resolver doubles its timeout on each retry).
import { createHash } from 'node:crypto';
import dns from 'node:dns';
import { parseDnsServer, withDeadline } from '../../probe/resolver.js';

export interface DnsTarget {
  /** Monitor name, e.g. dns:app.acme.test or mail:dmarc:acme.test */
  name: string;
  host: string;
  kind: 'host' | 'spf' | 'dmarc' | 'dkim' | 'mx';
}

export interface DnsSnapshot {
  ok: boolean;
  /** Sorted answers, one string; empty when none. */
  summary: string;
  digest: string;
  problem?: string;
}

export function dnsTargets(domains: { apex?: string; www?: string; app?: string; api?: string; mail?: string; dkimSelectors: string[] }): DnsTarget[] {
  const out: DnsTarget[] = [];
  const hosts = [...new Set([domains.apex, domains.www, domains.app, domains.api].filter((h): h is string => Boolean(h)))];
  for (const h of hosts) out.push({ name: `dns:${h}`, host: h, kind: 'host' });
  if (domains.mail) {
    out.push({ name: `mail:mx:${domains.mail}`, host: domains.mail, kind: 'mx' });
    out.push({ name: `mail:spf:${domains.mail}`, host: domains.mail, kind: 'spf' });
    out.push({ name: `mail:dmarc:${domains.mail}`, host: `_dmarc.${domains.mail}`, kind: 'dmarc' });
    for (const s of domains.dkimSelectors) out.push({ name: `mail:dkim:${s}._domainkey.${domains.mail}`, host: `${s}._domainkey.${domains.mail}`, kind: 'dkim' });
  }
  return out;
}

export function createResolver(dnsServer: string | undefined, timeoutMs: number): dns.promises.Resolver {
  const r = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  if (dnsServer) r.setServers([parseDnsServer(dnsServer)]);
  return r;
}

export async function probeDns(t: DnsTarget, resolver: dns.promises.Resolver, timeoutMs: number): Promise<DnsSnapshot> {
  const q = <T>(p: Promise<T>, what: string) => withDeadline(p, timeoutMs, `${what} ${t.host}`);
  const none = (err: unknown): string[] => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENODATA' || code === 'ENOTFOUND') return [];
    throw err;
  };
  try {
    let answers: string[];
    let problem: string | undefined;
    switch (t.kind) {
      case 'host': {
        const a = await q(resolver.resolve4(t.host), 'A').catch(none);
        const aaaa = await q(resolver.resolve6(t.host), 'AAAA').catch(none);
        const cname = a.length || aaaa.length ? [] : await q(resolver.resolveCname(t.host), 'CNAME').catch(none);
        answers = [...a.map((x) => `A ${x}`), ...aaaa.map((x) => `AAAA ${x}`), ...cname.map((x) => `CNAME ${x}`)];
        if (answers.length === 0) problem = `${t.host} does not resolve`;
        break;
      }
      case 'mx': {
        const mx = await q(resolver.resolveMx(t.host), 'MX').catch((e: unknown) => none(e).map(() => ({ priority: 0, exchange: '' })));
        answers = mx.map((m) => `MX ${m.priority} ${m.exchange}`);
        if (answers.length === 0) problem = `${t.host} has no MX record`;
        break;
      }
      default: {
        const txt = (await q(resolver.resolveTxt(t.host), 'TXT').catch((e: unknown) => none(e).map((s) => [s]))).map((parts) => parts.join(''));
        const want = t.kind === 'spf' ? /^v=spf1(\s|$)/i : t.kind === 'dmarc' ? /^v=DMARC1\s*;/i : /(^|;)\s*p=/i;
        answers = txt.filter((s) => want.test(s)).map((s) => `TXT ${s}`);
        const label = t.kind.toUpperCase();
        if (answers.length === 0) problem = `no ${label} record at ${t.host}`;
        else if (answers.length > 1 && t.kind !== 'dkim') problem = `${answers.length} ${label} records at ${t.host}; receivers treat that as none`;
        else if (t.kind === 'dmarc' && !/;\s*p=(none|quarantine|reject)\b/i.test(answers[0] ?? '')) problem = `DMARC record at ${t.host} has no valid p= policy`;
        break;
      }
    }
    const summary = [...answers].sort().join(' | ');
    return { ok: problem === undefined, summary, digest: createHash('sha256').update(summary).digest('hex').slice(0, 16), problem };
  } catch (err) {
    // A lookup that fails (timeout, SERVFAIL) is not a change: report it as a failure, keep the last digest.
    return { ok: false, summary: '', digest: '', problem: `lookup failed: ${(err as Error).message}` };
  }
}
