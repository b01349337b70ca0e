// Abuse target: a login that tells existing accounts apart in one way per
// mode: `nested` answers 200 to both with the status inside the body
// ({"code": 404, "message": "No account for that email"} vs {"code": 401, …}),
// `status` answers 404 vs 422, `headers` adds a header for unknown accounts
// only; `uniform` is the hardened twin, one answer for both.
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { openapi, startApp, targetYml, type Res } from '../support.js';

export type EnumerationMode = 'nested' | 'status' | 'headers' | 'uniform';

export async function startEnumeration(mode: EnumerationMode) {
  const accounts = new Accounts();
  const refuse = (known: boolean): Res => {
    switch (mode) {
      case 'nested':
        return { status: 200, body: known ? { status: 'error', code: 401, message: 'Wrong password' } : { status: 'error', code: 404, message: 'No account for that email' } };
      case 'status':
        return known ? { status: 422, body: { error: 'invalid credentials' } } : { status: 404, body: { error: 'invalid credentials' } };
      case 'headers':
        return { status: 401, body: { error: 'invalid credentials' }, headers: known ? {} : { 'x-auth-result': 'no-such-user' } };
      default:
        return { status: 401, body: { error: 'invalid credentials' } };
    }
  };
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      const u = accounts.byEmail(req.body?.email);
      if (!u || u.password !== req.body?.password) return refuse(u !== undefined);
      return { status: 200, body: { token: accounts.open(u) } };
    }
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi(`enumeration-${mode}`, LOGIN_PATHS);
  const yml = targetYml({
    name: `Enumeration ${mode}`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts, ['member'])}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [member] }'],
  });
  return { app, spec, yml };
}
