// The map of domains and environments, a deliverable of the report: every
// configured host, which role it plays, which environments use it, and where
// it points right now.
import dns from 'node:dns';
import type { LaunchConfig } from '../../config/schema.js';
import { parseDnsServer, withDeadline } from '../../probe/resolver.js';
import type { DomainMapEntry, EnvironmentMapEntry } from '../../report/model.js';

export function environmentMap(config: LaunchConfig, target: string): EnvironmentMapEntry[] {
  return Object.entries(config.environments).map(([name, env]) => ({
    name,
    appUrl: env.appUrl,
    apiUrl: env.apiUrl ?? env.appUrl,
    allowWrites: env.allowWrites,
    envFiles: env.envFiles,
    audited: name === target,
  }));
}

export async function domainMap(config: LaunchConfig, dnsServer: string | undefined, timeoutMs: number): Promise<DomainMapEntry[]> {
  const byName = new Map<string, DomainMapEntry>();
  const add = (name: string | undefined, role: string, envName?: string) => {
    if (!name) return;
    const key = name.toLowerCase();
    const entry = byName.get(key) ?? { name: key, role, environments: [] };
    if (envName && !entry.environments.includes(envName)) entry.environments.push(envName);
    byName.set(key, entry);
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
    for (const u of [env.appUrl, env.apiUrl]) add(hostOf(u), 'environment', envName);
  }

  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
  if (dnsServer) resolver.setServers([parseDnsServer(dnsServer)]);
  await Promise.all(
    [...byName.values()].map(async (entry) => {
      entry.points = await withDeadline(pointsOf(resolver, entry.name), timeoutMs, `DNS lookup of ${entry.name}`).catch(
        (err: Error) => [`(lookup failed: ${err.message})`],
      );
    }),
  );
  return [...byName.values()];
}

async function pointsOf(resolver: dns.promises.Resolver, name: string): Promise<string[]> {
  const cname = await resolver.resolveCname(name).catch(() => [] as string[]);
  if (cname.length) return cname.map((c) => `CNAME ${c}`);
  const a = await resolver.resolve4(name).catch(() => [] as string[]);
  const aaaa = await resolver.resolve6(name).catch(() => [] as string[]);
  const all = [...a, ...aaaa];
  return all.length ? all : ['(does not resolve)'];
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}
