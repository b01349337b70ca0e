// A small generated multi-tenant API on node:http for the access-probe tests
// and the benchmark: N resources, each with list/create/read/update/delete,
// bearer sessions, two tenants and three roles. Flags plant specific bugs, so
// a test can assert that exactly that bug is found.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MiniApiOptions {
  resources: number;
  /** Plant: any tenant may read/change any object by id. */
  crossTenant?: boolean;
  /** Plant: the viewer may write (no role check on writes). */
  viewerWrites?: boolean;
  /** A session stops working after this many uses (a mid-run expiry without timing). */
  sessionUses?: number;
}

export interface MiniApi {
  url: string;
  spec: object;
  passwords: Record<string, string>;
  /** Objects whose name marks them as created by the probes and still present. */
  probeObjectsLeft(): number;
  requests: number;
  /**
   * While set to an array, every request is appended to it whole (the
   * benchmark replays an audit's exact requests through a load generator).
   */
  recording: RecordedRequest[] | undefined;
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface User {
  email: string;
  role: 'owner' | 'staff' | 'viewer';
  tenantId: string;
  password: string;
}
interface Obj {
  id: string;
  tenantId: string;
  name: string;
  amount: number;
}

/** The four test users (the roles miniConfig names), with passwords random per run. */
export function seedUsers(): Record<string, User> {
  const pw = () => randomBytes(12).toString('base64url');
  return {
    owner: { email: 'olivia@acme.test', role: 'owner', tenantId: 'acme', password: pw() },
    staff: { email: 'sam@acme.test', role: 'staff', tenantId: 'acme', password: pw() },
    viewer: { email: 'vic@acme.test', role: 'viewer', tenantId: 'acme', password: pw() },
    outsider: { email: 'gary@globex.test', role: 'owner', tenantId: 'globex', password: pw() },
  };
}

export async function startMiniApi(opts: MiniApiOptions): Promise<MiniApi> {
  const users = seedUsers();
  const sessions = new Map<string, { user: User; uses: number }>();
  const data = new Map<string, Map<string, Obj>>();
  let seq = 0;
  for (let r = 0; r < opts.resources; r++) {
    const m = new Map<string, Obj>();
    for (const tenantId of ['acme', 'globex']) {
      for (let i = 0; i < 2; i++) {
        const id = String(++seq);
        m.set(id, { id, tenantId, name: `${tenantId} item ${i}`, amount: 100 });
      }
    }
    data.set(`r${r}`, m);
  }

  const api: MiniApi = {
    url: '',
    spec: buildSpec(opts.resources),
    passwords: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.password])),
    probeObjectsLeft: () => [...data.values()].reduce((n, m) => n + [...m.values()].filter((o) => o.name.includes('launchready-probe')).length, 0),
    requests: 0,
    recording: undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const server = http.createServer((req, res) => {
    api.requests++;
    if (api.recording) tapRequest(req, api.recording);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 200_000) chunks.push(c);
    });
    req.on('end', () => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (size > 200_000) return send(413, { error: 'too large' });
      let body: Record<string, unknown> = {};
      if (chunks.length) {
        if (!(req.headers['content-type'] ?? '').includes('json')) return send(415, { error: 'json only' });
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return send(400, { error: 'object expected' });
          body = parsed as Record<string, unknown>;
        } catch {
          return send(400, { error: 'invalid json' });
        }
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.replace(/\/+$/, '') || '/';
      const method = req.method ?? 'GET';
      if (method === 'POST' && path === '/api/auth/login') {
        const u = Object.values(users).find((x) => x.email === body.email && x.password === body.password);
        if (!u) return send(401, { error: 'Invalid email or password' });
        const token = randomBytes(24).toString('base64url');
        sessions.set(token, { user: u, uses: 0 });
        return send(200, { token });
      }
      // Unknown routes are 404 even without credentials, as behind a router that matches before it authenticates.
      if (!isRoute(path, opts.resources)) return send(404, { error: 'not found' });
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const s = token ? sessions.get(token) : undefined;
      if (s && opts.sessionUses !== undefined && ++s.uses > opts.sessionUses) sessions.delete(token!);
      const user = s && sessions.has(token!) ? s.user : undefined;
      if (!user) return send(401, { error: 'authentication required' });
      if (method === 'POST' && path === '/api/auth/logout') {
        sessions.delete(token!);
        return send(204);
      }
      if (method === 'GET' && path === '/api/me') return send(200, { email: user.email, role: user.role, tenantId: user.tenantId });
      const m = /^\/api\/(r\d+)(?:\/([^/]+))?$/.exec(path);
      const store = m ? data.get(m[1]!) : undefined;
      if (!m || !store) return send(404, { error: 'not found' });
      const id = m[2] ? decodeURIComponent(m[2]) : undefined;
      const write = method !== 'GET';
      if (write && user.role === 'viewer' && !opts.viewerWrites) return send(403, { error: 'forbidden' });
      if (method === 'DELETE' && user.role !== 'owner' && !opts.viewerWrites) return send(403, { error: 'forbidden' });
      if (id === undefined) {
        if (method === 'GET') return send(200, { items: [...store.values()].filter((o) => o.tenantId === user.tenantId) });
        if (method === 'POST') {
          if (typeof body.name !== 'string' || body.name.length > 200) return send(400, { error: 'name must be a short string' });
          if (body.amount !== undefined && typeof body.amount !== 'number') return send(400, { error: 'amount must be a number' });
          const o: Obj = { id: String(++seq), tenantId: user.tenantId, name: body.name, amount: typeof body.amount === 'number' ? body.amount : 0 };
          store.set(o.id, o);
          return send(201, o);
        }
        return send(405, { error: 'method not allowed' });
      }
      const o = store.get(id);
      if (!o || (o.tenantId !== user.tenantId && !opts.crossTenant)) return send(404, { error: 'not found' });
      if (method === 'GET') return send(200, o);
      if (method === 'PATCH') {
        if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length > 200)) return send(400, { error: 'name must be a short string' });
        if (body.amount !== undefined && typeof body.amount !== 'number') return send(400, { error: 'amount must be a number' });
        if (typeof body.name === 'string') o.name = body.name;
        if (typeof body.amount === 'number') o.amount = body.amount;
        return send(200, o);
      }
      if (method === 'DELETE') {
        store.delete(id);
        return send(204);
      }
      return send(405, { error: 'method not allowed' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}

/** The generated API's routes besides login: logout, /api/me and each resource's collection and items. */
export function isRoute(path: string, resources: number): boolean {
  if (path === '/api/auth/logout' || path === '/api/me') return true;
  const m = /^\/api\/r(\d+)(?:\/[^/]+)?$/.exec(path);
  return m !== null && Number(m[1]) < resources;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/**
 * Appends the request, whole, to `into` once its body has arrived. A second
 * 'data' listener beside the server's own: both are attached before the
 * stream starts flowing (on the next tick), so both see every chunk.
 */
export function tapRequest(req: http.IncomingMessage, into: RecordedRequest[]): void {
  const body: Buffer[] = [];
  req.on('data', (c: Buffer) => body.push(c));
  req.on('end', () => {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    into.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers, ...(body.length ? { body: Buffer.concat(body).toString('utf8') } : {}) });
  });
}

/** The OpenAPI document of a generated API with `resources` collections. */
export function buildSpec(resources: number): object {
  const item = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 200 }, amount: { type: 'number' } } };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const body = { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } };
  const paths: Record<string, unknown> = {
    '/api/auth/login': { post: { security: [], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } } } } }, responses: { 200: { description: 'ok' } } } },
    '/api/auth/logout': { post: { responses: { 204: { description: 'ok' } } } },
    '/api/me': { get: { responses: { 200: { description: 'ok' } } } },
  };
  for (let r = 0; r < resources; r++) {
    paths[`/api/r${r}`] = { get: { responses: { 200: { description: 'ok' } } }, post: { requestBody: body, responses: { 201: { description: 'ok' } } } };
    paths[`/api/r${r}/{id}`] = {
      parameters: [idParam],
      get: { responses: { 200: { description: 'ok' } } },
      patch: { requestBody: body, responses: { 200: { description: 'ok' } } },
      delete: { responses: { 204: { description: 'ok' } } },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'mini', version: '1' },
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: { Item: item } },
    paths,
  };
}

/** launchready.yml for a mini API. */
export function miniConfig(
  api: Pick<MiniApi, 'url' | 'passwords'>,
  opts: { specFile: string; allowWrites: boolean; wrongPasswordFor?: string; concurrency?: number; rate?: number; maxRequests?: number; maxSeconds?: number },
): string {
  const role = (name: string, email: string, tenant: string) =>
    `    ${name}:\n      tenant: ${tenant}\n      login: { username: ${email}, password: "${opts.wrongPasswordFor === name ? 'wrong-password-123' : api.passwords[name]}" }\n`;
  return `version: 1
project: { name: Mini }
environments:
  test:
    apiUrl: ${api.url}
    allowWrites: ${opts.allowWrites}
api: { openapi: ${opts.specFile} }
auth:
  login: { path: /api/auth/login }
  logout: { method: POST, path: /api/auth/logout }
  flows: { concurrency: ${opts.concurrency ?? 4}, rateLimitBurst: 5 }
  roles:
${role('owner', 'olivia@acme.test', 'acme')}${role('staff', 'sam@acme.test', 'acme')}${role('viewer', 'vic@acme.test', 'acme')}${role('outsider', 'gary@globex.test', 'globex')}
policy:
  - { operation: "GET /api/*", allow: [owner, staff, viewer, outsider] }
  - { operation: "POST /api/auth/logout", allow: [owner, staff, viewer, outsider] }
  - { operation: "DELETE /api/*", allow: [owner] }
  - { operation: "* /api/*", allow: [owner, staff] }
network: { ratePerSecond: ${opts.rate ?? 2000}, maxRequests: ${opts.maxRequests ?? 20000}, maxSeconds: ${opts.maxSeconds ?? 300}, timeoutMs: 5000 }
`;
}
