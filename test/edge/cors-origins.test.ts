// CORS allow-lists that refuse a stranger but match the app's own name
// carelessly, each served by a small loopback API; the access gatherer's CORS
// family builds attacker origins from the configured names and
// cors-reflects-any-origin reports every one accepted with credentials.
// Look-alikes: an exact list, and a list that holds the apex itself.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import corsCheck from '../../src/checks/access/cors-reflects-any-origin.js';
import type { CheckOutcome } from '../../src/checks/types.js';
import { parseConfigText } from '../../src/config/load.js';
import { craftedOrigins } from '../../src/evidence/gatherers/access/cors.js';
import { CTX } from '../helpers/exchange.js';
import { runAccess } from '../access/run-access.js';

const APP = 'https://app.example.test';
/** Allow-lists as people write them; each gets its own server. */
const POLICIES: Record<string, (origin: string) => boolean> = {
  exact: (o) => o === APP,
  exactSet: (o) => new Set([APP, 'https://example.test', 'https://www.example.test']).has(o),
  endsWith: (o) => o.endsWith('example.test'),
  dottedSubdomains: (o) => o.startsWith('https://') && hostname(o).endsWith('.example.test'),
  startsWith: (o) => o.startsWith(APP),
  // The unescaped dots are the planted bug.
  regex: (o) => /^https:\/\/app.example.test$/.test(o),
  hostOnly: (o) => hostname(o) === 'app.example.test',
  anything: () => true,
};
/** variant → expected severity, per policy. */
const EXPECTED: Record<string, Record<string, string>> = {
  exact: {},
  exactSet: {},
  endsWith: { 'crafted-suffix': 'high', 'crafted-dot-swap': 'high', 'crafted-other-scheme': 'medium', 'crafted-subdomain': 'medium' },
  dottedSubdomains: { 'crafted-subdomain': 'medium' },
  startsWith: { 'crafted-prefix': 'high' },
  regex: { 'crafted-dot-swap': 'high' },
  hostOnly: { 'crafted-other-scheme': 'medium' },
  anything: { 'arbitrary-origin': 'high', 'null-origin': 'high' },
};

function hostname(o: string): string {
  try {
    return new URL(o).hostname;
  } catch {
    return '';
  }
}

interface Api {
  url: string;
  password: string;
  origins: string[];
  close(): Promise<void>;
}

async function startApi(allow: (origin: string) => boolean): Promise<Api> {
  const password = randomBytes(12).toString('base64url');
  const tokens = new Set<string>();
  const origins: string[] = [];
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin) origins.push(origin);
    res.setHeader('vary', 'Origin');
    if (origin && allow(origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-allow-credentials', 'true');
    }
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') return send(204);
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/api/auth/login') {
        const body = JSON.parse(raw || '{}') as { email?: string; password?: string };
        if (body.email !== 'olivia@example.test' || body.password !== password) return send(401, { error: 'bad login' });
        const token = randomBytes(16).toString('base64url');
        tokens.add(token);
        return send(200, { token });
      }
      if (req.url !== '/api/me') return send(404, { error: 'not found' });
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !tokens.has(token)) return send(401, { error: 'authentication required' });
      send(200, { email: 'olivia@example.test' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, password, origins, close: () => new Promise((r) => server.close(() => r())) };
}

const SPEC = {
  openapi: '3.0.3',
  info: { title: 'cors', version: '1' },
  security: [{ bearer: [] }],
  components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  paths: {
    '/api/auth/login': { post: { security: [], responses: { 200: { description: 'ok' } } } },
    '/api/me': { get: { responses: { 200: { description: 'ok' } } } },
  },
};

const configText = (api: Api, specFile: string) => `version: 1
project: { name: CORS }
environments:
  production:
    appUrl: ${APP}
    apiUrl: ${api.url}
domains: { apex: example.test, app: app.example.test, www: www.example.test }
api: { openapi: ${specFile} }
auth:
  login: { path: /api/auth/login }
  roles:
    owner:
      tenant: acme
      login: { username: olivia@example.test, password: "${api.password}" }
policy:
  - { operation: "GET /api/me", allow: [owner] }
network: { timeoutMs: 5000 }
`;

let dir: string;
const outcomes: Record<string, CheckOutcome> = {};
const sent: Record<string, string[]> = {};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lr-cors-'));
  const specFile = path.join(dir, 'openapi.json');
  await writeFile(specFile, JSON.stringify(SPEC));
  for (const [name, allow] of Object.entries(POLICIES)) {
    const api = await startApi(allow);
    try {
      const file = path.join(dir, `${name}.yml`);
      const text = configText(api, specFile);
      await writeFile(file, text);
      const run = await runAccess(parseConfigText(text, file), { only: ['cors'] });
      if (run.access.state !== 'ok') throw new Error(`${name}: ${JSON.stringify(run.access)}`);
      outcomes[name] = corsCheck.run({ accessProbes: run.access.value }, CTX);
      sent[name] = api.origins;
    } finally {
      await api.close();
    }
  }
}, 60_000);

afterAll(async () => rm(dir, { recursive: true, force: true }));

const found = (name: string) => {
  const o = outcomes[name]!;
  return o.status === 'fail' ? Object.fromEntries(o.findings.map((f) => [f.identity[0], f.severity])) : {};
};

describe('CORS origins built from the app’s own names', () => {
  it('builds suffix, prefix, dot-swap, other-scheme and subdomain origins from the configured names', () => {
    const origins = sent.exact!;
    for (const o of ['https://evilexample.test', 'https://app.example.test.attacker.invalid', 'https://appxexample.test', 'http://app.example.test', 'https://launchready-probe.example.test', 'https://wwwxexample.test']) {
      expect(origins, o).toContain(o);
    }
  });

  for (const name of Object.keys(POLICIES)) {
    it(`${name}: reports exactly the origins the allow-list wrongly accepts`, () => {
      expect(found(name)).toEqual(EXPECTED[name]);
      if (Object.keys(EXPECTED[name]!).length === 0) expect(outcomes[name]!.status).toBe('pass');
    });
  }

  it('names the accepted origin and the flaw it proves', () => {
    const o = outcomes.endsWith!;
    if (o.status !== 'fail') throw new Error(o.status);
    const suffix = o.findings.find((f) => f.identity[0] === 'crafted-suffix')!;
    expect(suffix.title).toBe('CORS trusts https://evilexample.test with credentials: the allow-list matches the end of the origin without the dot (anything ending in "example.test")');
    expect(suffix.detail).toMatch(/while an unrelated origin was refused/);
    const regex = outcomes.regex!;
    if (regex.status !== 'fail') throw new Error(regex.status);
    expect(regex.findings[0]!.title).toMatch(/^CORS trusts https:\/\/appxexample\.test with credentials: .*"\." is not escaped/);
  });

  it('does not send crafted origins when any origin is already accepted', () => {
    expect(sent.anything!.some((o) => o.includes('example.test'))).toBe(false);
  });

  it('builds nothing from IP addresses and guesses the apex when none is configured', () => {
    const cfg = (domains: object, appUrl = 'https://app.shop.test:8443') =>
      parseConfigText(`version: 1\nproject: { name: x }\nenvironments:\n  prod: { appUrl: ${appUrl} }\ndomains: ${JSON.stringify(domains)}\n`, path.join(dir, 'x.yml')).config;
    expect(craftedOrigins(cfg({})).map((c) => c.origin)).toEqual([
      'https://evilshop.test:8443',
      'https://app.shop.test.attacker.invalid:8443',
      'https://appxshop.test:8443',
      'http://app.shop.test:8443',
      'https://launchready-probe.shop.test:8443',
    ]);
    expect(craftedOrigins(cfg({}, 'https://127.0.0.1:8443'))).toEqual([]);
  });
});
