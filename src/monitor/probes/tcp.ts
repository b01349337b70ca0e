// A TCP check (tcp://host:port): the connection opens within the deadline.
// tls://host:port also completes a TLS handshake, verified like an https check
// (the certificate must be valid for the host), and reads the certificate's
// expiry. Nothing is sent after the handshake: the check asserts the port
// answers, not what the service says.
import net, { type LookupFunction } from 'node:net';
import tls from 'node:tls';
import type { HttpProbeResult } from './http.js';

export interface TcpProbeOptions {
  url: string;
  timeoutMs: number;
  lookup?: LookupFunction;
  ca?: string;
}

export function probeTcp(o: TcpProbeOptions): Promise<HttpProbeResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let tLookup: number | undefined;
    let tConnect: number | undefined;
    let tTls: number | undefined;
    let certDaysLeft: number | undefined;
    let certNotAfter: string | undefined;
    let settled = false;
    let url: URL;
    try {
      url = new URL(o.url);
    } catch {
      resolve(result(false, `not a URL: ${o.url}`));
      return;
    }
    const useTls = url.protocol === 'tls:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port);
    const socket = net.connect({ host, port, lookup: o.lookup });
    let secure: tls.TLSSocket | undefined;

    function result(connected: boolean, error?: string): HttpProbeResult {
      const end = performance.now();
      const dnsEnd = tLookup ?? t0;
      return {
        connected,
        totalMs: end - t0,
        dnsMs: dnsEnd - t0,
        connectMs: tConnect !== undefined ? tConnect - dnsEnd : 0,
        tlsMs: tTls !== undefined && tConnect !== undefined ? tTls - tConnect : 0,
        firstByteMs: 0,
        certDaysLeft,
        certNotAfter,
        error,
      };
    }
    const finish = (connected: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const r = result(connected, error);
      (secure ?? socket).destroy();
      socket.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => finish(false, `timed out after ${o.timeoutMs} ms${tConnect === undefined ? ' connecting' : ' in the TLS handshake'}`), o.timeoutMs);

    socket.once('lookup', () => (tLookup = performance.now()));
    socket.once('error', (e: NodeJS.ErrnoException) => finish(false, e.code ? `${e.code}: ${e.message}` : e.message));
    socket.once('connect', () => {
      tConnect = performance.now();
      if (!useTls) return finish(true);
      // host is what the certificate is verified against; SNI only carries names, not addresses.
      secure = tls.connect({ socket, host, servername: net.isIP(host) ? undefined : host, ca: o.ca });
      secure.once('error', (e: NodeJS.ErrnoException) => finish(false, e.code ? `${e.code}: ${e.message}` : e.message));
      secure.once('secureConnect', () => {
        tTls = performance.now();
        const cert = secure?.getPeerCertificate();
        if (cert?.valid_to) {
          certNotAfter = new Date(cert.valid_to).toISOString();
          certDaysLeft = (new Date(cert.valid_to).getTime() - Date.now()) / 86_400_000;
        }
        finish(true);
      });
    });
  });
}
