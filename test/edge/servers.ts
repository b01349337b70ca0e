// Real loopback servers for the edge gatherer tests: HTTPS with a given
// certificate, a TCP server that accepts and never speaks, a DNS server that
// never answers, and plain HTTP with a handler. All on 127.0.0.1, port 0.
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type tls from 'node:tls';

export interface Running {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, host = '127.0.0.1'): Promise<Running> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

export function startHttps(opts: tls.SecureContextOptions & tls.TlsOptions, handler: http.RequestListener, host?: string): Promise<Running> {
  return listen(https.createServer(opts, handler), host);
}

export function startHttp(handler: http.RequestListener): Promise<Running> {
  return listen(http.createServer(handler));
}

/** Accepts TCP and stays silent: a TLS handshake that never finishes. */
export function startSilentTcp(): Promise<Running> {
  return listen(net.createServer(() => undefined));
}

/** A UDP "DNS server" that reads every query and never answers. */
export async function startSilentDns(): Promise<Running & { host: string }> {
  const sock = dgram.createSocket('udp4');
  sock.on('message', () => undefined);
  await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
  return { host: '127.0.0.1', port: sock.address().port, close: () => new Promise<void>((r) => sock.close(() => r())) };
}
