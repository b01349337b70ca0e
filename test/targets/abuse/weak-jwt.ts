// Abuse target: an API whose sessions are HS256 JWTs signed with the key the
// test gives (a common default, the app's name, a key committed to the
// repository, or a strong random one for the hardened twin). The token's
// claims are trusted as they are: sub picks the user, role the permissions.
import { SignJWT, jwtVerify } from 'jose';
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { ok, openapi, startApp, targetYml } from '../support.js';

export const APP_NAME = 'Ledgerly';

export async function startWeakJwt(key: string) {
  const accounts = new Accounts();
  const secret = new TextEncoder().encode(key);
  const app = await startApp(async (req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      const u = accounts.byEmail(req.body?.email);
      if (!u || u.password !== req.body?.password) return { status: 401, body: { error: 'Invalid email or password' } };
      const token = await new SignJWT({ sub: u.id, email: u.email, role: u.role }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().sign(secret);
      return { status: 200, body: { token } };
    }
    const token = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const claims = token ? await jwtVerify(token, secret, { algorithms: ['HS256'] }).then((r) => r.payload, () => undefined) : undefined;
    const u = Object.values(accounts.users).find((x) => x.id === claims?.sub);
    if (!u || !claims) return { status: 401, body: { error: 'invalid or missing token' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'GET' && req.path === '/api/admin/users') {
      if (claims.role !== 'admin') return { status: 403, body: { error: 'admins only' } };
      return { status: 200, body: Object.values(accounts.users).map(({ id, email, role }) => ({ id, email, role })) };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('weak-jwt', { ...LOGIN_PATHS, '/api/admin/users': { get: { responses: ok } } });
  const yml = targetYml({
    name: `${APP_NAME}`,
    url: app.url,
    allowWrites: false,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts)}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/admin/*", allow: [admin] }', '{ operation: "GET /api/*", allow: [admin, member] }'],
  });
  return { app, spec, yml, accounts };
}
