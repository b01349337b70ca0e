// "Library": a test target shaped like VAmPI and a RealWorld comments API,
// for the gaps issue 11's trials left open: books keyed by their title (a
// natural key, /books/{book_title}) listed publicly as {"books": […]} with
// their owner in `user`, a protected item read, and reviews nested under a
// book (/books/{book_title}/reviews/{review_id}), listed publicly and owned
// by `author.username`. Logins answer {"auth_token": …} (an opaque token
// sent as Bearer); every user owns their own books and reviews (one-user
// tenants), and anyone signed in may review anyone's book.
//
// Planted in `vulnerable` mode, each absent in `hardened` mode:
// 1. GET /books/{book_title} answers without credentials (an "optional auth"
//    decorator): the unauthenticated probe must fill {book_title} from the
//    public list by meaning, not from an `id` field the items do not have;
// 2. so any signed-in user also reads another user's book and its secret (BOLA read);
// 3. DELETE /books/{book_title}/reviews/{review_id} deletes anyone's review
//    (BOLA on a route with two path parameters: the parent is filled first);
// 4. no limit on failed logins (hardened: 429 after ten for a username).
import { randomBytes } from 'node:crypto';
import { bearer, ok, startApp, type Req, type Res } from './support.js';
import type { Mode, TargetServer } from './shelf.js';

interface Book {
  book_title: string;
  secret: string;
  user: string;
}
interface Review {
  review_id: number;
  book: string;
  text: string;
  author: string;
}

const PROBE = 'launchready-probe';

export async function startLibrary(mode: Mode): Promise<TargetServer> {
  const vulnerable = mode === 'vulnerable';
  const users = new Map(['ann', 'bob'].map((u) => [u, { username: u, email: `${u}@library.test`, password: randomBytes(9).toString('base64url') }]));
  const initial = new Map([...users.values()].map((u) => [u.username, u.password]));
  const books = new Map<string, Book>([
    ['Dune', { book_title: 'Dune', secret: 'ann keeps her notes here', user: 'ann' }],
    ['Emma', { book_title: 'Emma', secret: 'bob keeps his notes here', user: 'bob' }],
  ]);
  const reviews = new Map<number, Review>([
    [1, { review_id: 1, book: 'Dune', text: 'a classic', author: 'bob' }],
    [2, { review_id: 2, book: 'Emma', text: 'witty', author: 'ann' }],
  ]);
  let nextReview = 3;
  const tokens = new Map<string, string>();
  const failed = new Map<string, number>();

  const route = (req: Req): Res => {
    if (req.raw.length > 100_000) return { status: 413, body: { status: 'fail', message: 'Request body too large' } };
    const who = tokens.get(bearer(req) ?? '');
    const path = req.path.replace(/^\/api/, '');
    if (req.method === 'POST' && path === '/users/login') {
      const name = String(req.body?.username ?? '').trim().toLowerCase();
      if (!vulnerable && (failed.get(name) ?? 0) >= 10) return { status: 429, body: { status: 'fail', message: 'Too many attempts' } };
      const u = users.get(name);
      if (!u || u.password !== req.body?.password) {
        failed.set(name, (failed.get(name) ?? 0) + 1);
        return { status: 401, body: { status: 'fail', message: 'Username or password incorrect' } };
      }
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, u.username);
      return { status: 200, body: { status: 'success', auth_token: token } };
    }
    if (req.method === 'GET' && path === '/books') return { status: 200, body: { books: [...books.values()].map(({ book_title, user }) => ({ book_title, user })) } };
    let m = /^\/books\/([^/]+)\/reviews$/.exec(path);
    if (m && req.method === 'GET') {
      const title = decodeURIComponent(m[1]!);
      return { status: 200, body: { reviews: [...reviews.values()].filter((r) => r.book === title).map((r) => ({ review_id: r.review_id, text: r.text, author: { username: r.author } })) } };
    }
    const book = m ? undefined : /^\/books\/([^/]+)$/.exec(path);
    // The planted "optional auth": the vulnerable item read never asks who is calling.
    if (book && req.method === 'GET' && vulnerable) {
      const b = books.get(decodeURIComponent(book[1]!));
      return b ? { status: 200, body: { book: b } } : { status: 404, body: { status: 'fail', message: 'Book not found' } };
    }
    if (!who) return { status: 401, body: { status: 'fail', message: 'Invalid token. Please log in again.' } };
    if (req.method === 'GET' && path === '/me') {
      const u = users.get(who)!;
      return { status: 200, body: { data: { username: u.username, email: u.email } } };
    }
    if (req.method === 'POST' && path === '/books') {
      const title = req.body?.book_title;
      if (typeof title !== 'string' || !/^[\w .-]{1,80}$/.test(title) || books.has(title)) return { status: 400, body: { status: 'fail', message: 'Book already exists or its title is not 1-80 letters, digits, spaces, dots or dashes' } };
      const b = { book_title: title, secret: String(req.body?.secret ?? ''), user: who };
      books.set(title, b);
      return { status: 200, body: { book: b } };
    }
    if (book) {
      const b = books.get(decodeURIComponent(book[1]!));
      if (!b || b.user !== who) return { status: 404, body: { status: 'fail', message: 'Book not found' } };
      if (req.method === 'GET') return { status: 200, body: { book: b } };
      if (req.method === 'DELETE') {
        books.delete(b.book_title);
        for (const r of reviews.values()) if (r.book === b.book_title) reviews.delete(r.review_id);
        return { status: 200, body: { status: 'success' } };
      }
    }
    if (m && req.method === 'POST') {
      const title = decodeURIComponent(m[1]!);
      if (!books.has(title)) return { status: 404, body: { status: 'fail', message: 'Book not found' } };
      const r = { review_id: nextReview++, book: title, text: String(req.body?.text ?? ''), author: who };
      reviews.set(r.review_id, r);
      return { status: 201, body: { review: { review_id: r.review_id, text: r.text, author: { username: who } } } };
    }
    m = /^\/books\/([^/]+)\/reviews\/(\d+)$/.exec(path);
    if (m && req.method === 'DELETE') {
      const r = reviews.get(Number(m[2]));
      if (!r || r.book !== decodeURIComponent(m[1]!)) return { status: 404, body: { status: 'fail', message: 'Review not found' } };
      if (!vulnerable && r.author !== who) return { status: 403, body: { status: 'fail', message: 'Only its author may delete a review' } };
      reviews.delete(r.review_id);
      return { status: 200, body: { status: 'success' } };
    }
    return { status: 404, body: { status: 'fail', message: 'Not found' } };
  };

  const app = await startApp(route);
  return {
    url: app.url,
    passwords: Object.fromEntries([...users.values()].map((u) => [u.username, u.password])),
    probeObjectsLeft: () => [...books.values()].filter((b) => `${b.book_title} ${b.secret}`.includes(PROBE)).length + [...reviews.values()].filter((r) => r.text.includes(PROBE)).length,
    signInAll: () => Promise.resolve([...users.values()].every((u) => u.password === initial.get(u.username))),
    close: () => app.close(),
    reviewsOf: (author: string) => [...reviews.values()].filter((r) => r.author === author && !r.text.includes(PROBE)).length,
  } as TargetServer & { reviewsOf(author: string): number };
}

/** Library's OpenAPI document: servers /api, bearer security, no `required` lists, natural keys and a nested route. */
export function librarySpec(): object {
  const body = (properties: Record<string, unknown>) => ({ content: { 'application/json': { schema: { type: 'object', properties } } } });
  const title = { name: 'book_title', in: 'path', required: true, schema: { type: 'string' } };
  const review = { name: 'review_id', in: 'path', required: true, schema: { type: 'integer' } };
  return {
    openapi: '3.0.3',
    info: { title: 'Library', version: '1' },
    servers: [{ url: '/api' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/users/login': { post: { security: [], requestBody: body({ username: { type: 'string' }, password: { type: 'string' } }), responses: ok } },
      '/me': { get: { responses: ok } },
      '/books': { get: { security: [], responses: ok }, post: { requestBody: body({ book_title: { type: 'string' }, secret: { type: 'string' } }), responses: ok } },
      '/books/{book_title}': { parameters: [title], get: { responses: ok }, delete: { responses: ok } },
      '/books/{book_title}/reviews': { parameters: [title], get: { security: [], responses: ok }, post: { requestBody: body({ text: { type: 'string' } }), responses: { 201: { description: 'created' } } } },
      '/books/{book_title}/reviews/{review_id}': { parameters: [title, review], delete: { responses: ok } },
    },
  };
}

export function libraryConfig(t: Pick<TargetServer, 'url' | 'passwords'>, specFile: string): string {
  const role = (name: string) => `    ${name}: { login: { username: ${name}, password: "${t.passwords[name]}" } }\n`;
  return `project: { name: Library }
environments:
  test: { apiUrl: "${t.url}", allowWrites: true }
api: { openapi: ${specFile} }
auth:
  login: { path: /users/login, usernameField: username, tokenFrom: "json:auth_token" }
  tenantBy: user
  flows: { concurrency: 4, rateLimitBurst: 12 }
  roles:
${role('ann')}${role('bob')}
policy:
  - { operation: POST /users/login, allow: [anonymous] }
  - { operation: GET /me, allow: [ann, bob] }
  - { operation: GET /books, allow: [anonymous] }
  - { operation: "POST /books", allow: [ann, bob] }
  - { operation: "GET|DELETE /books/{book_title}", allow: [ann, bob] }
  - { operation: "GET /books/{book_title}/reviews", allow: [anonymous] }
  - { operation: "POST /books/{book_title}/reviews", allow: [ann, bob], objects: any }
  - { operation: "DELETE /books/{book_title}/reviews/{review_id}", allow: [ann, bob] }
network: { ratePerSecond: 2000, maxRequests: 5000, maxSeconds: 120, timeoutMs: 5000 }
`;
}
