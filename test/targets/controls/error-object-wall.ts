// Control target: an API whose authentication wall answers 200 with an error
// object (`{"error": "missing Token in header"}`), and whose admin route
// answers a member 200 `{"success": false, …}`. Status codes alone read both
// as open; the answers' shape says they are refusals.
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { ok, openapi, startApp, targetYml } from '../support.js';

const ITEMS = [
  { id: 'i1', name: 'Quarterly report', owner: 'u1' },
  { id: 'i2', name: 'Supplier list', owner: 'u2' },
];

export async function startErrorObjectWall() {
  const accounts = new Accounts();
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    if (!req.headers.authorization) return { status: 200, body: { error: 'missing Token in header' } };
    const u = accounts.caller(req);
    if (!u) return { status: 200, body: { error: 'invalid token', code: 'UNAUTHORIZED' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'GET' && req.path === '/api/items') return { status: 200, body: { items: ITEMS } };
    const m = /^\/api\/items\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const it = ITEMS.find((i) => i.id === m[1]);
      return it ? { status: 200, body: it } : { status: 404, body: { error: 'not found' } };
    }
    if (req.method === 'GET' && req.path === '/api/admin/users') {
      if (u.role !== 'admin') return { status: 200, body: { success: false, message: 'admins only' } };
      return { status: 200, body: { users: Object.values(accounts.users).map(({ id, email, role }) => ({ id, email, role })) } };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('error-object-wall', {
    ...LOGIN_PATHS,
    '/api/items': { get: { responses: ok } },
    '/api/items/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
    '/api/admin/users': { get: { responses: ok } },
  });
  const yml = targetYml({
    name: `Error Object Wall`,
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
