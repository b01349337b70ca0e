// A notes API with the two hazards of "no harm left behind":
// - maintenance endpoints that wipe everything (POST /api/reset-db, and an
//   unauthenticated GET /createdb), which an audit must never call; every
//   call is counted;
// - a create that stores the row before validating it: a title that is not a
//   string is inserted, the request answers 500, and from then on the list
//   answers 500 for everyone (it upper-cases every title).
// Tokens are random and live in memory, or (option jwt) HS256 JWTs signed
// with a key made per run; GET /api/me then also hands out a fresh token for
// another account in a plain text field (no session code ever saw it).
// Multi-tenant: acme and globex.
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FragileApp {
  url: string;
  passwords: Record<string, string>;
  /** Calls of the wiping endpoints, by "METHOD /path". */
  wipes: Record<string, number>;
  close(): Promise<void>;
}

interface Note {
  id: string;
  tenant: string;
  title: unknown;
}

export interface FragileOptions {
  /** Passwords by email instead of random ones (a test of a weak configured password). */
  passwords?: Record<string, string>;
  /** Sessions are JWTs, and GET /api/me repeats the caller's token in its body. */
  jwt?: boolean;
}

export async function startFragileApp(opts: FragileOptions = {}): Promise<FragileApp> {
  const pw = (email: string) => opts.passwords?.[email] ?? randomBytes(12).toString('base64url');
  const users: Record<string, { role: string; tenant: string; password: string }> = {
    'olivia@acme.test': { role: 'owner', tenant: 'acme', password: pw('olivia@acme.test') },
    'vic@acme.test': { role: 'viewer', tenant: 'acme', password: pw('vic@acme.test') },
    'gary@globex.test': { role: 'owner', tenant: 'globex', password: pw('gary@globex.test') },
  };
  const jwtKey = randomBytes(32);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const newToken = (email: string): string => {
    if (!opts.jwt) return randomBytes(18).toString('base64url');
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: email, iat: Math.floor(Date.now() / 1000), jti: randomBytes(6).toString('hex') })}`;
    return `${head}.${createHmac('sha256', jwtKey).update(head).digest('base64url')}`;
  };
  const sessions = new Map<string, string>();
  const seed = (): Note[] => [
    { id: '1', tenant: 'acme', title: 'acme note' },
    { id: '2', tenant: 'globex', title: 'globex note' },
  ];
  let notes = seed();
  let next = 3;
  const wipes: Record<string, number> = {};

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://x');
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /api/reset-db' || route === 'GET /createdb') {
        wipes[route] = (wipes[route] ?? 0) + 1;
        notes = seed();
        return send(200, { ok: true });
      }
      if (route === 'GET /health') return send(200, { ok: true });
      let body: Record<string, unknown> = {};
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          return send(400, { error: 'invalid json' });
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body)) return send(400, { error: 'object expected' });
      }
      if (route === 'POST /api/auth/login') {
        const u = typeof body.email === 'string' ? users[body.email] : undefined;
        if (!u || u.password !== body.password) return send(401, { error: 'wrong email or password' });
        const token = newToken(body.email as string);
        sessions.set(token, body.email as string);
        return send(200, { token });
      }
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const email = token ? sessions.get(token) : undefined;
      const user = email ? users[email] : undefined;
      if (!user) return send(401, { error: 'authentication required' });
      if (route === 'GET /api/me') return send(200, { email, role: user.role, tenant: user.tenant, ...(opts.jwt ? { note: `support can sign in as you with ${newToken('support@acme.test')}` } : {}) });
      if (route === 'GET /api/notes') {
        try {
          // The fragile part: every title is assumed to be a string.
          return send(200, { notes: notes.filter((n) => n.tenant === user.tenant).map((n) => ({ ...n, title: (n.title as string).toUpperCase() })) });
        } catch (err) {
          return send(500, { error: (err as Error).message });
        }
      }
      if (route === 'POST /api/notes') {
        if (user.role === 'viewer') return send(403, { error: 'forbidden' });
        const note: Note = { id: String(next++), tenant: user.tenant, title: body.title };
        notes.push(note); // stored before it is checked
        if (typeof body.title !== 'string' || body.title.length > 200) return send(500, { error: 'title must be a short string' });
        return send(201, note);
      }
      const m = /^\/api\/notes\/([^/]+)$/.exec(url.pathname);
      const note = m ? notes.find((n) => n.id === m[1] && n.tenant === user.tenant) : undefined;
      if (m && req.method === 'GET') return note ? send(200, note) : send(404, { error: 'not found' });
      if (m && req.method === 'DELETE') {
        if (user.role !== 'owner') return send(403, { error: 'forbidden' });
        if (!note) return send(404, { error: 'not found' });
        notes = notes.filter((n) => n !== note);
        return send(204, {});
      }
      return send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    passwords: Object.fromEntries(Object.entries(users).map(([e, u]) => [e, u.password])),
    wipes,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const item = { type: 'object', required: ['title'], properties: { title: { type: 'string', maxLength: 200 } } };
const ok = { 200: { description: 'ok' } };

/** Its OpenAPI document: the wiping endpoints are in it, as they often are. */
export const FRAGILE_SPEC = {
  openapi: '3.0.3',
  info: { title: 'fragile notes', version: '1' },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/health': { get: { security: [], responses: ok } },
    '/createdb': { get: { security: [], summary: 'Create the database tables', responses: ok } },
    '/api/reset-db': { post: { summary: 'Reset the database to the seed data', responses: ok } },
    '/api/auth/login': { post: { security: [], responses: ok } },
    '/api/me': { get: { responses: ok } },
    '/api/notes': {
      get: { responses: ok },
      post: { requestBody: { required: true, content: { 'application/json': { schema: item } } }, responses: { 201: { description: 'created' } } },
    },
    '/api/notes/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: { responses: ok },
      delete: { responses: { 204: { description: 'deleted' } } },
    },
  },
};
