// A target whose registration honours a privilege property (issue 11: VAmPI's
// `POST /users/v1/register` took `"admin": true`). Its shape is the one real
// apps have and the config does not spell out: auth.flows names no signup
// (the route is found in the document), the body is wrapped
// ({"account": {…}}) and documents `is_staff` (a name of the app's own, not
// one of the usual role/admin/isAdmin), and the new account's own record
// does not show its privileges, so only a staff-only read shows the escalation.
// The vulnerable twin copies `is_staff` from the body; the hardened twin
// ignores it. Staff may list and delete accounts, which is how the probe
// removes the accounts it made.
import { randomBytes } from 'node:crypto';
import { Accounts, LOGIN_PATHS, rolesYml, type Account } from './accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml } from './support.js';

type Member = Account & { username: string; staff: boolean };

export async function startSignupPrivilege(mode: 'vulnerable' | 'hardened') {
  const accounts = new Accounts();
  const members = new Map<string, Member>();
  for (const u of Object.values(accounts.users)) members.set(u.email, Object.assign(u, { username: u.email.split('@')[0]!, staff: u.role === 'admin' }));
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      const m = members.get(String(req.body?.email));
      return m && m.password === req.body?.password ? { status: 200, body: { token: accounts.open(m) } } : { status: 401, body: { error: 'Invalid email or password' } };
    }
    if (req.method === 'POST' && req.path === '/api/accounts/register') {
      const a = req.body?.account as Record<string, unknown> | undefined;
      if (typeof a?.email !== 'string' || typeof a.username !== 'string' || typeof a.password !== 'string') return { status: 422, body: { errors: { account: ['email, username and password are required'] } } };
      if (members.has(a.email)) return { status: 422, body: { errors: { email: ['has already been taken'] } } };
      const m: Member = { id: `u-${randomBytes(4).toString('hex')}`, email: a.email, username: a.username, password: a.password, role: 'member', staff: mode === 'vulnerable' && a.is_staff === true };
      members.set(m.email, m);
      return { status: 201, body: { account: { id: m.id, email: m.email, username: m.username } } };
    }
    const u = accounts.caller(req) as Member | undefined;
    if (!u) return { status: 401, body: { error: 'sign in first' } };
    if (req.method === 'GET' && req.path === '/api/me') return { status: 200, body: { account: { id: u.id, email: u.email, username: u.username } } };
    if (!u.staff) return { status: 403, body: { error: 'staff only' } };
    if (req.method === 'GET' && req.path === '/api/staff/accounts') return { status: 200, body: [...members.values()].map(({ id, email, username }) => ({ id, email, username })) };
    const d = /^\/api\/staff\/accounts\/([^/]+)$/.exec(req.path);
    if (req.method === 'DELETE' && d) {
      const victim = [...members.values()].find((x) => x.id === decodeURIComponent(d[1]!));
      if (!victim) return { status: 404, body: { error: 'not found' } };
      members.delete(victim.email);
      return { status: 204 };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const account = { type: 'object', properties: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, is_staff: { type: 'boolean', description: 'set by staff tools' } }, required: ['email', 'username', 'password'] };
  const spec = openapi(`signup-privilege-${mode}`, {
    ...LOGIN_PATHS,
    '/api/accounts/register': { post: { security: [], requestBody: jsonBody({ account }, ['account']), responses: ok } },
    '/api/staff/accounts': { get: { responses: ok } },
    '/api/staff/accounts/{id}': { delete: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
  });
  const yml = targetYml({
    name: `Signup privilege ${mode}`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts)}`,
    policy: [
      '{ operation: "POST /api/auth/login", allow: [anonymous] }',
      '{ operation: "POST /api/accounts/register", allow: [anonymous] }',
      '{ operation: "GET /api/me", allow: [admin, member] }',
      '{ operation: "GET /api/staff/accounts", allow: [admin] }',
      '{ operation: "DELETE /api/staff/accounts/{id}", allow: [admin] }',
    ],
  });
  /** Accounts the probes signed up and left behind. */
  const leftovers = () => [...members.keys()].filter((e) => e.startsWith('launchready-probe+'));
  /** Staff accounts other than the configured admin. */
  const staff = () => [...members.values()].filter((m) => m.staff && m.email !== accounts.users.admin.email).map((m) => m.email);
  return { app, spec, yml, leftovers, staff };
}
