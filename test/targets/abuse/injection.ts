// Abuse target for injection-shaped input, on a real SQLite database: the
// vulnerable twin builds its item queries by pasting the id and the search
// text into SQL and answers errors with their message and stack; the
// hardened twin binds parameters, checks the body's types and answers
// errors with a plain 400/500.
import Database from 'better-sqlite3';
import { Accounts, LOGIN_PATHS, rolesYml } from '../accounts.js';
import { jsonBody, ok, openapi, startApp, targetYml, type Req, type Res } from '../support.js';

export async function startInjection(mode: 'vulnerable' | 'hardened') {
  const accounts = new Accounts();
  const db = new Database(':memory:');
  db.exec("CREATE TABLE items (id TEXT PRIMARY KEY, name TEXT NOT NULL); INSERT INTO items VALUES ('i1', 'Quarterly report'), ('i2', 'Supplier list');");
  let seq = 2;
  const vulnerable = mode === 'vulnerable';
  const handle = (req: Req): Res => {
    if (req.method === 'POST' && req.path === '/api/auth/login') return accounts.login(req);
    const u = accounts.caller(req);
    if (!u) return { status: 401, body: { error: 'authentication required' } };
    if (req.method === 'GET' && req.path === '/api/me') return accounts.me(u);
    if (req.method === 'GET' && req.path === '/api/items') {
      const text = req.query.get('q') ?? '';
      const rows = vulnerable ? db.prepare(`SELECT * FROM items WHERE name LIKE '%${text}%'`).all() : db.prepare('SELECT * FROM items WHERE name LIKE ?').all(`%${text}%`);
      return { status: 200, body: { items: rows } };
    }
    const m = /^\/api\/items\/([^/]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const id = decodeURIComponent(m[1]!);
      const row = vulnerable ? db.prepare(`SELECT * FROM items WHERE id = '${id}'`).get() : db.prepare('SELECT * FROM items WHERE id = ?').get(id);
      return row ? { status: 200, body: row } : { status: 404, body: { error: 'not found' } };
    }
    if (req.method === 'POST' && req.path === '/api/items') {
      const name = req.body?.name as string;
      if (!vulnerable && (typeof name !== 'string' || name.length === 0 || name.length > 200)) return { status: 400, body: { error: 'name must be a short string' } };
      const id = `i${++seq}`;
      db.prepare('INSERT INTO items (id, name) VALUES (?, ?)').run(id, name.trim());
      return { status: 201, body: { id, name } };
    }
    return { status: 404, body: { error: 'not found' } };
  };
  const app = await startApp((req) => {
    if (!vulnerable && req.raw.length > 100_000) return { status: 413, body: { error: 'too large' } };
    if (req.method !== 'GET' && req.raw && req.body === undefined) return { status: vulnerable ? 500 : 400, body: { error: 'invalid body' } };
    try {
      return handle(req);
    } catch (err) {
      return vulnerable ? { status: 500, body: { error: (err as Error).message, code: (err as { code?: string }).code, stack: (err as Error).stack } } : { status: 500, body: { error: 'Internal Server Error' } };
    }
  });
  const spec = openapi(`injection-${mode}`, {
    ...LOGIN_PATHS,
    '/api/items': { get: { responses: ok }, post: { requestBody: jsonBody({ name: { type: 'string', maxLength: 200 } }, ['name']), responses: ok } },
    '/api/items/{id}': { get: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: ok } },
  });
  const yml = targetYml({
    name: `Injection ${mode}`,
    url: app.url,
    allowWrites: true,
    auth: `
  login: { path: /api/auth/login }
  roles:
${rolesYml(accounts)}`,
    policy: ['{ operation: "POST /api/auth/login", allow: [anonymous] }', '{ operation: "* /api/*", allow: [admin, member] }'],
  });
  return {
    app: { ...app, close: async () => (await app.close(), db.close()) },
    spec,
    yml,
  };
}
