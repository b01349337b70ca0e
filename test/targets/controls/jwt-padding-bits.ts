// Control target: HS256 JWTs verified properly (jose, a random 32-byte key),
// minted so that the signature's last base64url character is A or B. Those
// two differ only in padding bits that no decoder reads, so swapping them
// yields the same signature: a "tampered" token made that way is the real
// token, and accepting it is no finding.
import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { Accounts, LOGIN_PATHS, rolesYml, type Account } from '../accounts.js';
import { ok, openapi, startApp, targetYml } from '../support.js';

export async function startJwtPaddingBits() {
  const accounts = new Accounts();
  const key = randomBytes(32);
  const mint = async (u: Account) => {
    for (let n = 0; ; n++) {
      const token = await new SignJWT({ sub: u.id, role: u.role, n }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().sign(key);
      if (/[AB]$/.test(token)) return token;
    }
  };
  const app = await startApp(async (req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') {
      const u = accounts.byEmail(req.body?.email);
      if (!u || u.password !== req.body?.password) return { status: 401, body: { error: 'Invalid email or password' } };
      return { status: 200, body: { token: await mint(u) } };
    }
    const token = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const claims = token ? await jwtVerify(token, key, { algorithms: ['HS256'] }).then((r) => r.payload, () => undefined) : undefined;
    const u = Object.values(accounts.users).find((x) => x.id === claims?.sub);
    if (!u) return { status: 401, body: { error: 'invalid or missing token' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'GET' && req.path === '/api/notes') return { status: 200, body: [{ id: 'n1', text: `notes of ${u.email}` }] };
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('jwt-padding-bits', { ...LOGIN_PATHS, '/api/notes': { get: { responses: ok } } });
  const yml = targetYml({
    name: `JWT Padding`,
    url: app.url,
    allowWrites: false,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts, ['member'])}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/*", allow: [member] }'],
  });
  return { app, spec, yml, accounts };
}
