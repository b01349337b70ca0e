// The probe against real, sometimes hostile, loopback servers: it always
// returns within its deadline, splits time into phases, and reads TLS expiry.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { afterAll, describe, expect, it } from 'vitest';
import { probeHttp } from '../../src/monitor/probes/http.js';

const servers: { close(cb?: () => void): unknown; closeAllConnections?: () => void }[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections?.();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const s = http.createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('probeHttp', () => {
  it('gives up on a server that accepts and never answers, within the deadline', async () => {
    const sockets = new Set<net.Socket>();
    const s = net.createServer((sock) => {
      sockets.add(sock);
      sock.on('error', () => undefined);
    });
    servers.push({ close: (cb?: () => void) => s.close(cb), closeAllConnections: () => sockets.forEach((x) => x.destroy()) });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const r = await probeHttp({ url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/`, method: 'GET', timeoutMs: 300, keepBody: 0 });
    expect(r.connected).toBe(false);
    expect(r.error).toContain('timed out after 300 ms');
    expect(r.connectMs).toBeGreaterThanOrEqual(0);
  });

  it('stops a slow endless body at the deadline', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const t = setInterval(() => res.write('x'), 20);
      res.on('close', () => clearInterval(t));
    });
    const r = await probeHttp({ url, method: 'GET', timeoutMs: 300, keepBody: 0 });
    expect(r.status).toBe(200);
    expect(r.error).toContain('reading the body');
  });

  it('keeps at most keepBody bytes of a huge body and stops reading', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      pump();
    });
    const r = await probeHttp({ url, method: 'GET', timeoutMs: 5_000, keepBody: 1_000 });
    expect(r.body).toHaveLength(1_000);
    expect(r.error).toBeUndefined();
  });

  it('does not follow redirects', async () => {
    const url = await serve((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end());
    const r = await probeHttp({ url, method: 'GET', timeoutMs: 2_000, keepBody: 0 });
    expect(r.status).toBe(302);
  });

  it('splits https time into connect, TLS and first byte and reads the certificate expiry', async () => {
    const notBeforeDate = new Date(Date.now() - 60_000);
    const notAfterDate = new Date(Date.now() + 10 * 86_400_000);
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      algorithm: 'sha256',
      keySize: 2048,
      notBeforeDate,
      notAfterDate,
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    const s = https.createServer({ key: pems.private, cert: pems.cert }, (_req, res) => res.end('ok'));
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const r = await probeHttp({ url: `https://127.0.0.1:${(s.address() as AddressInfo).port}/`, method: 'GET', timeoutMs: 5_000, keepBody: 10, ca: pems.cert });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(200);
    expect(r.body).toBe('ok');
    expect(r.tlsMs).toBeGreaterThan(0);
    expect(r.totalMs).toBeGreaterThanOrEqual(r.connectMs + r.tlsMs + r.firstByteMs - 0.001);
    expect(r.certDaysLeft).toBeGreaterThan(9);
    expect(r.certDaysLeft).toBeLessThan(10.01);
  });
});
