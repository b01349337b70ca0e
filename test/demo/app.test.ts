// Known answers of the Acme Ops demo app in both modes. The auditor's
// end-to-end tests rely on these behaviours, so each planted problem is
// pinned here together with what the hardened mode does instead.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createAcmeApp, createSeed, type DemoMode, type DemoSeed, type DemoState } from '../../demo/app/index.js';

const APP_ORIGIN = 'https://app.acme.test:8443';
const EVIL_ORIGIN = 'https://evil.example';
const JSON_HEADERS = { 'content-type': 'application/json' };
// Node's own frames ("at fn (/path/file.js:12:34)"): what the auditor's stack-trace rule looks for.
const STACK_FRAME = /\bat [\w$.<> ]+\((?:\/|node:)[^\s)]+:\d+:\d+\)/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Assembled so this file never contains a key prefix a secret scanner would flag.
const SECRET_KEY = new RegExp(`"${'sk'}_live_[0-9A-Za-z]{24}"`);
const PUBLISHABLE_KEY = new RegExp(`"${'pk'}_live_[0-9A-Za-z]{24}"`);

interface Acme {
  base: string;
  seed: DemoSeed;
  state: DemoState;
  password(email: string): string;
  /** Signs in and returns the bearer token (fails the test if login does not answer 200). */
  login(email: string): Promise<string>;
  call(method: string, path: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

async function startAcme(mode: DemoMode, sessionTtlMs?: number): Promise<Acme> {
  const seed = createSeed();
  const { app, state } = createAcmeApp({ mode, seed, appOrigin: APP_ORIGIN, ...(sessionTtlMs !== undefined ? { sessionTtlMs } : {}) });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const password = (email: string) => seed.users.find((u) => u.email === email)!.password;
  const call: Acme['call'] = (method, path, opts = {}) =>
    fetch(base + path, {
      method,
      redirect: 'manual',
      headers: {
        ...(opts.body !== undefined ? JSON_HEADERS : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) } : {}),
    });
  return {
    base,
    seed,
    state,
    password,
    call,
    async login(email) {
      const res = await call('POST', '/api/auth/login', { body: { email, password: password(email) } });
      expect(res.status, `login ${email}`).toBe(200);
      return ((await res.json()) as { token: string }).token;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const json = async <T = Record<string, unknown>>(res: Response): Promise<T> => (await res.json()) as T;

describe.each(['vulnerable', 'hardened'] as const)('Acme Ops (%s)', (mode) => {
  const vulnerable = mode === 'vulnerable';
  let acme: Acme;
  let owner: string;
  let staff: string;
  let viewer: string;
  let outsider: string;

  beforeAll(async () => {
    acme = await startAcme(mode);
    const emails = ['olivia@acme.test', 'sam@acme.test', 'vic@acme.test', 'gary@globex.test'] as const;
    [owner, staff, viewer, outsider] = (await Promise.all(emails.map((e) => acme.login(e)))) as [string, string, string, string];
  });
  afterAll(async () => {
    await acme?.close();
  });

  const acmeInvoices = async () => json<{ id: string; tenantId: string }[]>(await acme.call('GET', '/api/invoices', { token: owner }));

  it('serves the public surface: health, pages, OpenAPI', async () => {
    const health = await acme.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    for (const page of ['/', '/login']) {
      const res = await acme.call('GET', page);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(await res.text()).toContain('<script src="/assets/app.js"');
    }
    const spec = await acme.call('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect((await json(spec)).openapi).toBe('3.0.3');
  });

  it(vulnerable ? 'ships the payments secret key in the client bundle' : 'ships only the publishable key in the client bundle', async () => {
    const res = await acme.call('GET', '/assets/app.js');
    expect(res.status).toBe(200);
    const js = await res.text();
    expect(SECRET_KEY.test(js)).toBe(vulnerable);
    expect(PUBLISHABLE_KEY.test(js)).toBe(!vulnerable);
  });

  it(vulnerable ? 'answers the admin area and audit log without credentials' : 'refuses the admin area and audit log without credentials', async () => {
    const users = await acme.call('GET', '/api/admin/users');
    const audit = await acme.call('GET', '/api/audit-log');
    expect(users.status).toBe(vulnerable ? 200 : 401);
    expect(audit.status).toBe(vulnerable ? 200 : 401);
    if (vulnerable) {
      const list = await json<Record<string, unknown>[]>(users);
      // All tenants at once, but never a password.
      expect(new Set(list.map((u) => u.tenantId))).toEqual(new Set(['acme', 'globex']));
      expect(JSON.stringify(list)).not.toContain(acme.password('olivia@acme.test'));
      expect(list.every((u) => !('password' in u) && !('passwordHash' in u))).toBe(true);
    }
  });

  it('lists only the own tenant\'s users to an owner', async () => {
    const res = await acme.call('GET', '/api/admin/users', { token: owner });
    expect(res.status).toBe(200);
    const tenants = new Set((await json<{ tenantId: string }[]>(res)).map((u) => u.tenantId));
    expect(tenants).toEqual(vulnerable ? new Set(['acme', 'globex']) : new Set(['acme']));
    if (!vulnerable) expect((await acme.call('GET', '/api/admin/users', { token: staff })).status).toBe(403);
  });

  it(vulnerable ? 'renders a stack trace for malformed JSON' : 'answers malformed JSON with a plain JSON 400', async () => {
    const res = await acme.call('POST', '/api/auth/login', { body: '{"bad":' });
    expect(res.status).toBe(400);
    const body = await res.text();
    if (vulnerable) {
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(body).toContain('SyntaxError');
      expect(body).toMatch(STACK_FRAME);
    } else {
      expect(JSON.parse(body)).toEqual({ error: 'bad request' });
      expect(body).not.toMatch(STACK_FRAME);
    }
  });

  it(vulnerable ? 'renders a stack trace for a malformed path parameter, even anonymously' : 'answers a malformed path parameter with a plain JSON 400', async () => {
    const res = await acme.call('GET', '/api/invoices/%E0%A4%A');
    expect(res.status).toBe(400);
    const body = await res.text();
    if (vulnerable) {
      expect(body).toContain('URIError');
      expect(body).toMatch(STACK_FRAME);
    } else {
      expect(JSON.parse(body)).toEqual({ error: 'bad request' });
    }
  });

  it(vulnerable ? 'crashes with a 500 and a stack trace on a wrong type' : 'refuses wrong types and unknown fields with 400', async () => {
    const wrongType = await acme.call('POST', '/api/invoices', { token: staff, body: { customer: 'Probe', amount: 'ten' } });
    const unknown = await acme.call('POST', '/api/invoices', { token: staff, body: { customer: 'Probe', amount: 10, approved: true } });
    if (vulnerable) {
      expect(wrongType.status).toBe(500);
      expect(await wrongType.text()).toMatch(/TypeError[\s\S]*toFixed/);
      expect(unknown.status).toBe(201);
    } else {
      expect(wrongType.status).toBe(400);
      expect(await wrongType.text()).not.toMatch(STACK_FRAME);
      expect(unknown.status).toBe(400);
      const xml = await acme.call('POST', '/api/invoices', { token: staff, body: '<x/>', headers: { 'content-type': 'application/xml' } });
      expect(xml.status).toBe(415);
      const oversize = await acme.call('POST', '/api/invoices', { token: staff, body: { customer: 'x'.repeat(100_000), amount: 1 } });
      expect(oversize.status).toBe(400);
    }
  });

  it(`limits JSON bodies to ${vulnerable ? '50mb' : '100kb'}`, async () => {
    const res = await acme.call('POST', '/api/contact', { body: { name: 'n', email: 'a@b.test', message: 'x'.repeat(200_000) } });
    expect(res.status).toBe(vulnerable ? 202 : 413);
    if (!vulnerable) expect(await res.json()).toEqual({ error: 'payload too large' });
  });

  it(vulnerable ? 'announces Express in X-Powered-By' : 'does not announce the framework', async () => {
    const res = await acme.call('GET', '/health');
    expect(res.headers.get('x-powered-by')).toBe(vulnerable ? 'Express' : null);
  });

  it(vulnerable ? 'sends no security headers' : 'sends the security headers on pages, API answers and errors', async () => {
    for (const path of ['/', '/health', '/api/me', '/no/such/page']) {
      const res = await acme.call('GET', path, { token: viewer });
      if (vulnerable) {
        expect(res.headers.get('strict-transport-security'), path).toBeNull();
        expect(res.headers.get('x-frame-options'), path).toBeNull();
        continue;
      }
      expect(res.headers.get('strict-transport-security'), path).toBe('max-age=31536000; includeSubDomains');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('content-security-policy'), path).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    }
    const api = await acme.call('GET', '/api/invoices', { token: viewer });
    expect(api.headers.get('cache-control')).toBe(vulnerable ? null : 'no-store');
  });

  it(vulnerable ? 'answers unknown routes with Express\'s HTML 404' : 'answers unknown routes with a JSON 404', async () => {
    const res = await acme.call('GET', '/api/no-such-thing');
    expect(res.status).toBe(404);
    if (vulnerable) expect(await res.text()).toContain('Cannot GET /api/no-such-thing');
    else expect(await res.json()).toEqual({ error: 'not found' });
  });

  it(vulnerable ? 'reflects any Origin, even null, with credentials' : 'allows only the app origin, with credentials', async () => {
    for (const origin of [EVIL_ORIGIN, 'null']) {
      const res = await acme.call('GET', '/api/me', { token: viewer, headers: { origin } });
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(vulnerable ? origin : null);
      expect(res.headers.get('access-control-allow-credentials'), origin).toBe(vulnerable ? 'true' : null);
    }
    const preflight = await acme.call('OPTIONS', '/api/invoices', {
      headers: { origin: EVIL_ORIGIN, 'access-control-request-method': 'DELETE', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(vulnerable ? EVIL_ORIGIN : null);
    const own = await acme.call('GET', '/api/me', { token: viewer, headers: { origin: APP_ORIGIN } });
    expect(own.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(own.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('signs in with a bearer token and an HttpOnly sid cookie', async () => {
    const res = await acme.call('POST', '/api/auth/login', { body: { email: 'sam@acme.test', password: acme.password('sam@acme.test') } });
    expect(res.status).toBe(200);
    const body = await json<{ token: string; user: Record<string, unknown> }>(res);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toEqual({ id: expect.any(String), email: 'sam@acme.test', role: 'staff', tenantId: 'acme' });
    const cookie = res.headers.getSetCookie()[0];
    expect(cookie).toBe(vulnerable ? `sid=${body.token}; HttpOnly; Path=/` : `sid=${body.token}; HttpOnly; Path=/; Secure; SameSite=Lax`);
    const viaCookie = await acme.call('GET', '/api/me', { headers: { cookie: `sid=${body.token}` } });
    expect(viaCookie.status).toBe(200);
    expect((await json(viaCookie)).email).toBe('sam@acme.test');
  });

  it(vulnerable ? 'tells unknown emails from wrong passwords' : 'answers unknown emails and wrong passwords alike', async () => {
    const unknown = await acme.call('POST', '/api/auth/login', { body: { email: 'nobody@acme.test', password: 'whatever-123' } });
    const wrong = await acme.call('POST', '/api/auth/login', { body: { email: 'olivia@acme.test', password: 'whatever-123' } });
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    const [a, b] = [await json(unknown), await json(wrong)];
    if (vulnerable) expect([a.error, b.error]).toEqual(['No such user', 'Wrong password']);
    else expect(a).toEqual(b);
  });

  it(vulnerable ? 'lets a viewer make itself owner through PATCH /api/me' : 'changes only the name through PATCH /api/me', async () => {
    // Its own app: in the vulnerable mode this turns vic into an owner, which would skew the role tests.
    const acme = await startAcme(mode);
    onTestFinished(() => acme.close());
    const token = await acme.login('vic@acme.test');
    const res = await acme.call('PATCH', '/api/me', { token, body: { name: 'Vic V.', role: 'owner', isAdmin: true } });
    expect(res.status).toBe(vulnerable ? 200 : 400);
    const me = await json(await acme.call('GET', '/api/me', { token }));
    expect(me.role).toBe(vulnerable ? 'owner' : 'viewer');
    if (vulnerable) {
      expect(me.isAdmin).toBe(true);
    } else {
      const named = await acme.call('PATCH', '/api/me', { token, body: { name: 'Vic V.' } });
      expect(named.status).toBe(200);
      expect((await json(named)).name).toBe('Vic V.');
      expect((await acme.call('PATCH', '/api/me', { token, body: { name: '' } })).status).toBe(400);
      expect((await acme.call('PATCH', '/api/me', { token, body: { name: 'x'.repeat(101) } })).status).toBe(400);
    }
  });

  it(vulnerable ? 'numbers invoices 1, 2, 3…' : 'gives invoices random UUIDs', async () => {
    const invoices = await acmeInvoices();
    expect(invoices.length).toBeGreaterThanOrEqual(3);
    expect(invoices.every((i) => i.tenantId === 'acme')).toBe(true);
    if (vulnerable) expect(invoices.slice(0, 3).map((i) => i.id)).toEqual(['1', '2', '3']);
    else for (const i of invoices) expect(i.id).toMatch(UUID);
  });

  it(vulnerable ? 'lets another tenant read and edit an invoice by id' : 'hides another tenant\'s invoice behind 404', async () => {
    const target = (await acmeInvoices())[0]!;
    const read = await acme.call('GET', `/api/invoices/${target.id}`, { token: outsider });
    expect(read.status).toBe(vulnerable ? 200 : 404);
    const edit = await acme.call('PATCH', `/api/invoices/${target.id}`, { token: outsider, body: { customer: 'Globex was here' } });
    expect(edit.status).toBe(vulnerable ? 200 : 404);
    const after = await json(await acme.call('GET', `/api/invoices/${target.id}`, { token: owner }));
    expect(after.customer === 'Globex was here').toBe(vulnerable);
  });

  it(vulnerable ? 'copies status, approved and tenantId from a PATCH body' : 'refuses status, approved and tenantId in a PATCH body', async () => {
    const created = await json(await acme.call('POST', '/api/invoices', { token: staff, body: { customer: 'Patch Co', amount: 42 } }));
    const res = await acme.call('PATCH', `/api/invoices/${String(created.id)}`, { token: staff, body: { approved: true, status: 'approved' } });
    expect(res.status).toBe(vulnerable ? 200 : 400);
    const after = await json(await acme.call('GET', `/api/invoices/${String(created.id)}`, { token: staff }));
    expect(after.approved).toBe(vulnerable);
  });

  it(vulnerable ? 'lets a viewer create invoices' : 'keeps viewers read-only on invoices', async () => {
    const res = await acme.call('POST', '/api/invoices', { token: viewer, body: { customer: 'Viewer Inc', amount: 5 } });
    expect(res.status).toBe(vulnerable ? 201 : 403);
    const ok = await acme.call('POST', '/api/invoices', { token: staff, body: { customer: 'Staff Inc', amount: 5 } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ tenantId: 'acme', customer: 'Staff Inc', amount: 5, currency: 'USD', status: 'draft', approved: false });
  });

  it(vulnerable ? 'lets a viewer approve an invoice' : 'lets only the owner approve an invoice', async () => {
    const [target] = await acmeInvoices();
    const before = acme.state.auditLog.length;
    const byViewer = await acme.call('POST', `/api/invoices/${target!.id}/approve`, { token: viewer });
    expect(byViewer.status).toBe(vulnerable ? 200 : 403);
    expect(acme.state.auditLog.length).toBe(vulnerable ? before + 1 : before);
    const byOwner = await acme.call('POST', `/api/invoices/${target!.id}/approve`, { token: owner });
    expect(byOwner.status).toBe(200);
    expect(await byOwner.json()).toMatchObject({ approved: true, status: 'approved' });
    expect(acme.state.auditLog.at(-1)).toMatchObject({ actor: 'olivia@acme.test', action: 'invoice.approve', target: target!.id });
    const log = await json<unknown[]>(await acme.call('GET', '/api/audit-log', { token: owner }));
    expect(log.length).toBeGreaterThan(0);
  });

  it(vulnerable ? 'lets a viewer create payouts' : 'keeps payouts owner-only', async () => {
    const res = await acme.call('POST', '/api/payouts', { token: viewer, body: { amount: 100, destination: 'bank:viewer' } });
    expect(res.status).toBe(vulnerable ? 201 : 403);
    expect((await acme.call('GET', '/api/payouts', { token: staff })).status).toBe(vulnerable ? 200 : 403);
    const own = await acme.call('GET', '/api/payouts', { token: owner });
    expect((await json<{ tenantId: string }[]>(own)).every((p) => p.tenantId === 'acme')).toBe(true);
  });

  it(vulnerable ? 'accepts a revoked invite and takes the role from the body' : 'refuses a revoked invite with 410 and role in the body', async () => {
    const created = await acme.call('POST', '/api/invites', { token: owner, body: { email: 'newbie@acme.test', role: 'viewer' } });
    expect(created.status).toBe(201);
    const invite = await json<{ id: string; token: string; status: string }>(created);
    expect(invite.status).toBe('pending');
    expect((await acme.call('DELETE', `/api/invites/${invite.id}`, { token: owner })).status).toBe(204);
    const accept = await acme.call('POST', '/api/invites/accept', { body: { token: invite.token, name: 'Newbie', password: 'a-long-password-1', role: 'owner' } });
    expect(accept.status).toBe(vulnerable ? 201 : 400);
    if (vulnerable) {
      expect((await json<{ user: { role: string } }>(accept)).user.role).toBe('owner');
    } else {
      const plain = await acme.call('POST', '/api/invites/accept', { body: { token: invite.token, name: 'Newbie', password: 'a-long-password-1' } });
      expect(plain.status).toBe(410);
    }
  });

  it('accepts a pending invite with the invite\'s role and signs the new user in', async () => {
    const invite = await json<{ token: string }>(await acme.call('POST', '/api/invites', { token: owner, body: { email: 'fresh@acme.test', role: 'staff' } }));
    const res = await acme.call('POST', '/api/invites/accept', { body: { token: invite.token, name: 'Fresh', password: 'a-long-password-2' } });
    expect(res.status).toBe(201);
    const body = await json<{ token: string; user: { id: string; role: string; tenantId: string } }>(res);
    expect(body.user).toMatchObject({ role: 'staff', tenantId: 'acme' });
    expect((await acme.call('GET', '/api/me', { token: body.token })).status).toBe(200);
    // The used invite again, with another password: the vulnerable mode sets it on the account the invite created.
    const again = await acme.call('POST', '/api/invites/accept', { body: { token: invite.token, name: 'Someone else', password: 'another-password-3' } });
    expect(again.status).toBe(vulnerable ? 201 : 410);
    if (vulnerable) expect((await json<{ user: { id: string } }>(again)).user.id).toBe(body.user.id);
    expect((await acme.call('POST', '/api/auth/login', { body: { email: 'fresh@acme.test', password: 'another-password-3' } })).status).toBe(vulnerable ? 200 : 401);
    expect((await acme.call('GET', '/api/invites', { token: staff })).status).toBe(403);
  });

  it(vulnerable ? 'keeps a token working after logout' : 'ends the session on logout', async () => {
    const token = await acme.login('sam@acme.test');
    expect((await acme.call('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await acme.call('GET', '/api/me', { token })).status).toBe(vulnerable ? 200 : 401);
    expect((await acme.call('POST', '/api/auth/logout')).status).toBe(401);
  });

  it(vulnerable ? 'leaks the reset token and tells which emails exist' : 'mails the reset token and answers every email alike', async () => {
    const unknown = await acme.call('POST', '/api/auth/password-reset/request', { body: { email: 'nobody@acme.test' } });
    const known = await acme.call('POST', '/api/auth/password-reset/request', { body: { email: 'sam@acme.test' } });
    const mail = acme.state.outbox.at(-1)!;
    expect(mail.to).toBe('sam@acme.test');
    const mailed = /token=([A-Za-z0-9_-]+)/.exec(mail.body)![1]!;
    if (vulnerable) {
      expect(unknown.status).toBe(404);
      expect(known.status).toBe(200);
      expect((await json(known)).token).toBe(mailed);
    } else {
      expect([unknown.status, known.status]).toEqual([202, 202]);
      expect(await unknown.json()).toEqual({ ok: true });
      expect(await known.text()).not.toContain(mailed);
    }
  });

  it(vulnerable ? 'accepts a reset token twice and keeps old sessions' : 'uses a reset token once and signs the user out everywhere', async () => {
    const email = 'olivia@acme.test';
    const session = await acme.login(email);
    await acme.call('POST', '/api/auth/password-reset/request', { body: { email } });
    const token = /token=([A-Za-z0-9_-]+)/.exec(acme.state.outbox.at(-1)!.body)![1]!;
    if (!vulnerable) {
      const short = await acme.call('POST', '/api/auth/password-reset/confirm', { body: { token, newPassword: 'short' } });
      expect(short.status).toBe(400);
    }
    const first = await acme.call('POST', '/api/auth/password-reset/confirm', { body: { token, newPassword: 'brand-new-password-1' } });
    expect(first.status).toBe(200);
    const second = await acme.call('POST', '/api/auth/password-reset/confirm', { body: { token, newPassword: 'brand-new-password-2' } });
    expect(second.status).toBe(vulnerable ? 200 : 400);
    expect((await acme.call('GET', '/api/me', { token: session })).status).toBe(vulnerable ? 200 : 401);
    const relogin = await acme.call('POST', '/api/auth/login', {
      body: { email, password: vulnerable ? 'brand-new-password-2' : 'brand-new-password-1' },
    });
    expect(relogin.status).toBe(200);
    owner = ((await relogin.json()) as { token: string }).token;
  });

  it(vulnerable ? 'lets anyone disable any user' : 'lets an owner disable only users of the own tenant', async () => {
    const all = await json<{ id: string; email: string }[]>(await acme.call('GET', '/api/admin/users', { token: owner }));
    const fresh = all.find((u) => u.email === 'fresh@acme.test');
    if (vulnerable) {
      const res = await acme.call('POST', `/api/admin/users/${fresh!.id}/disable`);
      expect(res.status).toBe(200);
      expect((await json(res)).disabled).toBe(true);
    } else {
      expect((await acme.call('POST', `/api/admin/users/${fresh!.id}/disable`)).status).toBe(401);
      expect((await acme.call('POST', `/api/admin/users/${fresh!.id}/disable`, { token: outsider })).status).toBe(404);
      expect((await acme.call('POST', `/api/admin/users/${fresh!.id}/disable`, { token: owner })).status).toBe(200);
    }
    const login = await acme.call('POST', '/api/auth/login', { body: { email: 'fresh@acme.test', password: 'a-long-password-2' } });
    expect(login.status).toBe(401);
  });
});

describe('login rate limit', () => {
  const wrong = (email: string) => ({ email, password: 'not-the-password' });

  it('hardened: 429 with Retry-After after 5 failures for one email, even for the right password and a forged X-Forwarded-For', async () => {
    const acme = await startAcme('hardened');
    try {
      for (let i = 0; i < 5; i++) {
        expect((await acme.call('POST', '/api/auth/login', { body: wrong('sam@acme.test') })).status).toBe(401);
      }
      const blocked = await acme.call('POST', '/api/auth/login', { body: wrong('sam@acme.test') });
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      const right = await acme.call('POST', '/api/auth/login', { body: { email: ' SAM@acme.test ', password: acme.password('sam@acme.test') } });
      expect(right.status).toBe(429);
      const forged = await acme.call('POST', '/api/auth/login', { body: wrong('sam@acme.test'), headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(forged.status).toBe(429);
      // Another account from the same address is not locked by sam's failures.
      await acme.login('vic@acme.test');
    } finally {
      await acme.close();
    }
  });

  it('hardened: 429 after 20 failures from one address across emails', async () => {
    const acme = await startAcme('hardened');
    try {
      for (let i = 0; i < 20; i++) {
        expect((await acme.call('POST', '/api/auth/login', { body: wrong(`guess${i}@acme.test`) })).status).toBe(401);
      }
      expect((await acme.call('POST', '/api/auth/login', { body: wrong('another@acme.test') })).status).toBe(429);
    } finally {
      await acme.close();
    }
  });

  it('vulnerable: never limits', async () => {
    const acme = await startAcme('vulnerable');
    try {
      for (let i = 0; i < 25; i++) {
        expect((await acme.call('POST', '/api/auth/login', { body: wrong('sam@acme.test') })).status).toBe(401);
      }
      await acme.login('sam@acme.test');
    } finally {
      await acme.close();
    }
  });
});

describe('contact form', () => {
  const message = { name: 'Pat', email: 'pat@example.test', message: 'Hello' };

  it('hardened: validates and allows 10 per address per hour', async () => {
    const acme = await startAcme('hardened');
    try {
      expect((await acme.call('POST', '/api/contact', { body: { ...message, email: 'not-an-email' } })).status).toBe(400);
      for (let i = 0; i < 9; i++) expect((await acme.call('POST', '/api/contact', { body: message })).status).toBe(202);
      const limited = await acme.call('POST', '/api/contact', { body: message });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBeTruthy();
      expect(acme.state.outbox.filter((m) => m.to === 'support@acme.test')).toHaveLength(9);
    } finally {
      await acme.close();
    }
  });

  it('vulnerable: takes anything, without limit', async () => {
    const acme = await startAcme('vulnerable');
    try {
      for (let i = 0; i < 15; i++) expect((await acme.call('POST', '/api/contact', { body: { ...message, email: 'not-an-email' } })).status).toBe(202);
    } finally {
      await acme.close();
    }
  });
});

describe('session lifetime', () => {
  it('hardened sessions expire after sessionTtlMs; vulnerable ones never do', async () => {
    const [hardened, vulnerable] = await Promise.all([startAcme('hardened', 150), startAcme('vulnerable', 150)]);
    try {
      const [h, v] = await Promise.all([hardened.login('vic@acme.test'), vulnerable.login('vic@acme.test')]);
      expect((await hardened.call('GET', '/api/me', { token: h })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 250));
      expect((await hardened.call('GET', '/api/me', { token: h })).status).toBe(401);
      expect((await vulnerable.call('GET', '/api/me', { token: v })).status).toBe(200);
    } finally {
      await Promise.all([hardened.close(), vulnerable.close()]);
    }
  });
});

describe('seed and OpenAPI document', () => {
  it('creates fresh random passwords for the four seed users', () => {
    const [a, b] = [createSeed(), createSeed()];
    expect(a.users.map((u) => [u.email, u.role, u.tenantId])).toEqual([
      ['olivia@acme.test', 'owner', 'acme'],
      ['sam@acme.test', 'staff', 'acme'],
      ['vic@acme.test', 'viewer', 'acme'],
      ['gary@globex.test', 'owner', 'globex'],
    ]);
    for (const u of a.users) expect(u.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(a.users[0]!.password).not.toBe(b.users[0]!.password);
  });

  it('describes every API route, marks exactly the public ones security: []', () => {
    const doc = JSON.parse(readFileSync(new URL('../../demo/openapi.json', import.meta.url), 'utf8')) as {
      security: unknown;
      paths: Record<string, Record<string, { operationId: string; security?: unknown[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
    };
    expect(doc.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
    const ops = Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['login', 'listInvoices', 'getInvoice', 'approveInvoice', 'listAuditLog', 'listAdminUsers', 'acceptInvite', 'submitContact']) expect(ids).toContain(id);
    const publicApi = ops.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0 && o.key.includes('/api/')).map((o) => o.key);
    expect(publicApi.sort()).toEqual(
      ['POST /api/auth/login', 'POST /api/auth/password-reset/request', 'POST /api/auth/password-reset/confirm', 'POST /api/invites/accept', 'POST /api/contact'].sort(),
    );
    for (const { key, op } of ops) {
      const schema = op.requestBody?.content['application/json']?.schema;
      if (schema) expect(schema.additionalProperties, key).toBe(false);
    }
  });
});
