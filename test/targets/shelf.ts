// "Shelf": a test target shaped like a RealWorld/Conduit or VAmPI backend,
// unlike the bundled demo in every way issue 11 names: an API under a base
// path (/api, from the document's `servers`), a nested login body answered
// at json:user.token and sent as `Authorization: Token …`, objects keyed by
// a natural key (/books/{slug}) whose owner is a property (owner.username),
// wrapped answers ({"book": {…}}, {"books": […], "booksCount": n}),
// one-user tenants (every user owns their books), a platform admin with no
// tenant, and a document that lists no `required` property although the
// server refuses a book without a title and a body, and refuses a title
// already taken.
//
// Planted in `vulnerable` mode, each absent in `hardened` mode:
// 1. BOLA read: any signed-in user reads another user's book (and its secret);
// 2. BOLA write: any signed-in user changes another user's book;
// 3. BOLA delete: any signed-in user deletes another user's book;
// 4. BFLA: GET /api/admin/users answers every signed-in user, not only the admin;
// 5. mass assignment on the caller's account: PUT /api/user stores `role` and `admin`;
// 6. mass assignment on objects: POST /api/books stores `status` and `approved`;
// 7. no rate limit on failed logins (hardened: 429 after ten);
// 8. PUT /api/profiles/{username}/password sets any user's password (VAmPI's "unauthorized password change").
// Both modes refuse bodies over 100 kB (413).
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'vulnerable' | 'hardened';

interface User {
  username: string;
  email: string;
  password: string;
  role: string;
  admin: boolean;
  bio: string;
}
interface Book {
  slug: string;
  title: string;
  description: string;
  body: string;
  secret: string;
  status: string;
  approved: boolean;
  owner: string;
}

export interface TargetServer {
  url: string;
  passwords: Record<string, string>;
  /** Objects whose text carries the probes' marker and are still there. */
  probeObjectsLeft(): number;
  /** Whether every seeded user still signs in with the password it started with. */
  signInAll(): Promise<boolean>;
  close(): Promise<void>;
}

const LIMIT = 100_000;
const slugify = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function startShelf(mode: Mode): Promise<TargetServer> {
  const vulnerable = mode === 'vulnerable';
  const pw = () => randomBytes(9).toString('base64url');
  const users = new Map<string, User>(
    [
      { username: 'alice', email: 'alice@shelf.test', password: pw(), role: 'user', admin: false, bio: '' },
      { username: 'bob', email: 'bob@shelf.test', password: pw(), role: 'user', admin: false, bio: '' },
      { username: 'root', email: 'root@shelf.test', password: pw(), role: 'admin', admin: true, bio: '' },
    ].map((u) => [u.username, u]),
  );
  const initial = new Map([...users.values()].map((u) => [u.username, u.password]));
  const books = new Map<string, Book>();
  const seed = (title: string, owner: string) => books.set(slugify(title), { slug: slugify(title), title, description: '', body: 'seed', secret: `${owner}'s secret`, status: 'published', approved: true, owner });
  seed('Alice Diary', 'alice');
  seed('Bob Notes', 'bob');
  const tokens = new Map<string, string>();
  let failedLogins = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= LIMIT) chunks.push(c);
    });
    req.on('end', () => {
      const send = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      if (size > LIMIT) return send(413, { errors: { body: ['is too large'] } });
      let body: Record<string, unknown> = {};
      if (chunks.length) {
        try {
          const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return send(400, { errors: { body: ['must be an object'] } });
          body = parsed as Record<string, unknown>;
        } catch {
          return send(400, { errors: { body: ['is not JSON'] } });
        }
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
      const method = req.method ?? 'GET';
      const inner = (k: string) => (typeof body[k] === 'object' && body[k] !== null ? (body[k] as Record<string, unknown>) : undefined);
      const publicUser = (u: User, token?: string) => ({ username: u.username, email: u.email, bio: u.bio, role: u.role, admin: u.admin, ...(token ? { token } : {}) });
      const full = (b: Book) => ({ slug: b.slug, title: b.title, description: b.description, body: b.body, secret: b.secret, status: b.status, approved: b.approved, owner: { username: b.owner } });
      const summary = (b: Book) => ({ slug: b.slug, title: b.title, description: b.description, owner: { username: b.owner } });

      if (method === 'POST' && path === '/api/users/login') {
        if (!vulnerable && failedLogins >= 10) return send(429, { errors: { login: ['too many attempts, try again later'] } });
        const u = inner('user');
        const found = [...users.values()].find((x) => x.email === u?.email && x.password === u?.password);
        if (!found) {
          failedLogins++;
          return send(422, { errors: { 'email or password': ['is invalid'] } });
        }
        const token = randomBytes(16).toString('hex');
        tokens.set(token, found.username);
        return send(200, { user: publicUser(found, token) });
      }
      // Unknown routes are 404 before authentication, as behind a router.
      if (!/^\/api\/(user|admin\/users|books(\/[^/]+)?|profiles\/[^/]+\/password)$/.test(path)) return send(404, { errors: { path: ['not found'] } });
      const token = /^Token (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const me = token ? users.get(tokens.get(token) ?? '') : undefined;
      if (!me) return send(401, { errors: { token: ['is missing or invalid'] } });
      const isAdmin = me.role === 'admin';

      if (path === '/api/user') {
        if (method === 'GET') return send(200, { user: publicUser(me) });
        if (method === 'PUT') {
          const u = inner('user') ?? {};
          if (typeof u.bio === 'string') me.bio = u.bio;
          if (vulnerable) {
            if (typeof u.role === 'string') me.role = u.role;
            if (typeof u.admin === 'boolean') me.admin = u.admin;
          }
          return send(200, { user: publicUser(me) });
        }
        return send(405, { errors: { method: ['not allowed'] } });
      }
      const pw = /^\/api\/profiles\/([^/]+)\/password$/.exec(path);
      if (pw && method === 'PUT') {
        const target = users.get(decodeURIComponent(pw[1]!));
        if (!target) return send(404, { errors: { profile: ['not found'] } });
        if (!vulnerable && target.username !== me.username) return send(403, { errors: { profile: ['is not yours'] } });
        const p = inner('user')?.password;
        if (typeof p !== 'string' || p.length < 8) return send(422, { errors: { password: ['is too short'] } });
        target.password = p;
        return send(200, { user: publicUser(target) });
      }
      if (method === 'GET' && path === '/api/admin/users') {
        if (!vulnerable && !isAdmin) return send(403, { errors: { user: ['is not an admin'] } });
        return send(200, { users: [...users.values()].map((u) => publicUser(u)) });
      }
      if (path === '/api/books') {
        if (method === 'GET') {
          const list = [...books.values()].map(summary);
          return send(200, { books: list, booksCount: list.length });
        }
        if (method === 'POST') {
          const b = inner('book');
          const title = typeof b?.title === 'string' ? b.title.trim() : '';
          if (!title || typeof b?.body !== 'string' || !b.body) return send(422, { errors: { [title ? 'body' : 'title']: ["can't be blank"] } });
          const slug = slugify(title);
          if (!slug || books.has(slug)) return send(422, { errors: { title: ['has already been taken'] } });
          const book: Book = {
            slug,
            title,
            description: typeof b.description === 'string' ? b.description : '',
            body: b.body,
            secret: '',
            status: vulnerable && typeof b.status === 'string' ? b.status : 'draft',
            approved: vulnerable && typeof b.approved === 'boolean' ? b.approved : false,
            owner: me.username,
          };
          books.set(slug, book);
          return send(201, { book: full(book) });
        }
        return send(405, { errors: { method: ['not allowed'] } });
      }
      const m = /^\/api\/books\/([^/]+)$/.exec(path);
      if (m) {
        const book = books.get(decodeURIComponent(m[1]!));
        if (!book) return send(404, { errors: { book: ['not found'] } });
        const mine = book.owner === me.username || isAdmin;
        if (method === 'GET') {
          if (!vulnerable && !mine) return send(404, { errors: { book: ['not found'] } });
          return send(200, { book: full(book) });
        }
        if (!vulnerable && !mine) return send(403, { errors: { book: ['is not yours'] } });
        if (method === 'PUT') {
          const b = inner('book') ?? {};
          for (const k of ['description', 'body'] as const) if (typeof b[k] === 'string') book[k] = b[k];
          if (typeof b.title === 'string' && b.title) book.title = b.title;
          return send(200, { book: full(book) });
        }
        if (method === 'DELETE') {
          books.delete(book.slug);
          return send(204);
        }
        return send(405, { errors: { method: ['not allowed'] } });
      }
      return send(404, { errors: { path: ['not found'] } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    passwords: Object.fromEntries([...users.values()].map((u) => [u.username, u.password])),
    probeObjectsLeft: () => [...books.values()].filter((b) => `${b.title} ${b.description} ${b.body}`.includes('launchready-probe')).length,
    signInAll: () => Promise.resolve([...users.values()].every((u) => u.password === initial.get(u.username))),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Shelf's OpenAPI document: servers /api, a Token scheme, and not one `required` list. */
export function shelfSpec(): object {
  const book = { type: 'object', properties: { title: { type: 'string' }, description: { type: 'string' }, body: { type: 'string' } } };
  const wrapped = (name: string, schema: object) => ({ content: { 'application/json': { schema: { type: 'object', properties: { [name]: schema } } } } });
  const slug = { name: 'slug', in: 'path', required: true, schema: { type: 'string' } };
  const r = { 200: { description: 'ok' } };
  return {
    openapi: '3.0.3',
    info: { title: 'Shelf', version: '1' },
    servers: [{ url: '/api' }],
    security: [{ Token: [] }],
    components: { securitySchemes: { Token: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
    paths: {
      '/users/login': { post: { security: [], requestBody: wrapped('user', { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } }), responses: r } },
      '/user': { get: { responses: r }, put: { requestBody: wrapped('user', { type: 'object', properties: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, bio: { type: 'string' } } }), responses: r } },
      '/admin/users': { get: { responses: r } },
      '/profiles/{username}/password': { parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }], put: { requestBody: wrapped('user', { type: 'object', properties: { password: { type: 'string' } } }), responses: r } },
      '/books': { get: { responses: r }, post: { requestBody: wrapped('book', book), responses: { 201: { description: 'created' } } } },
      '/books/{slug}': { parameters: [slug], get: { responses: r }, put: { requestBody: wrapped('book', book), responses: r }, delete: { responses: { 204: { description: 'gone' } } } },
    },
  };
}

/** launchready.yml for Shelf: policy lines written without the base path, as a user would copy them from the document. */
export function shelfConfig(t: Pick<TargetServer, 'url' | 'passwords'>, specFile: string): string {
  const role = (name: string, extra: string) => `    ${name}: { ${extra}login: { username: ${name}@shelf.test, password: "${t.passwords[name]}" } }\n`;
  return `project: { name: Shelf }
environments:
  test: { apiUrl: "${t.url}", allowWrites: true }
api: { openapi: ${specFile} }
auth:
  login: { path: /users/login, body: { user: { email: "{username}", password: "{password}" } }, tokenFrom: "json:user.token" }
  send: { scheme: Token }
  tenantBy: user
  flows: { concurrency: 4, rateLimitBurst: 12 }
  roles:
${role('alice', '')}${role('bob', '')}${role('root', 'tenant: null, ')}
policy:
  - { operation: POST /users/login, allow: [anonymous] }
  - { operation: "GET|PUT /user", allow: [alice, bob, root] }
  - { operation: GET /admin/users, allow: [root] }
  - { operation: "PUT /profiles/{username}/password", allow: [alice, bob, root] }
  - { operation: "* /books", allow: [alice, bob, root] }
  - { operation: "* /books/{slug}", allow: [alice, bob, root] }
network: { ratePerSecond: 2000, maxRequests: 5000, maxSeconds: 120, timeoutMs: 5000 }
`;
}
