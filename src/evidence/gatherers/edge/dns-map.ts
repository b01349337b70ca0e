// The DNS map of every configured name: CNAME chain, addresses, whether a
// CNAME's final target resolves (a dangling CNAME can be taken over), and the
// CAA set that governs certificate issuance for the name.
import type { LaunchConfig } from '../../../config/schema.js';
import type { DomainMapEntry } from '../../../report/model.js';
import type { CaaRecord, DnsEvidence, DnsHost } from '../../edge-types.js';
import { type DnsClient, isAbsent } from './dns-client.js';

const MAX_CNAME_HOPS = 8;

export interface NamedHost {
  name: string;
  roles: string[];
  environments: string[];
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Every host name the config mentions, with the roles it plays. */
export function configuredHosts(config: LaunchConfig): NamedHost[] {
  const byName = new Map<string, NamedHost>();
  const add = (name: string | undefined, role: string, env?: string) => {
    if (!name) return;
    const key = name.toLowerCase().replace(/\.$/, '');
    if (/^[\d.]+$/.test(key) || key.includes(':')) return; // IP literals have no DNS
    const h = byName.get(key) ?? { name: key, roles: [], environments: [] };
    if (!h.roles.includes(role)) h.roles.push(role);
    if (env && !h.environments.includes(env)) h.environments.push(env);
    byName.set(key, h);
  };
  const d = config.domains;
  add(d.apex, 'apex');
  add(d.www, 'www');
  add(d.app, 'app');
  add(d.api, 'api');
  add(d.mail, 'mail');
  for (const x of d.extra) add(x, 'extra');
  for (const r of d.redirects) add(hostOf(r.from), 'redirect');
  for (const [envName, env] of Object.entries(config.environments)) {
    for (const u of [env.appUrl, env.apiUrl, env.httpUrl]) add(hostOf(u), 'environment', envName);
  }
  return [...byName.values()];
}

export async function gatherDnsMap(config: LaunchConfig, client: DnsClient): Promise<DnsEvidence> {
  const hosts = await Promise.all(configuredHosts(config).map((h) => mapHost(h, client, config.domains.apex)));
  return { server: client.server, apex: config.domains.apex?.toLowerCase(), hosts };
}

async function mapHost(h: NamedHost, client: DnsClient, apex: string | undefined): Promise<DnsHost> {
  const [cname, a, aaaa, caa] = await Promise.all([
    client.query(h.name, 'CNAME'),
    client.query(h.name, 'A'),
    client.query(h.name, 'AAAA'),
    relevantCaa(h.name, client, apex),
  ]);
  const host: DnsHost = { ...h, cnameChain: [], cname, a, aaaa, caa };
  let current = cname.status === 'ok' ? cname.records[0] : undefined;
  const seen = new Set([h.name]);
  while (current && host.cnameChain.length < MAX_CNAME_HOPS && !seen.has(current.toLowerCase())) {
    const name = current.toLowerCase().replace(/\.$/, '');
    seen.add(name);
    host.cnameChain.push(name);
    const next = await client.query(name, 'CNAME');
    current = next.status === 'ok' ? next.records[0] : undefined;
  }
  const last = host.cnameChain.at(-1);
  if (last) {
    const [ta, taaaa] = await Promise.all([client.query(last, 'A'), client.query(last, 'AAAA')]);
    host.target = { name: last, a: ta, aaaa: taaaa };
  }
  return host;
}

/**
 * RFC 8659 §3: the CAA set for a name is the first non-empty one found
 * climbing towards the root. We stop above the configured apex (or at the
 * registrable-looking two labels) rather than asking the TLD.
 */
async function relevantCaa(name: string, client: DnsClient, apex: string | undefined): Promise<DnsHost['caa']> {
  const labels = name.split('.');
  const stopAt = apex && (name === apex || name.endsWith(`.${apex}`)) ? apex.split('.').length : 2;
  for (let i = 0; labels.length - i >= stopAt; i++) {
    const at = labels.slice(i).join('.');
    const ans = await client.query<{ critical: number; issue?: string; issuewild?: string; iodef?: string; [k: string]: unknown }>(at, 'CAA');
    if (ans.status === 'ok') {
      const records: CaaRecord[] = ans.records.map((r) => {
        const tag = Object.keys(r).find((k) => k !== 'critical') ?? 'unknown';
        return { critical: r.critical, tag, value: String(r[tag] ?? '') };
      });
      return { foundAt: at, records, status: 'ok' };
    }
    if (!isAbsent(ans)) return { records: [], status: ans.status, error: ans.error };
  }
  return { records: [], status: 'nodata' };
}

/** The report's domain map, from the DNS evidence. */
export function domainMapFromDns(dns: DnsEvidence): DomainMapEntry[] {
  return dns.hosts.map((h) => {
    const addrs = [...h.a.records, ...h.aaaa.records];
    const points = h.cnameChain.length
      ? [...h.cnameChain.map((c) => `CNAME ${c}`), ...addrs]
      : addrs.length
        ? addrs
        : [h.a.status === 'ok' || isAbsent(h.a) ? '(does not resolve)' : `(lookup failed: ${h.a.status})`];
    return { name: h.name, role: h.roles.join(', '), environments: h.environments, points };
  });
}
