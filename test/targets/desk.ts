// "Desk": a test target shaped like a Django REST Framework helpdesk, unlike
// the bundled demo in the ways issue 11 names: a form login that sets a
// `sessionid` cookie, CSRF protection by the `csrftoken` cookie echoed in
// X-CSRFToken (rotated at login), Django's trailing slashes on every route,
// {"data": …} wrappers on every answer, tickets keyed by a UUID in a
// parameter named {ticket_uuid}, a Swagger 2.0 document with no `required`
// list, two organisations and a platform-staff user of none.
//
// Planted in `vulnerable` mode, each absent in `hardened` mode:
// 1. the ticket list carries every organisation's tickets;
// 2. BOLA read: a ticket of another organisation by its UUID (and BOLA write: PATCH it);
// 3. BOLA delete: a manager of another organisation deletes a ticket;
// 4. BFLA: an agent may delete tickets (the policy gives that to managers);
// 5. mass assignment: PATCH stores `tenantId`, moving a ticket to another organisation;
// 6. no limit on failed logins (hardened: locked after three).
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Mode, TargetServer } from './shelf.js';

interface User {
  username: string;
  password: string;
  role: 'manager' | 'agent' | 'staff';
  tenantId: string | null;
}
interface Ticket {
  uuid: string;
  subject: string;
  body: string;
  status: string;
  tenantId: string;
}

const LIMIT = 100_000;

export async function startDesk(mode: Mode): Promise<TargetServer> {
  const vulnerable = mode === 'vulnerable';
  const pw = () => randomBytes(9).toString('base64url');
  const users: User[] = [
    { username: 'maria', password: pw(), role: 'manager', tenantId: 'org_1' },
    { username: 'arno', password: pw(), role: 'agent', tenantId: 'org_1' },
    { username: 'gus', password: pw(), role: 'manager', tenantId: 'org_2' },
    { username: 'stella', password: pw(), role: 'staff', tenantId: null },
  ];
  const initial = new Map(users.map((u) => [u.username, u.password]));
  const tickets = new Map<string, Ticket>();
  for (const [subject, tenantId] of [['Printer on fire', 'org_1'], ['VPN down', 'org_1'], ['Invoice question', 'org_2']] as const) {
    const t = { uuid: randomUUID(), subject, body: '', status: 'open', tenantId };
    tickets.set(t.uuid, t);
  }
  const sessions = new Map<string, { user: User; csrf: string }>();
  const failedLogins = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= LIMIT) chunks.push(c);
    });
    req.on('end', () => {
      const send = (status: number, body?: unknown, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const html = (status: number, text: string, headers: Record<string, string | string[]> = {}) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
        res.end(text);
      };
      if (size > LIMIT) return send(413, { detail: 'Request body too large.' });
      const raw = Buffer.concat(chunks).toString('utf8');
      const type = req.headers['content-type'] ?? '';
      let body: Record<string, unknown> = {};
      if (raw) {
        if (type.includes('json')) {
          try {
            const parsed: unknown = JSON.parse(raw);
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return send(400, { detail: 'JSON object expected.' });
            body = parsed as Record<string, unknown>;
          } catch {
            return send(400, { detail: 'JSON parse error.' });
          }
        } else if (type.includes('x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(raw));
        else return send(415, { detail: `Unsupported media type "${type}" in request.` });
      }
      const cookies = Object.fromEntries((req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).filter((p) => p.length === 2) as [string, string][]);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const method = req.method ?? 'GET';
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
      const csrfValid = (expected: string | undefined) => !!expected && cookies.csrftoken === expected && req.headers['x-csrftoken'] === expected;

      if (path === '/accounts/login/') {
        if (method === 'GET') return html(200, '<form method="post"><input name="username"><input name="password" type="password"></form>', { 'set-cookie': `csrftoken=${randomBytes(16).toString('hex')}; Path=/; SameSite=Lax` });
        if (method !== 'POST') return send(405, { detail: `Method "${method}" not allowed.` });
        if (!csrfValid(cookies.csrftoken)) return html(403, '<h1>Forbidden (403)</h1><p>CSRF verification failed. Request aborted.</p>');
        // django-axes style lockout of a username (however it is written) in hardened mode.
        const key = String(body.username ?? '').trim().toLowerCase();
        if (!vulnerable && (failedLogins.get(key) ?? 0) >= 3) return html(429, '<p>Account locked: too many login attempts.</p>');
        const u = users.find((x) => x.username === body.username && x.password === body.password);
        if (!u) {
          failedLogins.set(key, (failedLogins.get(key) ?? 0) + 1);
          return html(200, '<p>Please enter a correct username and password.</p>');
        }
        const sid = randomBytes(16).toString('hex');
        const csrf = randomBytes(16).toString('hex');
        sessions.set(sid, { user: u, csrf });
        res.writeHead(302, { location: '/', 'set-cookie': [`sessionid=${sid}; Path=/; HttpOnly; SameSite=Lax`, `csrftoken=${csrf}; Path=/; SameSite=Lax`] });
        return res.end();
      }
      // Django's router: unknown paths (and paths without their trailing slash) are 404 before authentication.
      if (!/^\/api\/(me|logout|tickets|tickets\/[0-9a-f-]{36})\/$/.test(path)) return send(404, { detail: 'Not found.' });
      const s = cookies.sessionid ? sessions.get(cookies.sessionid) : undefined;
      if (!s) return send(403, { detail: 'Authentication credentials were not provided.' });
      if (unsafe && !csrfValid(s.csrf)) return send(403, { detail: 'CSRF Failed: CSRF token missing or incorrect.' });
      const me = s.user;
      const view = (t: Ticket) => ({ uuid: t.uuid, subject: t.subject, body: t.body, status: t.status, tenantId: t.tenantId });

      if (path === '/api/me/' && method === 'GET') return send(200, { data: { username: me.username, role: me.role, tenantId: me.tenantId } });
      if (path === '/api/logout/' && method === 'POST') {
        sessions.delete(cookies.sessionid!);
        return send(204);
      }
      if (path === '/api/tickets/') {
        if (me.role === 'staff') return send(403, { detail: 'You do not have permission to perform this action.' });
        if (method === 'GET') {
          const list = [...tickets.values()].filter((t) => vulnerable || t.tenantId === me.tenantId).map(view);
          return send(200, { data: list, meta: { count: list.length } });
        }
        if (method === 'POST') {
          if (typeof body.subject !== 'string' || !body.subject || typeof body.body !== 'string') return send(400, { errors: { subject: ['This field is required.'], body: ['This field is required.'] } });
          const t: Ticket = { uuid: randomUUID(), subject: body.subject, body: body.body, status: 'open', tenantId: me.tenantId! };
          tickets.set(t.uuid, t);
          return send(201, { data: view(t) });
        }
        return send(405, { detail: `Method "${method}" not allowed.` });
      }
      const t = tickets.get(path.split('/')[3] ?? '');
      const visible = t && (vulnerable || me.role === 'staff' || t.tenantId === me.tenantId);
      if (!t || !visible) return send(404, { detail: 'Not found.' });
      if (method === 'GET') return send(200, { data: view(t) });
      if (me.role === 'staff') return send(403, { detail: 'You do not have permission to perform this action.' });
      if (method === 'PATCH') {
        if (!vulnerable && t.tenantId !== me.tenantId) return send(404, { detail: 'Not found.' });
        for (const k of ['subject', 'body', 'status'] as const) if (typeof body[k] === 'string') t[k] = body[k];
        if (vulnerable && typeof body.tenantId === 'string') t.tenantId = body.tenantId;
        return send(200, { data: view(t) });
      }
      if (method === 'DELETE') {
        if (!vulnerable && (t.tenantId !== me.tenantId || me.role !== 'manager')) return send(me.role === 'manager' ? 404 : 403, { detail: 'You do not have permission to perform this action.' });
        tickets.delete(t.uuid);
        return send(204);
      }
      return send(405, { detail: `Method "${method}" not allowed.` });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    passwords: Object.fromEntries(users.map((u) => [u.username, u.password])),
    probeObjectsLeft: () => [...tickets.values()].filter((t) => `${t.subject} ${t.body}`.includes('launchready-probe')).length,
    signInAll: () => Promise.resolve(users.every((u) => u.password === initial.get(u.username))),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Desk's Swagger 2.0 document: trailing slashes, a {ticket_uuid} parameter, bodies without `required`. */
export function deskSpec(): object {
  const ticket = { type: 'object', properties: { subject: { type: 'string', maxLength: 200 }, body: { type: 'string' }, status: { type: 'string', enum: ['open', 'closed'] } } };
  const uuid = { name: 'ticket_uuid', in: 'path', required: true, type: 'string', format: 'uuid' };
  const r = { 200: { description: 'ok' } };
  return {
    swagger: '2.0',
    info: { title: 'Desk', version: '1' },
    consumes: ['application/json'],
    securityDefinitions: { session: { type: 'apiKey', in: 'header', name: 'Cookie' } },
    security: [{ session: [] }],
    paths: {
      '/accounts/login/': { get: { security: [], produces: ['text/html'], responses: r }, post: { security: [], consumes: ['application/x-www-form-urlencoded'], parameters: [{ name: 'username', in: 'formData', type: 'string' }, { name: 'password', in: 'formData', type: 'string' }], responses: { 302: { description: 'signed in' } } } },
      '/api/logout/': { post: { responses: { 204: { description: 'signed out' } } } },
      '/api/me/': { get: { responses: r } },
      '/api/tickets/': { get: { responses: r }, post: { parameters: [{ name: 'ticket', in: 'body', schema: ticket }], responses: { 201: { description: 'created' } } } },
      '/api/tickets/{ticket_uuid}/': {
        parameters: [uuid],
        get: { responses: r },
        patch: { parameters: [{ name: 'ticket', in: 'body', schema: ticket }], responses: r },
        delete: { responses: { 204: { description: 'deleted' } } },
      },
    },
  };
}

export function deskConfig(t: Pick<TargetServer, 'url' | 'passwords'>, specFile: string): string {
  const role = (name: string, user: string, tenant: string) => `    ${name}: { tenant: ${tenant}, login: { username: ${user}, password: "${t.passwords[user]}" } }\n`;
  return `project: { name: Desk }
environments:
  test: { apiUrl: "${t.url}", allowWrites: true }
api: { openapi: ${specFile} }
auth:
  login: { path: /accounts/login/, contentType: form, usernameField: username, tokenFrom: "cookie:sessionid" }
  logout: { method: POST, path: /api/logout/ }
  send: { as: cookie }
  csrf: { from: "cookie:csrftoken" }
  flows: { concurrency: 4, rateLimitBurst: 5 }
  roles:
${role('manager', 'maria', 'acme')}${role('agent', 'arno', 'acme')}${role('outsider', 'gus', 'globex')}${role('staff', 'stella', 'null')}
policy:
  - { operation: "GET|POST /accounts/login/", allow: [anonymous] }
  - { operation: "* /api/me/", allow: [manager, agent, outsider, staff] }
  - { operation: POST /api/logout/, allow: [manager, agent, outsider, staff] }
  - { operation: "GET /api/tickets/{ticket_uuid}/", allow: [manager, agent, outsider, staff] }
  - { operation: "GET|POST /api/tickets/", allow: [manager, agent, outsider] }
  - { operation: "PATCH /api/tickets/{ticket_uuid}/", allow: [manager, agent, outsider] }
  - { operation: "DELETE /api/tickets/{ticket_uuid}/", allow: [manager, outsider] }
network: { ratePerSecond: 2000, maxRequests: 5000, maxSeconds: 120, timeoutMs: 5000 }
`;
}
