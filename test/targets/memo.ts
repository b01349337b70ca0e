// "Memo": a test target in the shape of the critic's docs app (issue 10,
// critic #2): a cookie session from POST /session, no API document (the
// policy lines are the operations), and every denial answered as
// `200 {"ok": false, "error": "not allowed"}`. Two things make a list grow
// between two reads of it without the caller's create landing, as the
// audit's own concurrent throwaway creates did in the critic's run (here
// deterministic, since tests must not depend on timing):
// - GET /api/docs pulls one shared note from the organisation's inbox into
//   the list on every read (sync on read);
// - POST /api/folders by a role that may not create folders is answered
//   `202 {"status": "sent for approval"}` and leaves a placeholder folder
//   (without the requested name) in the list until an owner approves it.
// A create judged by "did the list grow" calls both refused creates open.
//
// Planted in `vulnerable` mode only: the viewer may PATCH /api/docs/{id}
// (the policy gives that to owner and staff).
import { randomBytes, randomUUID } from 'node:crypto';
import { startApp, type Req, type Res } from './support.js';

export type Mode = 'vulnerable' | 'hardened';

interface User {
  email: string;
  password: string;
  role: 'owner' | 'staff' | 'viewer';
  org: string;
}
interface Doc {
  id: string;
  org: string;
  title: string;
  body: string;
}
interface Folder {
  id: string;
  org: string;
  name: string;
  pending?: boolean;
}

export interface Memo {
  url: string;
  users: Record<'owner' | 'staff' | 'viewer' | 'outsider', User>;
  /** Probe objects (docs or folders carrying the marker) still there. */
  probeObjectsLeft(): number;
  close(): Promise<void>;
}

const DENIED: Res = { status: 200, body: { ok: false, error: 'not allowed' } };

export async function startMemo(mode: Mode): Promise<Memo> {
  const pw = () => randomBytes(9).toString('base64url');
  const users = {
    owner: { email: 'owner@memo.test', password: pw(), role: 'owner', org: 'acme' },
    staff: { email: 'staff@memo.test', password: pw(), role: 'staff', org: 'acme' },
    viewer: { email: 'viewer@memo.test', password: pw(), role: 'viewer', org: 'acme' },
    outsider: { email: 'owner@globex.test', password: pw(), role: 'owner', org: 'globex' },
  } satisfies Record<string, User>;
  const docs = new Map<string, Doc>();
  const folders = new Map<string, Folder>();
  const inbox = new Map<string, number>([['acme', 0], ['globex', 0]]);
  for (const org of ['acme', 'globex']) {
    for (let i = 0; i < 2; i++) {
      const d = { id: randomUUID(), org, title: `${org} doc ${i}`, body: 'text' };
      docs.set(d.id, d);
      const f = { id: randomUUID(), org, name: `${org} folder ${i}` };
      folders.set(f.id, f);
    }
  }
  const sessions = new Map<string, User>();
  const sid = (req: Req) => /(?:^|;\s*)sid=([a-f0-9]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
  const may = (u: User, ...roles: User['role'][]) => roles.includes(u.role);

  const app = await startApp((req): Res => {
    const { method, path } = req;
    if (path === '/health') return { status: 200, body: { ok: true } };
    if (path === '/session' && method === 'POST') {
      const u = Object.values(users).find((x) => x.email === req.body?.email && x.password === req.body?.password);
      if (!u) return { status: 401, body: { error: 'invalid' } };
      const s = randomBytes(20).toString('hex');
      sessions.set(s, u);
      return { status: 200, body: { ok: true, user: { role: u.role } }, headers: { 'set-cookie': `sid=${s}; Path=/; HttpOnly; SameSite=Lax` } };
    }
    const me = sessions.get(sid(req) ?? '');
    if (!me) return { status: 401, body: { error: 'login required' } };
    if (path === '/session' && method === 'DELETE') {
      sessions.delete(sid(req)!);
      return { status: 200, body: { ok: true } };
    }
    if (path === '/api/members' && method === 'GET') {
      if (!may(me, 'owner')) return DENIED;
      return { status: 200, body: Object.values(users).filter((u) => u.org === me.org).map((u) => ({ email: u.email, role: u.role })) };
    }
    if (path === '/api/docs') {
      if (method === 'GET') {
        // Sync on read: one shared note from the inbox joins the list each time it is read.
        const n = (inbox.get(me.org) ?? 0) + 1;
        inbox.set(me.org, n);
        const pulled = { id: randomUUID(), org: me.org, title: `shared note ${n}`, body: 'from the inbox' };
        docs.set(pulled.id, pulled);
        return { status: 200, body: [...docs.values()].filter((d) => d.org === me.org) };
      }
      if (method === 'POST') {
        if (!may(me, 'owner', 'staff')) return DENIED;
        const d = { id: randomUUID(), org: me.org, title: String(req.body?.title ?? ''), body: String(req.body?.body ?? '') };
        docs.set(d.id, d);
        return { status: 201, body: d };
      }
    }
    const doc = /^\/api\/docs\/([^/]+)$/.exec(path);
    if (doc) {
      const d = docs.get(decodeURIComponent(doc[1]!));
      if (!d || d.org !== me.org) return { status: 404, body: { error: 'nf' } };
      if (method === 'GET') return { status: 200, body: d };
      if (method === 'PATCH') {
        // The planted bug: no role check on edit in vulnerable mode.
        if (mode === 'hardened' && !may(me, 'owner', 'staff')) return DENIED;
        if (typeof req.body?.title === 'string') d.title = req.body.title;
        if (typeof req.body?.body === 'string') d.body = req.body.body;
        return { status: 200, body: d };
      }
      if (method === 'DELETE') {
        if (!may(me, 'owner')) return DENIED;
        docs.delete(d.id);
        return { status: 204 };
      }
    }
    if (path === '/api/folders') {
      if (method === 'GET') return { status: 200, body: [...folders.values()].filter((f) => f.org === me.org) };
      if (method === 'POST') {
        if (!may(me, 'owner')) {
          // An approval request: a placeholder joins the list, without the requested name.
          const p = { id: randomUUID(), org: me.org, name: '(awaiting approval)', pending: true };
          folders.set(p.id, p);
          return { status: 202, body: { status: 'sent for approval' } };
        }
        const f = { id: randomUUID(), org: me.org, name: String(req.body?.name ?? '') };
        folders.set(f.id, f);
        return { status: 201, body: f };
      }
    }
    const folder = /^\/api\/folders\/([^/]+)$/.exec(path);
    if (folder) {
      const f = folders.get(decodeURIComponent(folder[1]!));
      if (!f || f.org !== me.org) return { status: 404, body: { error: 'nf' } };
      if (method === 'GET') return { status: 200, body: f };
      if (method === 'DELETE') {
        if (!may(me, 'owner')) return DENIED;
        folders.delete(f.id);
        return { status: 204 };
      }
    }
    return { status: 404, body: { error: 'no route' } };
  });
  return {
    url: app.url,
    users,
    probeObjectsLeft: () => [...docs.values(), ...folders.values()].filter((o) => JSON.stringify(o).includes('launchready-probe')).length,
    close: () => app.close(),
  };
}

/** Memo's launchready.yml: the shape `init` drafts (no document, a cookie session), with policy lines; passwords inline. */
export function memoConfig(m: Pick<Memo, 'url' | 'users'>): string {
  const role = (name: keyof Memo['users'], tenant: string) => `    ${name}: { tenant: ${tenant}, login: { username: "${m.users[name].email}", password: "${m.users[name].password}" } }\n`;
  return `version: 1
project: { name: memo, stage: first-customers, productType: internal-tool }
environments:
  production: { appUrl: "${m.url}", allowWrites: true }
api: { healthPath: /health }
auth:
  login: { method: POST, path: /session, usernameField: email, passwordField: password, tokenFrom: "cookie:sid" }
  send: { as: cookie }
  roles:
${role('owner', 'main')}${role('staff', 'main')}${role('viewer', 'main')}${role('outsider', 'other')}
policy:
  - { operation: "GET /api/docs", allow: [owner, staff, viewer, outsider] }
  - { operation: "GET /api/docs/{id}", allow: [owner, staff, viewer, outsider] }
  - { operation: "POST /api/docs", allow: [owner, staff, outsider] }
  - { operation: "PATCH /api/docs/{id}", allow: [owner, staff, outsider] }
  - { operation: "DELETE /api/docs/{id}", allow: [owner, outsider] }
  - { operation: "GET /api/folders", allow: [owner, staff, viewer, outsider] }
  - { operation: "GET /api/folders/{id}", allow: [owner, staff, viewer, outsider] }
  - { operation: "POST /api/folders", allow: [owner, outsider] }
  - { operation: "DELETE /api/folders/{id}", allow: [owner, outsider] }
  - { operation: "GET /api/members", allow: [owner, outsider] }
monitor: { loginPath: /session }
network: { ratePerSecond: 2000, maxRequests: 3000, maxSeconds: 120, timeoutMs: 5000 }
`;
}
