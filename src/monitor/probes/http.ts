// One HTTP(S) check with its time split into DNS, connect, TLS and first
// byte, read from the socket's own events on a fresh connection (a pooled
// connection would hide exactly the phases that break: DNS and TLS). Node's
// http is used rather than undici because undici does not expose per-phase
// socket timings. Every request has one overall deadline, the body read is
// capped, and redirects are not followed (a check asserts what the URL itself
// answers).
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

export interface HttpProbeOptions {
  url: string;
  method: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Bytes of body to keep for conditions; 0 reads and discards it. */
  keepBody: number;
  lookup?: LookupFunction;
  ca?: string;
}

export interface HttpProbeResult {
  connected: boolean;
  status?: number;
  /** Total time to the end of the body (or the failure). */
  totalMs: number;
  dnsMs: number;
  connectMs: number;
  tlsMs: number;
  firstByteMs: number;
  body?: string;
  /** Days until the server certificate expires (https only). */
  certDaysLeft?: number;
  certNotAfter?: string;
  error?: string;
}

export function probeHttp(o: HttpProbeOptions): Promise<HttpProbeResult> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let tLookup: number | undefined;
    let tConnect: number | undefined;
    let tTls: number | undefined;
    let tFirst: number | undefined;
    let certDaysLeft: number | undefined;
    let certNotAfter: string | undefined;
    let status: number | undefined;
    const chunks: Buffer[] = [];
    let kept = 0;
    let settled = false;

    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const end = performance.now();
      const dnsEnd = tLookup ?? t0;
      const connEnd = tConnect ?? dnsEnd;
      const tlsEnd = tTls ?? connEnd;
      resolve({
        connected: status !== undefined,
        status,
        totalMs: end - t0,
        dnsMs: dnsEnd - t0,
        connectMs: tConnect !== undefined ? connEnd - dnsEnd : 0,
        tlsMs: tTls !== undefined ? tlsEnd - connEnd : 0,
        firstByteMs: tFirst !== undefined ? tFirst - tlsEnd : 0,
        body: o.keepBody > 0 && status !== undefined ? Buffer.concat(chunks).toString('utf8') : undefined,
        certDaysLeft,
        certNotAfter,
        error,
      });
    };

    let url: URL;
    try {
      url = new URL(o.url);
    } catch {
      finish(`not a URL: ${o.url}`);
      return;
    }
    const isHttps = url.protocol === 'https:';
    const mod = isHttps ? https : http;
    const req = mod.request(url, {
      method: o.method,
      headers: { 'user-agent': 'launchready-monitor', accept: '*/*', ...o.headers },
      agent: false,
      lookup: o.lookup,
      ...(isHttps ? { ca: o.ca, servername: url.hostname } : {}),
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(`timed out after ${o.timeoutMs} ms${status === undefined ? '' : ' reading the body'}`);
    }, o.timeoutMs);

    req.on('socket', (socket: Socket) => {
      socket.once('lookup', () => (tLookup = performance.now()));
      socket.once('connect', () => (tConnect = performance.now()));
      socket.once('secureConnect', () => {
        tTls = performance.now();
        const cert = (socket as TLSSocket).getPeerCertificate?.();
        if (cert?.valid_to) {
          certNotAfter = new Date(cert.valid_to).toISOString();
          certDaysLeft = (new Date(cert.valid_to).getTime() - Date.now()) / 86_400_000;
        }
      });
    });
    req.on('response', (res) => {
      tFirst = performance.now();
      status = res.statusCode;
      res.on('data', (c: Buffer) => {
        if (kept < o.keepBody) {
          chunks.push(c.subarray(0, o.keepBody - kept));
          kept += Math.min(c.length, o.keepBody - kept);
        } else if (o.keepBody > 0) {
          // Enough for the conditions; a huge or endless body must not keep us reading.
          res.destroy();
          finish();
        }
      });
      res.on('end', () => finish());
      res.on('error', (e) => finish(e.message));
      res.on('close', () => finish());
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish(e.code ? `${e.code}: ${e.message}` : e.message));
    req.end();
  });
}
