// A loopback server that signs users in the ways real frameworks do, one
// shape per run, so the session code is tested against each: a RealWorld
// nested JSON body answered at json:user.token and sent as `Token …`; a token
// returned in a response header; Rails (form login, meta csrf-token, token
// rotated at login); Django (form login, csrftoken cookie echoed in
// X-CSRFToken); Laravel Sanctum (XSRF-TOKEN cookie, URL-encoded, echoed in
// X-XSRF-TOKEN); Express csurf (token from GET /csrf-token bound to the _csrf
// cookie). Every shape answers GET <base>/me and POST <base>/notes (a write
// that needs the CSRF token of the current session).
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Shape = 'realworld' | 'header-token' | 'rails' | 'django' | 'laravel' | 'csurf' | 'html-login';

export interface ShapeServer {
  url: string;
  password: string;
  /** Writes that arrived with a valid session and CSRF token. */
  notes: string[];
  close(): Promise<void>;
}

const USER = { email: 'ada@example.test', username: 'ada' };

export async function startShapeServer(shape: Shape, basePath = ''): Promise<ShapeServer> {
  const password = randomBytes(9).toString('base64url');
  const sessions = new Map<string, { csrf: string }>();
  const pre = new Map<string, string>(); // pre-login cookie id → csrf token (Rails, Laravel, csurf secret)
  const notes: string[] = [];
  const newId = () => randomBytes(12).toString('hex');

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      const body: Record<string, unknown> = type.includes('json') && raw ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
      const cookies = Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length === 2) as [string, string][]);
      const url = new URL(req.url ?? '/', 'http://x');
      const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) || '/' : '/__outside__';
      const json = (status: number, v: unknown, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(v));
      };
      const html = (status: number, text: string, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'text/html', ...headers });
        res.end(text);
      };
      const header = (n: string) => req.headers[n.toLowerCase()] as string | undefined;
      const good = (u: unknown, p: unknown) => (u === USER.email || u === USER.username) && p === password;

      // Who is calling, per shape.
      let sid: string | undefined;
      if (shape === 'realworld') sid = /^Token (\S+)$/.exec(header('authorization') ?? '')?.[1];
      else if (shape === 'header-token') sid = /^Bearer (\S+)$/.exec(header('authorization') ?? '')?.[1];
      else sid = cookies[{ rails: '_app_session', django: 'sessionid', laravel: 'laravel_session', csurf: 'connect.sid', 'html-login': 'sid' }[shape]];
      const session = sid ? sessions.get(sid) : undefined;
      const csrfOk = (expected: string | undefined) => {
        if (!expected) return false;
        if (shape === 'rails') return header('x-csrf-token') === expected;
        if (shape === 'django') return header('x-csrftoken') === expected && cookies.csrftoken === expected;
        if (shape === 'laravel') return header('x-xsrf-token') === expected;
        if (shape === 'csurf') return header('csrf-token') === expected || header('x-csrf-token') === expected;
        return true;
      };
      const csurfToken = (secret: string) => createHmac('sha256', secret).update('csrf').digest('base64url');

      if (shape === 'realworld' && req.method === 'POST' && path === '/users/login') {
        const u = body.user as Record<string, unknown> | undefined;
        if (!u || !good(u.email, u.password)) return json(422, { errors: { 'email or password': ['is invalid'] } });
        const token = newId();
        sessions.set(token, { csrf: '' });
        return json(200, { user: { ...USER, token, bio: null } });
      }
      if (shape === 'header-token' && req.method === 'POST' && path === '/auth/sign_in') {
        if (!good(body.email, body.password)) return json(401, { errors: ['Invalid login credentials'] });
        const token = newId();
        sessions.set(token, { csrf: '' });
        return json(200, { data: USER }, { authorization: `Bearer ${token}` });
      }
      if (shape === 'html-login' && path === '/login') return html(200, '<!doctype html><form method="post"><input name="email"></form>');
      if (shape === 'rails' && req.method === 'GET' && path === '/users/sign_in') {
        const pid = cookies._app_session && (pre.has(cookies._app_session) || sessions.has(cookies._app_session)) ? cookies._app_session : newId();
        const token = sessions.get(pid)?.csrf ?? pre.get(pid) ?? newId();
        if (!sessions.has(pid)) pre.set(pid, token);
        return html(200, `<html><head><meta name="csrf-param" content="authenticity_token" /><meta content="${token}" name="csrf-token" /></head></html>`, { 'set-cookie': `_app_session=${pid}; path=/; HttpOnly` });
      }
      if (shape === 'rails' && req.method === 'POST' && path === '/users/sign_in') {
        const pid = cookies._app_session;
        const expected = pid ? pre.get(pid) : undefined;
        if (!expected || (body.authenticity_token !== expected && header('x-csrf-token') !== expected)) return html(422, '<h1>InvalidAuthenticityToken</h1>');
        if (!good(body['user[email]'], body['user[password]'])) return html(401, 'Invalid Email or password.');
        // reset_session: a new session id and a new token.
        const s = newId();
        sessions.set(s, { csrf: newId() });
        return json(200, { ok: true }, { 'set-cookie': `_app_session=${s}; path=/; HttpOnly` });
      }
      if (shape === 'django' && req.method === 'GET' && path === '/accounts/login/') {
        const t = newId();
        return html(200, '<form method="post"></form>', { 'set-cookie': `csrftoken=${t}; Path=/; SameSite=Lax` });
      }
      if (shape === 'django' && req.method === 'POST' && path === '/accounts/login/') {
        if (!cookies.csrftoken || header('x-csrftoken') !== cookies.csrftoken) return html(403, '<h1>CSRF verification failed. Request aborted.</h1>');
        if (!good(body.username, body.password)) return html(200, '<p>Please enter a correct username and password.</p>');
        const s = newId();
        const t = newId();
        sessions.set(s, { csrf: t });
        return json(200, { ok: true }, { 'set-cookie': [`sessionid=${s}; Path=/; HttpOnly`, `csrftoken=${t}; Path=/`] });
      }
      if (shape === 'laravel' && req.method === 'GET' && path === '/sanctum/csrf-cookie') {
        const pid = newId();
        const t = `${newId()}=+/`;
        pre.set(pid, t);
        res.writeHead(204, { 'set-cookie': [`XSRF-TOKEN=${encodeURIComponent(t)}; path=/`, `laravel_session=${pid}; path=/; httponly`] });
        return res.end();
      }
      if (shape === 'laravel' && req.method === 'POST' && path === '/login') {
        const pid = cookies.laravel_session;
        if (!pid || !csrfOk(pre.get(pid))) return json(419, { message: 'CSRF token mismatch.' });
        if (!good(body.email, body.password)) return json(422, { message: 'These credentials do not match our records.' });
        const s = newId();
        const t = `${newId()}/+=`;
        sessions.set(s, { csrf: t });
        res.writeHead(204, { 'set-cookie': [`XSRF-TOKEN=${encodeURIComponent(t)}; path=/`, `laravel_session=${s}; path=/; httponly`] });
        return res.end();
      }
      if (shape === 'csurf' && req.method === 'GET' && path === '/csrf-token') {
        const secret = cookies._csrf ?? newId();
        return json(200, { csrfToken: csurfToken(secret) }, cookies._csrf ? {} : { 'set-cookie': `_csrf=${secret}; Path=/; HttpOnly` });
      }
      if (shape === 'csurf' && req.method === 'POST' && path === '/login') {
        if (!cookies._csrf || !csrfOk(csurfToken(cookies._csrf))) return json(403, { error: 'invalid csrf token' });
        if (!good(body.email, body.password)) return json(401, { error: 'bad credentials' });
        const s = newId();
        sessions.set(s, { csrf: csurfToken(cookies._csrf) });
        return json(200, { ok: true }, { 'set-cookie': `connect.sid=${s}; Path=/; HttpOnly` });
      }

      if (!session) return json(401, { error: 'sign in first' });
      if (req.method === 'GET' && path === '/me') return json(200, shape === 'realworld' ? { user: { ...USER, token: sid } } : USER);
      if (req.method === 'POST' && path === '/notes') {
        if (['rails', 'django', 'laravel', 'csurf'].includes(shape) && !csrfOk(session.csrf)) return json(403, { error: 'CSRF token missing or incorrect' });
        notes.push(String(body.text ?? ''));
        return json(201, { text: body.text });
      }
      return json(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    password,
    notes,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
