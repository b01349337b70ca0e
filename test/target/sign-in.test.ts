// Sign-in in the shapes real apps use, against a real loopback server per
// shape: the session logs in the way the config says, its credential
// headers work for a read, and (for cookie sessions) the CSRF token it sends
// back gets a write through. A failed login says what came back.
import { afterEach, describe, expect, it } from 'vitest';
import { INLINE, parseConfigText } from '../../src/config/load.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Sessions } from '../../src/probe/sessions.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startShapeServer, type Shape, type ShapeServer } from '../targets/sign-in-shapes.js';

let server: ShapeServer | undefined;
let client: ProbeClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  server = undefined;
  client = undefined;
});

/** The auth block of each shape, as a user would write it. */
const AUTH: Record<Shape, string> = {
  realworld: `
  login: { path: /users/login, body: { user: { email: "{username}", password: "{password}" } }, tokenFrom: "json:user.token" }
  send: { as: bearer, scheme: Token }`,
  'header-token': `
  login: { path: /auth/sign_in, tokenFrom: "header:Authorization" }`,
  rails: `
  login: { path: /users/sign_in, contentType: form, body: { user: { email: "{username}", password: "{password}" } }, tokenFrom: "cookie:_app_session" }
  send: { as: cookie }
  csrf: { from: "meta:csrf-token", field: authenticity_token }`,
  django: `
  login: { path: /accounts/login/, contentType: form, usernameField: username, tokenFrom: "cookie:sessionid" }
  send: { as: cookie }
  csrf: { from: "cookie:csrftoken" }`,
  laravel: `
  login: { path: /login, tokenFrom: "cookie:laravel_session" }
  send: { as: cookie }
  csrf: { from: "cookie:XSRF-TOKEN", page: GET /sanctum/csrf-cookie }`,
  csurf: `
  login: { path: /login, tokenFrom: "cookie:connect.sid" }
  send: { as: cookie }
  csrf: { from: "json:csrfToken", page: GET /csrf-token }`,
  'html-login': `
  login: { path: /login, tokenFrom: "json:token" }`,
};

async function open(shape: Shape, opts: { basePath?: string; apiSuffix?: string; password?: string; username?: string } = {}) {
  server = await startShapeServer(shape, opts.basePath ?? '');
  const text = `project: { name: Shapes }
environments:
  test: { apiUrl: "${server.url}${opts.apiSuffix ?? ''}", allowWrites: true }
auth:${AUTH[shape]}
  roles:
    writer: { tenant: t1, login: { username: "${opts.username ?? 'ada@example.test'}", password: "${opts.password ?? server.password}" } }
`;
  const { config } = parseConfigText(text, INLINE);
  const redactor = new Redactor([server.password]);
  client = new ProbeClient({ timeoutMs: 5000, maxRequests: 100, ratePerSecond: 1000, maxSeconds: 60, credentialOrigins: [server.url], writableOrigins: [server.url], redactor });
  const sessions = new Sessions(config, `${server.url}${opts.apiSuffix ?? ''}`, client, redactor, opts.basePath ?? '');
  return { sessions, client, redactor };
}

const cookieNames = (header: string | undefined) => (header ?? '').split(';').map((c) => c.split('=')[0]?.trim());

async function useSession(shape: Shape, opts: { basePath?: string; apiSuffix?: string } = {}) {
  const { sessions, client: c } = await open(shape, opts);
  const s = await sessions.get('writer');
  if (!s.ok) throw new Error(s.reason);
  const me = await c.sendRaw({ method: 'GET', url: sessions.url('/me'), role: 'writer', purpose: 'me', credentials: s.session.headers });
  const write = await c.sendRaw({ method: 'POST', url: sessions.url('/notes'), headers: { 'content-type': 'application/json' }, body: '{"text":"hello"}', role: 'writer', purpose: 'write', credentials: s.session.headers });
  return { me: me.exchange.response?.status, write: write.exchange.response?.status, session: s.session, notes: server!.notes };
}

describe('sign-in shapes', () => {
  it('RealWorld: a nested login body, the token at json:user.token, sent as "Token …"', async () => {
    const r = await useSession('realworld');
    expect(r.session.headers.authorization).toMatch(/^Token [0-9a-f]{24}$/);
    expect([r.me, r.write]).toEqual([200, 201]);
  });

  it('a token in a response header, sent as Bearer', async () => {
    const r = await useSession('header-token');
    expect(r.session.headers.authorization).toMatch(/^Bearer [0-9a-f]{24}$/);
    expect([r.me, r.write]).toEqual([200, 201]);
  });

  it('Rails: a form login with the meta csrf-token, and the rotated token sent on writes', async () => {
    const r = await useSession('rails');
    expect(cookieNames(r.session.headers.cookie)).toContain('_app_session');
    expect([r.me, r.write]).toEqual([200, 201]);
    expect(r.notes).toEqual(['hello']);
  });

  it('Django: the csrftoken cookie echoed in X-CSRFToken, rotated at login', async () => {
    const r = await useSession('django');
    expect(cookieNames(r.session.headers.cookie)).toEqual(expect.arrayContaining(['sessionid', 'csrftoken']));
    expect(r.session.headers['X-CSRFToken']).toBeDefined();
    expect([r.me, r.write]).toEqual([200, 201]);
  });

  it('Laravel: XSRF-TOKEN from /sanctum/csrf-cookie, URL-decoded into X-XSRF-TOKEN', async () => {
    const r = await useSession('laravel');
    expect(r.session.headers['X-XSRF-TOKEN']).toMatch(/[+/=]/);
    expect([r.me, r.write]).toEqual([200, 201]);
  });

  it('Express csurf: the token from a JSON route, bound to the _csrf cookie', async () => {
    const r = await useSession('csurf');
    expect(cookieNames(r.session.headers.cookie)).toContain('_csrf');
    expect([r.me, r.write]).toEqual([200, 201]);
  });

  it('applies the base path once, whether or not the apiUrl already has it', async () => {
    const a = await useSession('realworld', { basePath: '/api' });
    expect([a.me, a.write]).toEqual([200, 201]);
    await server!.close();
    await client!.close();
    const b = await useSession('realworld', { basePath: '/api', apiSuffix: '/api' });
    expect([b.me, b.write]).toEqual([200, 201]);
  });
});

describe('a failed login says what came back', () => {
  it('the status and the body of a refusal', async () => {
    const { sessions } = await open('realworld', { password: 'not-the-password' });
    const s = await sessions.get('writer');
    expect(s.ok).toBe(false);
    expect(!s.ok && s.reason).toMatch(/^login of writer failed: 422 with body \{"errors":\{"email or password":\["is invalid"\]\}\} \(check auth\.login\.path, auth\.login\.body/);
  });

  it('where the token was expected, and the keys the body had', async () => {
    server = await startShapeServer('realworld');
    const text = `project: { name: Shapes }
environments: { test: { apiUrl: "${server.url}" } }
auth:
  login: { path: /users/login, body: { user: { email: "{username}", password: "{password}" } }, tokenFrom: "json:data.accessToken" }
  roles: { writer: { tenant: t1, login: { username: ada@example.test, password: "${server.password}" } } }
`;
    const { config } = parseConfigText(text, INLINE);
    const redactor = new Redactor([server.password]);
    client = new ProbeClient({ timeoutMs: 5000, maxRequests: 10, ratePerSecond: 1000, maxSeconds: 60, credentialOrigins: [server.url], writableOrigins: [], redactor });
    const s = await new Sessions(config, server.url, client, redactor).get('writer');
    expect(!s.ok && s.reason).toBe('login of writer failed: 200 but no token at json:data.accessToken; the body had keys user, user.email, user.username, user.token, user.bio (check auth.login.tokenFrom and auth.send)');
  });

  it('an HTML page where the API was expected', async () => {
    const { sessions } = await open('html-login');
    const s = await sessions.get('writer');
    expect(!s.ok && s.reason).toMatch(/^login of writer failed: an HTML page \(200\): is auth\.login\.path the API's login route/);
  });

  it('a CSRF refusal, when the token is not configured', async () => {
    server = await startShapeServer('django');
    const text = `project: { name: Shapes }
environments: { test: { apiUrl: "${server.url}" } }
auth:
  login: { path: /accounts/login/, contentType: form, usernameField: username, tokenFrom: "cookie:sessionid" }
  send: { as: cookie }
  roles: { writer: { tenant: t1, login: { username: ada, password: "${server.password}" } } }
`;
    const { config } = parseConfigText(text, INLINE);
    const redactor = new Redactor([server.password]);
    client = new ProbeClient({ timeoutMs: 5000, maxRequests: 10, ratePerSecond: 1000, maxSeconds: 60, credentialOrigins: [server.url], writableOrigins: [], redactor });
    const s = await new Sessions(config, server.url, client, redactor).get('writer');
    expect(!s.ok && s.reason).toBe('login of writer failed: an HTML page (403)');
  });
});
