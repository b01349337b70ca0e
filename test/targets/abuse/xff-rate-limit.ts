// Abuse target: a login limited to 5 failed attempts per client, where the
// vulnerable twin takes the client from X-Forwarded-For (any caller can send
// it, so rotating it resets the count) and the hardened twin from the socket
// address. rate-limit-bypassable must fail on the first and pass on the second.
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { openapi, startApp, targetYml } from '../support.js';

const LIMIT = 5;

export async function startXffRateLimit(mode: 'vulnerable' | 'hardened') {
  const accounts = new Accounts();
  const failures = new Map<string, number>();
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',')[0]?.trim();
      const client = mode === 'vulnerable' && forwarded ? forwarded : req.ip;
      if ((failures.get(client) ?? 0) >= LIMIT) return { status: 429, body: { error: 'Too many attempts' }, headers: { 'retry-after': '60' } };
      const res = accounts.login(req);
      if (res.status !== 200) failures.set(client, (failures.get(client) ?? 0) + 1);
      return res;
    }
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi(`xff-${mode}`, LOGIN_PATHS);
  const yml = targetYml({
    name: `XFF ${mode}`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  flows: { rateLimitBurst: 10 }
  roles:
${rolesYml(accounts, ['member'])}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [member] }'],
  });
  return { app, spec, yml };
}
