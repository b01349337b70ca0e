// Control target: a password change that expects { old_password,
// new_password } (undocumented) and answers 200 to any other body without
// changing anything, on an app that never ends sessions. The probes send the
// field names they guess; nothing changes, so "the old session survives" and
// "a weak password is accepted" must not be concluded.
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { ok, openapi, startApp, targetYml } from '../support.js';

export async function startIgnoredPasswordFields() {
  const accounts = new Accounts();
  let changes = 0;
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'POST' && req.path === '/api/me/password') {
      const { old_password: old, new_password: next } = req.body ?? {};
      if (typeof old === 'string' && typeof next === 'string' && old === u.password) {
        u.password = next;
        changes++;
      }
      return { status: 200, body: { message: 'Password updated' } };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('ignored-password-fields', { ...LOGIN_PATHS, '/api/me/password': { post: { responses: ok } } });
  const configured = accounts.users.member.password;
  const yml = targetYml({
    name: `Ignored Fields`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  flows: { passwordChange: POST /api/me/password }
  roles:
${rolesYml(accounts, ['member'])}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [member] }', '{ operation: "POST /api/me/password", allow: [member] }'],
  });
  return { app, spec, yml, accounts, configured, changes: () => changes };
}
