// A collection whose list answer is large: one old entry carries a big
// attachment, as a list does once earlier audits have left big objects in it.
// There is no item GET, so a create can only be read back from the list, and
// POST is open to every signed-in role though the policy gives it to admin
// only. Past the general body limit (256 KB) but under the read-back cap
// (2 MB) the list is read whole and the open create is found; past the
// read-back cap the new entry is beyond the cut: the probe cannot see it,
// and must not read that as "refused".
import { Accounts, LOGIN_PATHS, rolesYml } from './accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml } from './support.js';

export async function startOversizedList(attachmentBytes = 5 * 1024 * 1024) {
  const accounts = new Accounts();
  const entries: { id: string; note: string }[] = [{ id: 'e1', note: 'x'.repeat(attachmentBytes) }];
  const app = await startApp((req) => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'GET' && req.path === '/api/entries') return { status: 200, body: entries };
    if (req.method === 'POST' && req.path === '/api/entries') {
      const e = { id: `e${entries.length + 1}`, note: String(req.body?.note ?? '') };
      entries.push(e);
      return { status: 201, body: e };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  const spec = openapi('oversized-list', { ...LOGIN_PATHS, '/api/entries': { get: { responses: ok }, post: { requestBody: jsonBody({ note: { type: 'string' } }, ['note']), responses: ok } } });
  const yml = targetYml({
    name: 'Oversized List',
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts)}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "GET /api/me", allow: [admin, member] }', '{ operation: "GET /api/entries", allow: [admin, member] }', '{ operation: "POST /api/entries", allow: [admin] }'],
  });
  return { app, spec, yml, entries };
}
