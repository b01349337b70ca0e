// A profile endpoint with mass assignment, the demo's PATCH /api/me in
// small: it copies role and isAdmin from the body onto the caller's own
// record. The record has no isAdmin until a write sets one. Mode `sticky`:
// isAdmin is only ever raised (`if (body.isAdmin) u.isAdmin = true`), as apps
// that grant a flag but never take it back do, so no write can undo it.
// The probe must put back what it set, verify it, and say what it could not.
import { Accounts, LOGIN_PATHS, rolesYml, type Account } from './accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml } from './support.js';

type Profile = Account & { name?: string; isAdmin?: unknown };

export async function startSelfPromotion(mode: 'plain' | 'sticky' = 'plain') {
  const accounts = new Accounts();
  const view = (u: Profile) => ({ id: u.id, email: u.email, role: u.role, ...(u.isAdmin !== undefined ? { isAdmin: u.isAdmin } : {}) });
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    const u = accounts.caller(req) as Profile | undefined;
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return { status: 200, body: view(u) };
    if (req.method === 'GET' && req.path === '/api/admin/users') return u.role === 'admin' ? { status: 200, body: { users: [view(u)] } } : { status: 403, body: { error: 'admins only' } };
    if (req.method === 'PATCH' && req.path === '/api/me') {
      const b = req.body ?? {};
      if (typeof b.name === 'string') u.name = b.name;
      if (b.role === 'admin' || b.role === 'member') u.role = b.role;
      if (mode === 'sticky' ? b.isAdmin === true : 'isAdmin' in b) u.isAdmin = b.isAdmin;
      return { status: 200, body: view(u) };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('self-promotion', { ...LOGIN_PATHS, '/api/me': { get: { responses: ok }, patch: { requestBody: jsonBody({ name: { type: 'string' } }), responses: ok } }, '/api/admin/users': { get: { responses: ok } } });
  const yml = targetYml({
    name: 'Self Promotion',
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts)}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [admin, member] }', '{ operation: "PATCH /api/me", allow: [admin, member] }', '{ operation: "GET /api/admin/users", allow: [admin] }'],
  });
  return { app, accounts, spec, yml, member: accounts.users.member as Profile };
}
