// Stage 3's gatherer: DNS map, mail records, TLS per host, HTTP at the edge.
// Never throws: each part becomes ok / error / not-tested on its own, so a
// silent DNS server fails the DNS and mail checks without taking TLS down.
//
// Ports: a configured name without a URL of its own (apex, www, extra…) is
// reached on the port the target environment's app uses (443 in real life;
// the demo and local staging run on high ports behind one listener), and
// config URLs written without a port get the same mapping.
import tls from 'node:tls';
import type { EnvironmentConfig, LaunchConfig } from '../../../config/schema.js';
import type { ProbeClient } from '../../../probe/client.js';
import { createLookup } from '../../../probe/resolver.js';
import { checkServerIdentity } from '../../../probe/server-identity.js';
import type { DnsEvidence, EdgeHttpEvidence, EdgePage, MailEvidence, OriginExposure, TlsEvidence, TlsHostEvidence } from '../../edge-types.js';
import { type Gathered, type HttpExchange, failed, notTested, ok } from '../../types.js';
import { DnsClient } from './dns-client.js';
import { configuredHosts, gatherDnsMap, hostOf } from './dns-map.js';
import { HOP_LIMIT, type ChainStart, cdnFromCname, cdnFromHeaders, followChain, pageOf, readStylesheets } from './http-edge.js';
import { gatherMail } from './mail.js';
import { handshake, probeTlsHost } from './tls-probe.js';

export interface EdgeInput {
  config: LaunchConfig;
  /** The environment audited (its URLs decide ports); default: api.target or the first. */
  environment?: string;
  dnsServer?: string;
  timeoutMs: number;
  /** Extra CA (PEM), from network.caFile. */
  ca?: string;
  client: ProbeClient;
  /** Responses already fetched with credentials (e.g. unauthProbes baselines), judged for caching. */
  authenticatedResponses?: HttpExchange[];
}

export interface EdgeEvidence {
  dns: Gathered<DnsEvidence>;
  mail: Gathered<MailEvidence>;
  tls: Gathered<TlsEvidence>;
  edgeHttp: Gathered<EdgeHttpEvidence>;
}

const MAX_ORIGIN_PROBES = 12;

export async function gatherEdge(input: EdgeInput): Promise<EdgeEvidence> {
  const dnsClient = new DnsClient({ dnsServer: input.dnsServer, timeoutMs: input.timeoutMs });
  try {
    return await gatherEdgeInner(input, dnsClient);
  } catch (err) {
    const reason = `edge gatherer crashed: ${(err as Error).message}`;
    return { dns: failed(reason), mail: failed(reason), tls: failed(reason), edgeHttp: failed(reason) };
  } finally {
    dnsClient.cancel();
  }
}

async function gatherEdgeInner(input: EdgeInput, dnsClient: DnsClient): Promise<EdgeEvidence> {
  const { config } = input;
  const envName = input.environment ?? config.api.target ?? Object.keys(config.environments)[0] ?? '';
  const env: Partial<EnvironmentConfig> = config.environments[envName] ?? {};
  const ports = portsOf(env.appUrl ?? env.apiUrl, env.httpUrl);
  const d = config.domains;

  const mailDomain = d.mail ?? d.apex;
  const [dnsEv, mailEv] = await Promise.all([
    gatherDnsMap(config, dnsClient),
    mailDomain ? gatherMail(mailDomain, { apex: d.apex, dkimSelectors: d.dkimSelectors }, dnsClient) : Promise.resolve(undefined),
  ]);
  const silent = dnsClient.answered === 0 && dnsClient.timeouts > 0;
  const dns: Gathered<DnsEvidence> =
    dnsEv.hosts.length === 0 ? notTested('no domains or environment URLs configured') : silent ? failed(`the DNS server ${dnsClient.server} did not answer any query`) : ok(dnsEv);
  const mail: Gathered<MailEvidence> = !mailEv
    ? notTested('domains.mail (or domains.apex) is not configured')
    : silent
      ? failed(`the DNS server ${dnsClient.server} did not answer any query`)
      : ok(mailEv);

  if (silent) {
    // Every later step starts with a lookup through the same server: fail fast instead of
    // waiting out one deadline per host and per redirect chain.
    const reason = `not attempted: the DNS server ${dnsClient.server} did not answer`;
    return { dns, mail, tls: failed(reason), edgeHttp: failed(reason) };
  }

  // Web hosts: everything configured except a mail-only sending domain.
  const web = configuredHosts(config).filter((h) => !(h.roles.length === 1 && h.roles[0] === 'mail'));
  const httpsPortOf = (host: string) => explicitPort(host, 'https:', config) ?? ports.https;
  const lookup = createLookup({ dnsServer: input.dnsServer, timeoutMs: input.timeoutMs });
  const ca = [...tls.rootCertificates, ...(input.ca ? [input.ca] : [])];

  const tlsHosts: TlsHostEvidence[] = await Promise.all(
    web.map((h) => probeTlsHost({ host: h.name, port: httpsPortOf(h.name), servername: h.name, lookup, ca, timeoutMs: input.timeoutMs })),
  );

  const starts: ChainStart[] = [];
  for (const h of web) {
    starts.push({ url: `http://${h.name}${portSuffix(explicitPort(h.name, 'http:', config) ?? ports.http, 80)}/`, kind: 'http-to-https' });
    starts.push({ url: `https://${h.name}${portSuffix(httpsPortOf(h.name), 443)}/`, kind: 'https' });
  }
  for (const r of d.redirects) starts.push({ url: mapPort(r.from, ports), kind: 'legacy', expected: mapPort(r.to, ports) });

  // Chains run a few at a time: the client's budget paces them anyway.
  const results = await mapLimit(starts, 4, (s) => followChain(input.client, s));
  const chains = results.map((r) => r.chain);
  const pages: EdgePage[] = [];
  const sheetsOf = new Map<EdgePage, string[]>();
  results.forEach((r, i) => {
    const start = starts[i]!;
    if (start.kind !== 'https') return;
    const scanned = pageOf(hostOf(start.url) ?? '', r.chain, r.finalBody);
    // www and the apex often land on the app's page: judge each page once.
    if (scanned && !pages.some((p) => p.url === scanned.page.url)) {
      pages.push(scanned.page);
      sheetsOf.set(scanned.page, scanned.stylesheets);
    }
  });
  // Linked stylesheets' own url()s: only sheets served by the app's own names (no third-party fetches).
  const ownHosts = new Set(web.map((h) => h.name));
  const own = (u: string) => ownHosts.has(hostOf(u) ?? '');
  await mapLimit(pages, 4, (p) => readStylesheets(input.client, p, sheetsOf.get(p) ?? [], own));

  const apiBase = env.apiUrl ?? env.appUrl;
  const apiResponses: EdgeHttpEvidence['apiResponses'] = [];
  if (apiBase) {
    const health = await input.client.send({
      method: 'GET',
      url: apiBase.replace(/\/+$/, '') + config.api.healthPath,
      role: 'anonymous',
      purpose: 'API response caching headers',
      headers: { accept: 'application/json' },
    });
    apiResponses.push({ exchange: health, authenticated: false });
  }
  // Only GET/HEAD answers are stored by caches by default; a POST's response is not a caching question.
  for (const ex of input.authenticatedResponses ?? []) {
    if (ex.request.method === 'GET' || ex.request.method === 'HEAD') apiResponses.push({ exchange: ex, authenticated: true });
  }

  const cdn: EdgeHttpEvidence['cdn'] = [];
  for (const h of dnsEv.hosts) {
    const byName = cdnFromCname(h.name, h.cnameChain);
    const firstHttps = chains.find((c) => c.kind === 'https' && hostOf(c.start) === h.name)?.hops[0]?.response;
    const byHeader = firstHttps ? cdnFromHeaders(h.name, firstHttps.headers) : undefined;
    const sighting = byHeader ?? byName;
    if (sighting) cdn.push(sighting);
  }

  const originProbes = await probeOrigins(dnsEv, mailEv, cdn, httpsPortOf, ca, input.timeoutMs, dnsClient);

  // Hosts that refuse are noted per host; only when nothing completed a handshake is the whole piece an error.
  const anyTls = tlsHosts.some((t) => t.status === 'ok' || t.status === 'legacy-only');
  const tlsG: Gathered<TlsEvidence> = web.length === 0
    ? notTested('no web hosts configured')
    : anyTls
      ? ok({ hosts: tlsHosts, originProbes })
      : failed(`no configured host completed a TLS handshake: ${tlsHosts.map((t) => `${t.host} (${t.error})`).join('; ')}`);
  const edgeHttp: Gathered<EdgeHttpEvidence> = starts.length === 0 ? notTested('no web hosts configured') : ok({ chains, pages, apiResponses, cdn, hopLimit: HOP_LIMIT });
  return { dns, mail, tls: tlsG, edgeHttp };
}

/**
 * When some host is behind a CDN, connect to the addresses of hosts that are
 * not (mail servers, forgotten subdomains) with the CDN host's SNI: an origin
 * that answers for it there can be attacked around the CDN.
 */
async function probeOrigins(
  dns: DnsEvidence,
  mail: MailEvidence | undefined,
  cdn: EdgeHttpEvidence['cdn'],
  portOf: (host: string) => number,
  ca: string[],
  timeoutMs: number,
  dnsClient: DnsClient,
): Promise<OriginExposure[]> {
  if (cdn.length === 0) return [];
  const proxied = new Set(cdn.map((c) => c.host));
  const addrsOf = (name: string) => {
    const h = dns.hosts.find((x) => x.name === name);
    return h ? [...h.a.records, ...h.aaaa.records] : [];
  };
  const cdnAddrs = new Set(cdn.flatMap((c) => addrsOf(c.host)));
  const candidates: { viaHost: string; address: string }[] = [];
  for (const h of dns.hosts) {
    if (proxied.has(h.name)) continue;
    for (const address of [...h.a.records, ...h.aaaa.records]) candidates.push({ viaHost: h.name, address });
  }
  // MX hosts are the classic leak: mail cannot go through an HTTP CDN.
  for (const mx of mail?.mx.records ?? []) {
    const ex = mx.exchange.toLowerCase().replace(/\.$/, '');
    if (!ex) continue;
    const known = dns.hosts.find((x) => x.name === ex);
    const addrs = known ? known.a.records : (await dnsClient.query(ex, 'A')).records;
    for (const address of addrs) candidates.push({ viaHost: ex, address });
  }
  const unique = candidates.filter((c, i) => !cdnAddrs.has(c.address) && candidates.findIndex((o) => o.address === c.address) === i);
  const jobs = cdn.flatMap((c) => unique.map((u) => ({ c, u }))).slice(0, MAX_ORIGIN_PROBES);
  return Promise.all(
    jobs.map(async ({ c, u }): Promise<OriginExposure> => {
      const port = portOf(c.host);
      const r = await handshake({ host: u.address, port, servername: c.host, ca, timeoutMs });
      if (!r.ok) return { proxiedHost: c.host, cdn: c.provider, viaHost: u.viaHost, address: u.address, port, answers: false, detail: `${r.code}` };
      const peer = r.socket.getPeerCertificate();
      const mismatch = checkServerIdentity(c.host, peer);
      r.socket.destroy();
      return {
        proxiedHost: c.host,
        cdn: c.provider,
        viaHost: u.viaHost,
        address: u.address,
        port,
        answers: !mismatch,
        detail: mismatch ? `answers TLS, but with a certificate for ${peer.subject?.CN ?? 'another name'}` : `serves a certificate valid for ${c.host}`,
      };
    }),
  );
}

function portsOf(httpsUrl: string | undefined, httpUrl: string | undefined): { https: number; http: number } {
  const p = (u: string | undefined, proto: string, dflt: number) => {
    try {
      const url = new URL(u ?? '');
      return url.protocol === proto && url.port ? Number(url.port) : dflt;
    } catch {
      return dflt;
    }
  };
  return { https: p(httpsUrl, 'https:', 443), http: p(httpUrl, 'http:', 80) };
}

/** The port an environment URL gives this host for this scheme, if any. */
function explicitPort(host: string, proto: string, config: LaunchConfig): number | undefined {
  for (const env of Object.values(config.environments)) {
    for (const u of [env.appUrl, env.apiUrl, env.httpUrl]) {
      try {
        const url = new URL(u ?? '');
        if (url.protocol === proto && url.hostname.toLowerCase() === host) return url.port ? Number(url.port) : proto === 'https:' ? 443 : 80;
      } catch {
        // not a URL
      }
    }
  }
  return undefined;
}

const portSuffix = (port: number, dflt: number) => (port === dflt ? '' : `:${port}`);

/** A config URL without a port gets the environment's port for its scheme. */
export function mapPort(u: string, ports: { https: number; http: number }): string {
  try {
    const url = new URL(u);
    if (!url.port) {
      if (url.protocol === 'https:' && ports.https !== 443) url.port = String(ports.https);
      if (url.protocol === 'http:' && ports.http !== 80) url.port = String(ports.http);
    }
    return url.href;
  } catch {
    return u;
  }
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
