// An authoritative-only DNS server for the demo zone on loopback. UDP and TCP
// share one port because resolvers retry a truncated (TC=1) UDP answer over
// TCP on the same port; without TCP, large TXT answers would just fail.
import type { Socket } from 'node:net';
import { Packet, TCPServer, UDPServer } from 'dns2';
import type { DnsHandler, Resource } from 'dns2';
import type { ZoneRecord } from './zone.js';

export interface DnsServerHandle {
  host: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_TTL = 300;
// dns2's runtime has RCODE but its type declarations omit it.
const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3 } as const;
const BIND_ATTEMPTS = 20;

const TYPE_CODES: Record<ZoneRecord['type'], number> = {
  A: Packet.TYPE.A,
  AAAA: Packet.TYPE.AAAA,
  CNAME: Packet.TYPE.CNAME,
  MX: Packet.TYPE.MX,
  TXT: Packet.TYPE.TXT,
  CAA: Packet.TYPE.CAA,
};

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function toResource(owner: string, record: ZoneRecord): Resource {
  // The answer repeats the owner name exactly as asked (0x20 case
  // randomisation by resolvers expects its own spelling back).
  const base = { name: owner, type: TYPE_CODES[record.type], class: Packet.CLASS.IN, ttl: record.ttl ?? DEFAULT_TTL };
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return { ...base, address: record.address } as Resource;
    case 'CNAME':
      return { ...base, domain: record.target } as Resource;
    case 'MX':
      return { ...base, exchange: record.exchange, priority: record.priority } as Resource;
    case 'TXT':
      return { ...base, data: record.data } as Resource;
    case 'CAA':
      return { ...base, flags: record.flags, tag: record.tag, value: record.value } as Resource;
  }
}

interface Answer {
  rcode: number;
  answers: Resource[];
}

/** Pure lookup, exported so the zone logic can be tested without sockets. */
export function answerQuery(records: readonly ZoneRecord[], qname: string, qtype: number): Answer {
  const wanted = normalise(qname);
  const answers: Resource[] = [];
  let owner = qname.replace(/\.$/, '');
  let name = wanted;
  // Follow CNAMEs inside the zone (bounded, in case the data has a loop).
  for (let hops = 0; hops < 8; hops++) {
    const here = records.filter((r) => normalise(r.name) === name);
    const cname = here.find((r) => r.type === 'CNAME');
    if (cname && cname.type === 'CNAME' && qtype !== Packet.TYPE.CNAME && qtype !== Packet.TYPE.ANY) {
      answers.push(toResource(owner, cname));
      owner = cname.target;
      name = normalise(cname.target);
      continue;
    }
    for (const record of here) {
      if (qtype === Packet.TYPE.ANY || TYPE_CODES[record.type] === qtype) {
        answers.push(toResource(owner, record));
      }
    }
    break;
  }
  if (answers.length > 0) return { rcode: RCODE.NOERROR, answers };
  // A name that only has records below it (_domainkey.acme.test) exists as an
  // empty non-terminal: NOERROR with no data, never NXDOMAIN (RFC 8020).
  const exists = records.some((r) => {
    const n = normalise(r.name);
    return n === wanted || n.endsWith(`.${wanted}`);
  });
  return { rcode: exists ? RCODE.NOERROR : RCODE.NXDOMAIN, answers: [] };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export async function startDnsServer(
  records: ZoneRecord[],
  opts: { host?: string } = {},
): Promise<DnsServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const zone = records.slice();

  const handle: DnsHandler = (request, send) => {
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    const question = request.questions[0];
    if (!question) {
      response.header.rcode = RCODE.FORMERR;
    } else {
      const { rcode, answers } = answerQuery(zone, question.name, question.type);
      response.header.rcode = rcode;
      response.answers = answers;
    }
    // A client that went away is not the server's problem.
    send(response).catch(() => undefined);
  };

  for (let attempt = 1; ; attempt++) {
    const udp = new UDPServer({ type: host.includes(':') ? 'udp6' : 'udp4' });
    udp.on('request', handle);
    // Malformed packets and send failures must not crash the demo.
    udp.on('requestError', () => undefined);
    udp.on('error', () => undefined);
    await udp.listen(0, host);
    const { port } = udp.address();

    const tcp = new TCPServer();
    tcp.on('request', handle);
    tcp.on('requestError', () => undefined);
    const sockets = new Set<Socket>();
    tcp.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('close', () => sockets.delete(socket));
    });

    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      // The UDP port's TCP twin was taken by someone else: pick another port.
      if (errorCode(error) === 'EADDRINUSE' && attempt < BIND_ATTEMPTS) continue;
      throw error;
    }
    tcp.on('error', () => undefined);

    let closing: Promise<void> | undefined;
    return {
      host,
      port,
      close() {
        closing ??= Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => {
            // dns2 keeps idle TCP connections open for 10 s; don't wait for them.
            for (const socket of sockets) socket.destroy();
            tcp.close(() => resolve());
          }),
        ]).then(() => undefined);
        return closing;
      },
    };
  }
}
