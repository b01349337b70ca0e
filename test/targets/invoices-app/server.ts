// tiny-invoices: the new-user acceptance target (see README.md). An Express
// app with a JSON API under /api and a one-page UI at /, three roles in one
// workspace and an outsider in another, and one planted access bug: DELETE
// /api/invoices/:id checks the workspace but not the role.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { APP_JS, INDEX_HTML } from './ui.js';

export type Role = 'owner' | 'staff' | 'viewer';

export interface User {
  id: number;
  email: string;
  password: string;
  role: Role;
  tenantId: string;
}

export interface Invoice {
  id: number;
  tenantId: string;
  customer: string;
  amount: number;
  currency: string;
  status: 'draft' | 'approved';
  createdBy: number;
}

export interface InvoicesApp {
  url: string;
  /** The four users by the role name launchready's init drafts: owner, staff, viewer, outsider. */
  users: Record<'owner' | 'staff' | 'viewer' | 'outsider', User>;
  invoices: Map<number, Invoice>;
  /** "METHOD /path" → count, for tests that check what was called. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

type Authed = Request & { user?: User };

const secret = () => randomBytes(12).toString('base64url');

export async function startInvoicesApp(): Promise<InvoicesApp> {
  const mk = (id: number, name: string, role: Role, tenantId: string): User => ({ id, email: `${name}@${tenantId}.test`, password: secret(), role, tenantId });
  const users = {
    owner: mk(1, 'alice', 'owner', 'acme'),
    staff: mk(2, 'sam', 'staff', 'acme'),
    viewer: mk(3, 'vic', 'viewer', 'acme'),
    outsider: mk(4, 'olga', 'owner', 'globex'),
  };
  const all = Object.values(users);
  const invoices = new Map<number, Invoice>();
  let nextId = 101;
  const add = (tenantId: string, customer: string, amount: number, createdBy: number) => {
    const inv: Invoice = { id: nextId++, tenantId, customer, amount, currency: 'EUR', status: 'draft', createdBy };
    invoices.set(inv.id, inv);
    return inv;
  };
  add('acme', 'Initech', 1200, 1);
  add('acme', 'Umbrella', 340, 2);
  add('globex', 'Hooli', 990, 4);
  const sessions = new Map<string, User>();
  const hits = new Map<string, number>();

  const app = express();
  app.use(express.json({ limit: '100kb' }));
  app.use((req, _res, next) => {
    const key = `${req.method} ${req.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    next();
  });
  app.get('/', (_req, res) => {
    res.type('html').send(INDEX_HTML);
  });
  app.get('/app.js', (_req, res) => {
    res.type('application/javascript').send(APP_JS);
  });
  app.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  app.post('/api/auth/login', (req, res) => {
    const { email, password } = (req.body ?? {}) as { email?: unknown; password?: unknown };
    const user = all.find((u) => u.email === email && u.password === password);
    if (!user) return void res.status(401).json({ error: 'invalid email or password' });
    const token = randomBytes(24).toString('hex');
    sessions.set(token, user);
    res.json({ token, user: view(user) });
  });

  const auth = (req: Authed, res: Response, next: NextFunction) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = token ? sessions.get(token) : undefined;
    if (!user) return void res.status(401).json({ error: 'sign in first' });
    req.user = user;
    next();
  };
  const only = (...roles: Role[]) => (req: Authed, res: Response, next: NextFunction) => {
    if (!roles.includes(req.user!.role)) return void res.status(403).json({ error: 'not allowed for your role' });
    next();
  };
  const mine = (req: Authed, res: Response): Invoice | undefined => {
    const inv = invoices.get(Number(req.params.id));
    if (!inv || inv.tenantId !== req.user!.tenantId) {
      res.status(404).json({ error: 'no such invoice' });
      return undefined;
    }
    return inv;
  };

  app.post('/api/auth/logout', auth, (req: Authed, res) => {
    for (const [t, u] of sessions) if (u === req.user) sessions.delete(t);
    res.status(204).end();
  });
  app.get('/api/me', auth, (req: Authed, res) => {
    res.json(view(req.user!));
  });
  app.get('/api/members', auth, only('owner'), (req: Authed, res) => {
    res.json(all.filter((u) => u.tenantId === req.user!.tenantId).map(view));
  });
  app.get('/api/invoices', auth, (req: Authed, res) => {
    res.json([...invoices.values()].filter((i) => i.tenantId === req.user!.tenantId));
  });
  app.post('/api/invoices', auth, only('owner', 'staff'), (req: Authed, res) => {
    const b = (req.body ?? {}) as Partial<Invoice>;
    if (typeof b.customer !== 'string' || !b.customer.trim() || typeof b.amount !== 'number' || !(b.amount > 0)) {
      return void res.status(400).json({ error: 'customer (text) and amount (a positive number) are required' });
    }
    const inv = add(req.user!.tenantId, b.customer, b.amount, req.user!.id);
    if (typeof b.currency === 'string') inv.currency = b.currency;
    res.status(201).json(inv);
  });
  app.get('/api/invoices/:id', auth, (req: Authed, res) => {
    const inv = mine(req, res);
    if (inv) res.json(inv);
  });
  app.patch('/api/invoices/:id', auth, only('owner', 'staff'), (req: Authed, res) => {
    const inv = mine(req, res);
    if (!inv) return;
    const b = (req.body ?? {}) as Partial<Invoice>;
    if (typeof b.customer === 'string' && b.customer.trim()) inv.customer = b.customer;
    if (typeof b.amount === 'number' && b.amount > 0) inv.amount = b.amount;
    res.json(inv);
  });
  app.post('/api/invoices/:id/approve', auth, only('owner'), (req: Authed, res) => {
    const inv = mine(req, res);
    if (!inv) return;
    inv.status = 'approved';
    res.json(inv);
  });
  // The planted bug: the workspace is checked, the role is not (should be only('owner', 'staff')).
  app.delete('/api/invoices/:id', auth, (req: Authed, res) => {
    const inv = mine(req, res);
    if (!inv) return;
    invoices.delete(inv.id);
    res.status(204).end();
  });
  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  // Bad JSON and oversize bodies answer 400/413 quietly (Express would print each to stderr).
  app.use((err: { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status && err.status >= 400 && err.status < 500 ? err.status : 500).json({ error: 'bad request' });
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    users,
    invoices,
    hits,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const view = (u: User) => ({ id: u.id, email: u.email, role: u.role, tenantId: u.tenantId });
