// Control target: a social-login endpoint that answers 500 to every body (its
// OAuth client is not configured), beside a working login. Request
// validation must say once that it always fails, not that malformed input
// crashes it.
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml } from '../support.js';

export async function startAlwaysFails() {
  const accounts = new Accounts();
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    if (req.method === 'POST' && req.path === '/api/auth/social') throw new Error('OAuth client for provider is not configured');
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('always-fails', {
    ...LOGIN_PATHS,
    '/api/auth/social': { post: { security: [], requestBody: jsonBody({ provider: { type: 'string' }, code: { type: 'string' } }, ['provider', 'code']), responses: ok } },
  });
  const yml = targetYml({
    name: `Always Fails`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts, ['member'])}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "POST /api/auth/social", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [member] }'],
  });
  return { app, spec, yml, accounts };
}
