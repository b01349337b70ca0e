// "Signed cookie": an Express-style app whose session is a signed cookie
// `sid=<username>.<HMAC>` set by a form login, next to a `csrftoken` cookie
// the login page sets first (so it is the first cookie of the jar), echoed
// in X-CSRFToken on writes. Two users read their own notes at GET /api/notes.
//
// Planted in `vulnerable` mode, absent in `hardened` mode: the session
// cookie's signature is never checked (the user is whatever stands before
// the dot), so a tampered or truncated cookie still signs in. A probe that
// tampers with the first cookie of the jar (the CSRF cookie) instead of the
// credential never sees it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ok, startApp, type Req, type Res } from './support.js';
import type { Mode } from './shelf.js';

export async function startSignedCookie(mode: Mode) {
  const key = randomBytes(32);
  const users = new Map(['ann', 'bob'].map((u) => [u, randomBytes(9).toString('base64url')]));
  const sign = (user: string) => `${user}.${createHmac('sha256', key).update(user).digest('base64url')}`;
  const cookies = (req: Req) => new Map((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=') as [string, string]).filter((p) => p.length === 2));
  const userOf = (sid: string | undefined): string | undefined => {
    const dot = sid?.indexOf('.') ?? -1;
    if (!sid || dot <= 0) return undefined;
    const user = sid.slice(0, dot);
    if (!users.has(user)) return undefined;
    if (mode === 'vulnerable') return user;
    const want = Buffer.from(sign(user));
    const got = Buffer.from(sid);
    return want.length === got.length && timingSafeEqual(want, got) ? user : undefined;
  };
  const app = await startApp((req): Res => {
    if (req.method === 'GET' && req.path === '/login') return { status: 200, body: '<form method="post"></form>', headers: { 'set-cookie': `csrftoken=${randomBytes(16).toString('hex')}; Path=/; SameSite=Lax` } };
    if (req.method === 'POST' && req.path === '/login') {
      const name = String(req.body?.username ?? '');
      if (!cookies(req).get('csrftoken') || req.body?.csrf !== cookies(req).get('csrftoken')) return { status: 403, body: { error: 'CSRF token missing or wrong' } };
      if (users.get(name) !== req.body?.password) return { status: 401, body: { error: 'wrong username or password' } };
      return { status: 302, headers: { location: '/', 'set-cookie': `sid=${sign(name)}; Path=/; HttpOnly; SameSite=Lax` } };
    }
    const user = userOf(cookies(req).get('sid'));
    if (!user) return { status: 401, body: { error: 'sign in first' } };
    if (req.method === 'GET' && req.path === '/api/notes') return { status: 200, body: { notes: [{ id: `${user}-1`, text: `${user}'s first note` }] } };
    if (req.method === 'GET' && req.path === '/api/me') return { status: 200, body: { username: user } };
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = {
    openapi: '3.0.3',
    info: { title: 'signed-cookie', version: '1' },
    security: [{ cookie: [] }],
    components: { securitySchemes: { cookie: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
    paths: { '/login': { post: { security: [], responses: ok } }, '/api/notes': { get: { responses: ok } }, '/api/me': { get: { responses: ok } } },
  };
  const yml = (specFile: string) => `project: { name: Signed cookie }
environments:
  test: { apiUrl: "${app.url}", allowWrites: false }
api: { openapi: ${specFile} }
auth:
  login: { path: /login, contentType: form, usernameField: username, tokenFrom: "cookie:sid" }
  send: { as: cookie }
  csrf: { from: "cookie:csrftoken", page: "GET /login", header: X-CSRFToken, field: csrf }
  tenantBy: user
  roles:
${[...users].map(([u, pw]) => `    ${u}: { login: { username: ${u}, password: "${pw}" } }`).join('\n')}
policy:
  - { operation: POST /login, allow: [anonymous] }
  - { operation: "GET /api/*", allow: [ann, bob] }
network: { ratePerSecond: 2000, timeoutMs: 5000 }
`;
  return { app, spec, yml };
}
