// A small multi-tenant API that dies, run as its own process (under
// test/targets/supervisor.ts) so a crash is a real process exit, as in the
// field. Modes (CRASH env):
//   anonymous-reports  GET /api/reports without credentials throws inside the
//                      handler (an uncaught exception, like reading a header
//                      that is not there), which kills the process;
//   nth:N              the process exits on its Nth request, whatever it is;
//   none               never crashes.
// Session tokens are signed (HMAC with SESSION_KEY), so they survive a
// restart, as with most stateless session setups. Prints "listening PORT"
// once ready.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const crash = process.env.CRASH ?? 'none';
const nth = crash.startsWith('nth:') ? Number(crash.slice(4)) : Infinity;
const users: Record<string, { password: string; role: string; tenant: string }> = JSON.parse(process.env.USERS ?? '{}') as never;
const key = process.env.SESSION_KEY ?? 'test-only-session-key';
const sign = (email: string) => createHmac('sha256', key).update(email).digest('base64url');
const tokenFor = (email: string) => `${Buffer.from(email).toString('base64url')}.${sign(email)}`;
function emailOf(token: string): string | undefined {
  const [b64, mac] = token.split('.');
  if (!b64 || !mac) return undefined;
  const email = Buffer.from(b64, 'base64url').toString('utf8');
  const want = Buffer.from(sign(email));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got) ? email : undefined;
}
const items = [
  { id: '1', tenant: 'acme', name: 'acme one' },
  { id: '2', tenant: 'acme', name: 'acme two' },
  { id: '3', tenant: 'globex', name: 'globex one' },
];
let served = 0;

const server = http.createServer((req, res) => {
  served++;
  if (served === nth) {
    // Dies mid-request: the client sees its connection closed, every later one refused.
    process.exit(1);
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/health') return send(200, { ok: true });
    if (req.method === 'POST' && url.pathname === '/api/auth/login') {
      let body: { email?: string; password?: string } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof body;
      } catch {
        return send(400, { error: 'invalid json' });
      }
      const u = body.email ? users[body.email] : undefined;
      if (!u || u.password !== body.password) return send(401, { error: 'wrong email or password' });
      return send(200, { token: tokenFor(body.email!) });
    }
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const email = token ? emailOf(token) : undefined;
    if (req.method === 'GET' && url.pathname === '/api/reports' && !email && crash === 'anonymous-reports') {
      // The bug: the handler reads the caller before checking there is one, outside any try.
      setImmediate(() => {
        throw new Error('Cannot read properties of undefined (reading "tenant")');
      });
      return;
    }
    const user = email ? users[email] : undefined;
    if (!user) return send(401, { error: 'authentication required' });
    if (req.method === 'GET' && url.pathname === '/api/me') return send(200, { email, role: user.role, tenant: user.tenant });
    if (req.method === 'GET' && url.pathname === '/api/reports') return send(200, { reports: [{ id: 'r1', tenant: user.tenant }] });
    if (req.method === 'GET' && url.pathname === '/api/items') return send(200, { items: items.filter((i) => i.tenant === user.tenant) });
    const m = /^\/api\/items\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const it = items.find((i) => i.id === m[1] && i.tenant === user.tenant);
      return it ? send(200, it) : send(404, { error: 'not found' });
    }
    return send(404, { error: 'not found' });
  });
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
