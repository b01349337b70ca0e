// The benchmark's second target: the same generated API as the mini API
// (same spec, users, routes, answers), built the way a small SaaS backend is
// built — Express 5 with its JSON body parser and error handler, sessions and
// rows in SQLite (better-sqlite3, WAL, a file in a temp folder), one
// prepared statement per query. The mini API (node:http and in-memory maps)
// is the engine's worst case; this one is a typical case. Passwords are
// compared as SHA-256 digests, not with a slow KDF: a real app's scrypt or
// bcrypt would add ~50 ms of server CPU per login and flatter the engine.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import express, { type NextFunction, type Request, type Response } from 'express';
import { buildSpec, isRoute, seedUsers, tapRequest, type MiniApi, type RecordedRequest } from '../../test/helpers/mini-api.js';

const BODY_LIMIT = 200_000;

interface SessionRow {
  email: string;
  role: string;
  tenant: string;
}
interface ItemRow {
  id: number;
  tenant: string;
  name: string;
  amount: number;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function startRealisticApi(opts: { resources: number }): Promise<Omit<MiniApi, 'probeObjectsLeft'>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lr-bench-db-'));
  const db = new Database(path.join(dir, 'app.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE users (email TEXT PRIMARY KEY, role TEXT NOT NULL, tenant TEXT NOT NULL, password_hash BLOB NOT NULL);
    CREATE TABLE sessions (token TEXT PRIMARY KEY, email TEXT NOT NULL REFERENCES users(email));
    CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, resource TEXT NOT NULL, tenant TEXT NOT NULL, name TEXT NOT NULL, amount REAL NOT NULL);
    CREATE INDEX items_by_tenant ON items (resource, tenant);
  `);
  const users = seedUsers();
  const q = {
    user: db.prepare<[string], { role: string; tenant: string; password_hash: Buffer }>('SELECT role, tenant, password_hash FROM users WHERE email = ?'),
    addUser: db.prepare('INSERT INTO users (email, role, tenant, password_hash) VALUES (?, ?, ?, ?)'),
    session: db.prepare<[string], SessionRow>('SELECT u.email, u.role, u.tenant FROM sessions s JOIN users u ON u.email = s.email WHERE s.token = ?'),
    addSession: db.prepare('INSERT INTO sessions (token, email) VALUES (?, ?)'),
    endSession: db.prepare('DELETE FROM sessions WHERE token = ?'),
    list: db.prepare<[string, string], ItemRow>('SELECT id, tenant, name, amount FROM items WHERE resource = ? AND tenant = ? ORDER BY id'),
    item: db.prepare<[string, string], ItemRow>('SELECT id, tenant, name, amount FROM items WHERE resource = ? AND id = ?'),
    add: db.prepare<[string, string, string, number], ItemRow>('INSERT INTO items (resource, tenant, name, amount) VALUES (?, ?, ?, ?) RETURNING id, tenant, name, amount'),
    update: db.prepare<[string, number, number], ItemRow>('UPDATE items SET name = ?, amount = ? WHERE id = ? RETURNING id, tenant, name, amount'),
    remove: db.prepare('DELETE FROM items WHERE id = ?'),
  };
  db.transaction(() => {
    for (const u of Object.values(users)) q.addUser.run(u.email, u.role, u.tenantId, digest(u.password));
    for (let r = 0; r < opts.resources; r++) for (const tenant of ['acme', 'globex']) for (let i = 0; i < 2; i++) q.add.get(`r${r}`, tenant, `${tenant} item ${i}`, 100);
  })();
  const out = (row: ItemRow) => ({ id: String(row.id), tenantId: row.tenant, name: row.name, amount: row.amount });

  const app = express();
  app.disable('x-powered-by');
  // A body that is not JSON gets 415, as in the mini API; express.json() would skip it silently.
  app.use((req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > 0 && !(req.headers['content-type'] ?? '').includes('json')) return void res.status(415).json({ error: 'json only' });
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: true }));
  app.post('/api/auth/login', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const row = typeof body.email === 'string' ? q.user.get(body.email) : undefined;
    if (!row || typeof body.password !== 'string' || !timingSafeEqual(row.password_hash, digest(body.password))) return void res.status(401).json({ error: 'Invalid email or password' });
    const token = randomBytes(24).toString('base64url');
    q.addSession.run(token, body.email);
    res.json({ token });
  });
  app.use((req, res, next) => (isRoute(req.path.replace(/\/+$/, '') || '/', opts.resources) ? next() : void res.status(404).json({ error: 'not found' })));
  app.use((req, res, next) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? q.session.get(token) : undefined;
    if (!user) return void res.status(401).json({ error: 'authentication required' });
    res.locals.user = user;
    res.locals.token = token;
    next();
  });
  const userOf = (res: Response) => res.locals.user as SessionRow;
  app.post('/api/auth/logout', (_req, res) => {
    q.endSession.run(res.locals.token as string);
    res.status(204).end();
  });
  app.get('/api/me', (_req, res) => {
    const u = userOf(res);
    res.json({ email: u.email, role: u.role, tenantId: u.tenant });
  });
  // Role rules of the mini API: viewers never write, only owners delete.
  const mayWrite = (req: Request, res: Response, next: NextFunction) => {
    const { role } = userOf(res);
    if (req.method !== 'GET' && role === 'viewer') return void res.status(403).json({ error: 'forbidden' });
    if (req.method === 'DELETE' && role !== 'owner') return void res.status(403).json({ error: 'forbidden' });
    next();
  };
  const validName = (v: unknown) => typeof v === 'string' && v.length <= 200;
  app
    .route('/api/:resource')
    .all((req, res, next) => (/^r\d+$/.test(req.params.resource ?? '') ? mayWrite(req, res, next) : next('route')))
    .get((req, res) => void res.json({ items: q.list.all(req.params.resource, userOf(res).tenant).map(out) }))
    .post((req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!validName(body.name)) return void res.status(400).json({ error: 'name must be a short string' });
      if (body.amount !== undefined && typeof body.amount !== 'number') return void res.status(400).json({ error: 'amount must be a number' });
      const row = q.add.get(req.params.resource, userOf(res).tenant, body.name as string, typeof body.amount === 'number' ? body.amount : 0)!;
      res.status(201).json(out(row));
    })
    .all((_req, res) => void res.status(405).json({ error: 'method not allowed' }));
  app
    .route('/api/:resource/:id')
    .all((req, res, next) => {
      if (!/^r\d+$/.test(req.params.resource ?? '')) return next('route');
      const row = q.item.get(req.params.resource, req.params.id);
      if (!row || row.tenant !== userOf(res).tenant) return void res.status(404).json({ error: 'not found' });
      res.locals.row = row;
      mayWrite(req, res, next);
    })
    .get((_req, res) => void res.json(out(res.locals.row as ItemRow)))
    .patch((req, res) => {
      const row = res.locals.row as ItemRow;
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.name !== undefined && !validName(body.name)) return void res.status(400).json({ error: 'name must be a short string' });
      if (body.amount !== undefined && typeof body.amount !== 'number') return void res.status(400).json({ error: 'amount must be a number' });
      res.json(out(q.update.get(typeof body.name === 'string' ? body.name : row.name, typeof body.amount === 'number' ? body.amount : row.amount, row.id)!));
    })
    .delete((_req, res) => {
      q.remove.run((res.locals.row as ItemRow).id);
      res.status(204).end();
    })
    .all((_req, res) => void res.status(405).json({ error: 'method not allowed' }));
  app.use((_req, res) => void res.status(404).json({ error: 'not found' }));
  // Express's own handler answers parser errors (bad JSON 400, too large 413) in HTML; this app answers JSON.
  app.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    res.status(status).json({ error: status === 413 ? 'too large' : status === 500 ? 'internal error' : 'bad request' });
  });

  const api: Omit<MiniApi, 'probeObjectsLeft'> = {
    url: '',
    spec: buildSpec(opts.resources),
    passwords: Object.fromEntries(Object.entries(users).map(([k, u]) => [k, u.password])),
    requests: 0,
    recording: undefined as RecordedRequest[] | undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const server = http.createServer((req, res) => {
    api.requests++;
    if (api.recording) tapRequest(req, api.recording);
    app(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
