// Control target: a login that reads a form-encoded body and answers 500 to
// the JSON the probes send (`req.body.email` of undefined), while the roles
// sign in with ready-made tokens. A burst of 500s is no evidence of a missing
// rate limit, and two 500s are no evidence of uniform answers.
import { randomBytes } from 'node:crypto';
import { Accounts, LOGIN_PATHS } from '../accounts.js';
import { openapi, startApp, targetYml } from '../support.js';

export async function startLogin500() {
  const accounts = new Accounts();
  const token = randomBytes(24).toString('base64url');
  accounts.sessions.set(token, accounts.users.member);
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      if (!String(req.headers['content-type']).includes('x-www-form-urlencoded')) throw new TypeError("Cannot read properties of undefined (reading 'email')");
      return accounts.login(req);
    }
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('login-500', LOGIN_PATHS);
  const yml = targetYml({
    name: `Login 500`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  flows: { rateLimitBurst: 10 }
  roles:
    member: { tenant: acme, token: "${token}" }`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [member] }'],
  });
  return { app, spec, yml, accounts };
}
