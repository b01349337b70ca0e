// A small loopback "internet" for edge tests: a DNS server answering the
// given names with 127.0.0.1, a root CA and one leaf for all the names, and a
// ProbeClient that trusts that root and resolves through that DNS server.
import type http from 'node:http';
import { startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import type { ZoneRecord } from '../../demo/infra/zone.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { makeCa, makeLeaf, type Issued } from './chains.js';
import { startHttps, type Running } from './servers.js';

export interface Lab {
  dns: DnsServerHandle;
  dnsServer: string;
  root: Issued;
  leaf: Issued;
  client: ProbeClient;
  /** An HTTPS server on 127.0.0.1 with the lab's leaf for every name. */
  https(handler: http.RequestListener): Promise<Running>;
  close(): Promise<void>;
}

export async function startLab(names: string[], extraZone: ZoneRecord[] = []): Promise<Lab> {
  const dns = await startDnsServer([...names.map((name): ZoneRecord => ({ name, type: 'A', address: '127.0.0.1' })), ...extraZone]);
  const root = await makeCa('launchready lab root', { toDays: 300 });
  const leaf = await makeLeaf({ cn: names[0]!, san: names, window: { toDays: 90 }, signer: root });
  const dnsServer = `${dns.host}:${dns.port}`;
  const client = new ProbeClient({
    timeoutMs: 3000,
    maxRequests: 1000,
    ratePerSecond: 500,
    maxSeconds: 60,
    dnsServer,
    ca: root.cert,
    credentialOrigins: [],
    writableOrigins: [],
    redactor: new Redactor(),
  });
  const servers: Running[] = [];
  return {
    dns,
    dnsServer,
    root,
    leaf,
    client,
    async https(handler) {
      const s = await startHttps({ key: leaf.key, cert: leaf.cert }, handler);
      servers.push(s);
      return s;
    },
    async close() {
      await client.close();
      await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
    },
  };
}
