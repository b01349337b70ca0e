// Abuse target for flows as templates: a password change at
// PUT /users/v1/{username}/password with { old_password, new_password }, and
// an anonymous signup at POST /users/v1/register with { username, email,
// password }: shapes no guess produces, so the config gives them. The
// vulnerable twin keeps old sessions after a password change, copies `admin`
// and `role` from the signup body, and does not limit signups; the hardened
// twin ends sessions, ignores both, and allows 3 signups and 5 failed logins
// per client.
import { randomBytes } from 'node:crypto';
import { Accounts, LOGIN_PATHS, rolesYml, type Account } from '../accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml } from '../support.js';

type User = Account & { username: string; admin: boolean };

export async function startTemplatedFlows(mode: 'vulnerable' | 'hardened') {
  const accounts = new Accounts();
  const users = new Map<string, User>();
  for (const u of Object.values(accounts.users)) users.set(u.email, Object.assign(u, { username: u.email.split('@')[0]!, admin: u.role === 'admin' }));
  const signups = new Map<string, number>();
  const failedLogins = new Map<string, number>();
  const me = (u: User) => ({ status: 200, body: { user: { id: u.id, username: u.username, email: u.email, role: u.role, admin: u.admin } } });
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      if (mode === 'hardened' && (failedLogins.get(req.ip) ?? 0) >= 5) return { status: 429, body: { error: 'Too many attempts' } };
      const u = users.get(String(req.body?.email));
      if (!u || u.password !== req.body?.password) {
        failedLogins.set(req.ip, (failedLogins.get(req.ip) ?? 0) + 1);
        return { status: 401, body: { error: 'Invalid email or password' } };
      }
      return { status: 200, body: { token: accounts.open(u) } };
    }
    if (req.method === 'POST' && req.path === '/users/v1/register') {
      if (mode === 'hardened' && (signups.get(req.ip) ?? 0) >= 3) return { status: 429, body: { error: 'Too many signups' } };
      signups.set(req.ip, (signups.get(req.ip) ?? 0) + 1);
      const { username, email, password } = req.body ?? {};
      if (typeof username !== 'string' || typeof email !== 'string' || typeof password !== 'string') return { status: 400, body: { error: 'username, email and password are required' } };
      if (users.has(email)) return { status: 409, body: { error: 'email already registered' } };
      const u: User = { id: `u${users.size + 1}-${randomBytes(3).toString('hex')}`, email, username, password, role: 'member', admin: false };
      if (mode === 'vulnerable') Object.assign(u, 'role' in req.body! ? { role: req.body!.role } : {}, 'admin' in req.body! ? { admin: req.body!.admin } : {});
      users.set(email, u);
      return { status: 201, body: { message: 'registered', username } };
    }
    const u = accounts.caller(req) as User | undefined;
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return me(u);
    // The admin's user list and delete: how the probes remove the accounts they signed up.
    if (req.method === 'GET' && req.path === '/admin/users') return u.role === 'admin' ? { status: 200, body: [...users.values()].map(({ id, email, username }) => ({ id, email, username })) } : { status: 403, body: { error: 'admins only' } };
    const d = /^\/admin\/users\/([^/]+)$/.exec(req.path);
    if (req.method === 'DELETE' && d) {
      if (u.role !== 'admin') return { status: 403, body: { error: 'admins only' } };
      const victim = [...users.values()].find((x) => x.id === decodeURIComponent(d[1]!));
      if (!victim) return { status: 404, body: { error: 'not found' } };
      users.delete(victim.email);
      return { status: 204 };
    }
    const m = /^\/users\/v1\/([^/]+)\/password$/.exec(req.path);
    if (req.method === 'PUT' && m) {
      // VAmPI's unauthorized password change: the vulnerable twin changes whichever user the path names, with that user's old password unchecked.
      const named = [...users.values()].find((x) => x.username === decodeURIComponent(m[1]!));
      if (!named || (mode === 'hardened' && named !== u)) return { status: 403, body: { error: 'not your account' } };
      if ((named === u && req.body?.old_password !== u.password) || typeof req.body?.new_password !== 'string') return { status: 400, body: { error: 'old_password and new_password are required' } };
      named.password = req.body.new_password;
      if (mode === 'hardened') for (const [t, s] of accounts.sessions) if (s === named) accounts.sessions.delete(t);
      return { status: 204 };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi(`templated-${mode}`, {
    ...LOGIN_PATHS,
    '/users/v1/register': { post: { security: [], requestBody: jsonBody({ username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' } }), responses: ok } },
    '/users/v1/{username}/password': { put: { parameters: [{ name: 'username', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
    '/admin/users': { get: { responses: ok } },
    '/admin/users/{id}': { delete: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
  });
  const configured = Object.fromEntries(Object.values(accounts.users).map((u) => [u.email, u.password]));
  const yml = targetYml({
    name: `Templated ${mode}`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  # Each user owns their own account: the password change of another user is a cross-owner write.
  tenantBy: user
  flows:
    passwordChange: { operation: "PUT /users/v1/{username}/password", body: { old_password: "{password}", new_password: "{newPassword}" } }
    signup: { operation: "POST /users/v1/register", body: { username: "{username}", email: "{email}", password: "{password}" } }
    rateLimitBurst: 10
  roles:
${rolesYml(accounts)}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "POST /users/v1/register", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [admin, member] }', '{ operation: "PUT /users/v1/{username}/password", allow: [admin, member] }', '{ operation: "GET /admin/users", allow: [admin] }', '{ operation: "DELETE /admin/users/{id}", allow: [admin] }'],
  });
  /** Whether every configured user's password is what the config says (the probes put back what they changed). */
  const passwordsIntact = () => Object.entries(configured).every(([email, pw]) => users.get(email)?.password === pw);
  return { app, spec, yml, users, passwordsIntact };
}
