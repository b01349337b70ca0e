// "TinyOps": a test target in the shape of the critic's tinyops app (issue
// 10, critic #1 and #8): bearer tokens from POST /api/login, roles owner,
// staff and viewer in one tenant and an owner of another, and no API
// document. Its page's script is the only place that names API calls, and it
// names no invoice list and no project create: audited with only the app URL
// (the config `init` drafts), the operations come from the page.
//
// Planted in `vulnerable` mode only: (1) the viewer may DELETE
// /api/projects/{id}; (2) another tenant's user reads GET /api/invoices/{id}.
// With `invoiceList: false` the app has no GET /api/invoices at all (invoices
// are reached from links only), so no invoice id can be found anywhere.
import { randomBytes } from 'node:crypto';
import { bearer, startApp, type Res } from './support.js';

export type Mode = 'vulnerable' | 'hardened';
type Role = 'owner' | 'staff' | 'viewer';
interface User {
  id: number;
  email: string;
  password: string;
  role: Role;
  tenant: string;
}

export interface TinyOps {
  url: string;
  users: Record<'owner' | 'staff' | 'viewer' | 'outsider', User>;
  close(): Promise<void>;
}

const PAGE = '<!doctype html><html><head><title>TinyOps</title></head><body><div id="app"></div><script src="/app.js"></script></body></html>';
const SCRIPT = `
async function login(e,p){const r=await fetch('/api/login',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({email:e,password:p})});return (await r.json()).token}
async function load(t){const h={authorization:'Bearer '+t};
 const me=await (await fetch('/api/me',{headers:h})).json();
 const ps=await (await fetch('/api/projects',{headers:h})).json();
 document.getElementById('app').textContent=me.email+' '+ps.length;}
async function del(t,id){await fetch('/api/projects/'+id,{method:'DELETE',headers:{authorization:'Bearer '+t}})}
async function inv(t,id){return (await fetch('/api/invoices/'+id,{headers:{authorization:'Bearer '+t}})).json()}
window.tinyops={login,load,del,inv};`;

export async function startTinyOps(mode: Mode, opts: { invoiceList?: boolean } = {}): Promise<TinyOps> {
  const pw = () => randomBytes(9).toString('base64url');
  const users = {
    owner: { id: 1, email: 'owner@acme.test', password: pw(), role: 'owner', tenant: 'acme' },
    staff: { id: 2, email: 'staff@acme.test', password: pw(), role: 'staff', tenant: 'acme' },
    viewer: { id: 3, email: 'viewer@acme.test', password: pw(), role: 'viewer', tenant: 'acme' },
    outsider: { id: 4, email: 'owner@globex.test', password: pw(), role: 'owner', tenant: 'globex' },
  } satisfies Record<string, User>;
  let nextId = 100;
  const projects = new Map<number, { id: number; tenant: string; name: string }>();
  const invoices = new Map<number, { id: number; tenant: string; amount: number }>();
  for (const tenant of ['acme', 'globex']) {
    for (let i = 0; i < 3; i++) {
      const p = { id: nextId++, tenant, name: `${tenant} project ${i}` };
      projects.set(p.id, p);
      const inv = { id: nextId++, tenant, amount: 100 * (i + 1) };
      invoices.set(inv.id, inv);
    }
  }
  const sessions = new Map<string, User>();
  const forbidden: Res = { status: 403, body: { error: 'forbidden' } };
  const notFound: Res = { status: 404, body: { error: 'not found' } };

  const app = await startApp((req): Res => {
    const { method, path } = req;
    if (method === 'GET' && path === '/') return { status: 200, body: PAGE };
    if (method === 'GET' && path === '/app.js') return { status: 200, body: SCRIPT, headers: { 'content-type': 'text/javascript' } };
    if (method === 'GET' && path === '/health') return { status: 200, body: { ok: true } };
    if (method === 'POST' && path === '/api/login') {
      const u = Object.values(users).find((x) => x.email === req.body?.email && x.password === req.body?.password);
      if (!u) return { status: 401, body: { error: 'invalid credentials' } };
      const token = randomBytes(24).toString('hex');
      sessions.set(token, u);
      return { status: 200, body: { token } };
    }
    const me = sessions.get(bearer(req) ?? '');
    if (!me) return { status: 401, body: { error: 'unauthorized' } };
    const may = (...roles: Role[]) => roles.includes(me.role);
    if (method === 'GET' && path === '/api/me') return { status: 200, body: { id: me.id, email: me.email, role: me.role, tenant: me.tenant } };
    if (path === '/api/projects') {
      if (method === 'GET') return { status: 200, body: [...projects.values()].filter((p) => p.tenant === me.tenant) };
      if (method === 'POST') {
        if (!may('owner', 'staff')) return forbidden;
        const p = { id: nextId++, tenant: me.tenant, name: String(req.body?.name ?? 'untitled') };
        projects.set(p.id, p);
        return { status: 201, body: p };
      }
    }
    const project = /^\/api\/projects\/(\d+)$/.exec(path);
    if (project) {
      const p = projects.get(Number(project[1]));
      if (method === 'GET') return p && p.tenant === me.tenant ? { status: 200, body: p } : notFound;
      if (method === 'DELETE') {
        if (mode === 'hardened' && !may('owner')) return forbidden;
        if (!p || p.tenant !== me.tenant) return notFound;
        projects.delete(p.id);
        return { status: 204 };
      }
    }
    if (method === 'GET' && path === '/api/invoices' && opts.invoiceList !== false) return may('owner', 'staff') ? { status: 200, body: [...invoices.values()].filter((i) => i.tenant === me.tenant) } : forbidden;
    const invoice = /^\/api\/invoices\/(\d+)$/.exec(path);
    if (method === 'GET' && invoice) {
      if (!may('owner', 'staff')) return forbidden;
      const i = invoices.get(Number(invoice[1]));
      return i && (mode === 'vulnerable' || i.tenant === me.tenant) ? { status: 200, body: i } : notFound;
    }
    return notFound;
  });
  return { url: app.url, users, close: () => app.close() };
}

/** The config `init` drafts for TinyOps with only its URL: roles, no document, no policy lines; passwords inline. */
export function tinyOpsConfig(t: Pick<TinyOps, 'url' | 'users'>, allowWrites: boolean): string {
  const role = (name: keyof TinyOps['users'], tenant: string) => `    ${name}: { tenant: ${tenant}, login: { username: "${t.users[name].email}", password: "${t.users[name].password}" } }\n`;
  return `version: 1
project: { name: tinyops, stage: first-customers, productType: internal-tool }
repo: { path: "." }
environments:
  production: { appUrl: "${t.url}", envFiles: [], allowWrites: ${allowWrites} }
api: { target: production, healthPath: /health }
auth:
  login: { method: POST, path: /api/login, usernameField: email, passwordField: password, tokenFrom: "json:token" }
  send: { as: bearer }
  roles:
${role('owner', 'main')}${role('staff', 'main')}${role('viewer', 'main')}${role('outsider', 'other')}
policy: []
monitor: { loginPath: / }
network: { ratePerSecond: 2000, maxRequests: 3000, maxSeconds: 120, timeoutMs: 5000 }
`;
}
