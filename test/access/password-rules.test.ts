// The weak-password probe on the password-change route, against a small
// loopback API that has one (the demo sets passwords only through invites and
// resets, which demo-access.test.ts covers): a change to a short password that
// then signs in is a finding and the configured password is put back; an API
// that enforces a length passes; without allowWrites nothing is sent.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import check from '../../src/checks/access/weak-password-accepted.js';
import { parseConfigText } from '../../src/config/load.js';
import { CTX } from '../helpers/exchange.js';
import { runAccess } from './run-access.js';

interface PasswordApi {
  url: string;
  /** The user's current password (the test reads it to see it was put back). */
  password(): string;
  configured: string;
  close(): Promise<void>;
}

/** Login, GET /api/me and POST /api/me/password; `minLength` 0 means no rule at all. */
async function startPasswordApi(minLength: number): Promise<PasswordApi> {
  const configured = randomBytes(12).toString('base64url');
  let current = configured;
  const sessions = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as Record<string, unknown>;
      if (req.method === 'POST' && req.url === '/api/auth/login') {
        if (body.email !== 'vic@acme.test' || body.password !== current) return send(401, { error: 'Invalid email or password' });
        const token = randomBytes(18).toString('base64url');
        sessions.add(token);
        return send(200, { token });
      }
      if (!sessions.has(/^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '')) return send(401, { error: 'authentication required' });
      if (req.method === 'GET' && req.url === '/api/me') return send(200, { email: 'vic@acme.test', role: 'viewer', tenantId: 'acme' });
      if (req.method === 'POST' && req.url === '/api/me/password') {
        if (body.currentPassword !== current) return send(403, { error: 'wrong password' });
        const next = String(body.newPassword ?? '');
        if (next.length < minLength) return send(400, { error: `at least ${minLength} characters` });
        current = next;
        return send(200, { ok: true });
      }
      return send(404, { error: 'not found' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    password: () => current,
    configured,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const SPEC = {
  openapi: '3.0.3',
  info: { title: 'passwords', version: '1' },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/api/auth/login': { post: { security: [], requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { email: { type: 'string' }, password: { type: 'string' } } } } } }, responses: { 200: { description: 'ok' } } } },
    '/api/me': { get: { responses: { 200: { description: 'ok' } } } },
    '/api/me/password': {
      post: {
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['currentPassword', 'newPassword'], properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string' } } } } } },
        responses: { 200: { description: 'ok' } },
      },
    },
  },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lr-passwords-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function audit(api: PasswordApi, allowWrites: boolean) {
  const specFile = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(specFile, JSON.stringify(SPEC));
  const text = `version: 1
project: { name: Passwords }
environments:
  test: { apiUrl: ${api.url}, allowWrites: ${allowWrites} }
api: { openapi: ${specFile} }
auth:
  login: { path: /api/auth/login }
  flows: { passwordChange: POST /api/me/password }
  roles:
    viewer: { tenant: acme, login: { username: vic@acme.test, password: "${api.configured}" } }
policy:
  - { operation: "GET /api/me", allow: [viewer] }
  - { operation: "POST /api/me/password", allow: [viewer] }
network: { ratePerSecond: 2000, timeoutMs: 5000 }
`;
  const run = await runAccess(parseConfigText(text, path.join(dir, 'lr.yml')), { only: ['weak-password'] });
  if (run.access.state !== 'ok') throw new Error(`not gathered: ${JSON.stringify(run.access)}`);
  return { run, outcome: check.run({ accessProbes: run.access.value }, CTX) };
}

describe('weak-password-accepted on a password-change route', () => {
  it('finds a change to a 6-character password that signs in, and puts the configured password back', async () => {
    const api = await startPasswordApi(0);
    try {
      const { run, outcome } = await audit(api, true);
      expect(outcome.status).toBe('fail');
      if (outcome.status === 'fail') expect(outcome.findings.map((f) => f.title)).toEqual(['Password change (POST /api/me/password) accepts a 6-character password']);
      expect(api.password()).toBe(api.configured);
      const t = run.access.state === 'ok' ? run.access.value.trials.find((x) => x.family === 'weak-password') : undefined;
      expect(t?.facts).toMatchObject({ weakStatus: 200, loginStatus: 200, restored: true });
      // The weak password is masked like every other credential.
      const sent = JSON.parse(t?.steps.find((s) => s.label === 'attack')?.exchange.request.body ?? '{}') as Record<string, unknown>;
      expect(sent.newPassword).toBe('******');
    } finally {
      await api.close();
    }
  });

  it('passes where the change is refused and the control (the same password) is not', async () => {
    const api = await startPasswordApi(12);
    try {
      const { outcome } = await audit(api, true);
      expect(`${outcome.status} ${'reason' in outcome ? outcome.reason : ''}`).toMatch(/^pass 1 weak password/);
      expect(api.password()).toBe(api.configured);
    } finally {
      await api.close();
    }
  });

  it('sends nothing state-changing without allowWrites and says why', async () => {
    const api = await startPasswordApi(0);
    try {
      const { run, outcome } = await audit(api, false);
      expect(run.ledger.filter((e) => e.method !== 'GET' && !e.url.endsWith('/api/auth/login'))).toEqual([]);
      expect(outcome.status).toBe('not-tested');
      expect('reason' in outcome && outcome.reason).toContain('allowWrites');
    } finally {
      await api.close();
    }
  });
});
