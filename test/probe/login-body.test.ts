// A login answer the probe cannot read whole: cut at the body limit, or
// holding NUL bytes. The failed login says what happened to the body, not
// only that no token was found. Real loopback server, real session code.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE, parseConfigText } from '../../src/config/load.js';
import { ProbeClient } from '../../src/probe/client.js';
import { Sessions } from '../../src/probe/sessions.js';
import { Redactor } from '../../src/secrets/redactor.js';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // A token after 300 KB of padding: past the probe's 256 KB cap.
    if (req.url === '/huge-login') return res.end(`{"padding":"${'x'.repeat(300 * 1024)}","token":"never-read"}`);
    if (req.url === '/nul-login') return res.end('{"token":"abc\u0000def"}\u0000\u0000');
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function login(path: string): Promise<string> {
  const { config } = parseConfigText(
    `project: { name: Body }
environments: { test: { apiUrl: "${base}" } }
auth:
  login: { path: ${path} }
  roles: { writer: { tenant: t1, login: { username: ada@example.test, password: "a-long-password" } } }
`,
    INLINE,
  );
  const redactor = new Redactor();
  const client = new ProbeClient({ timeoutMs: 5000, maxRequests: 10, ratePerSecond: 1000, maxSeconds: 60, credentialOrigins: [base], writableOrigins: [], redactor });
  try {
    const s = await new Sessions(config, base, client, redactor).get('writer');
    return s.ok ? 'ok' : s.reason;
  } finally {
    await client.close();
  }
}

describe('a login answer the probe cannot read whole says what happened to it', () => {
  it('cut at the body limit', async () => {
    expect(await login('/huge-login')).toBe("login of writer failed: 200, but the body was cut at the probe's limit of 256 KB, so it is not whole, so no token at json:token could be read");
  });

  it('holding NUL bytes', async () => {
    expect(await login('/nul-login')).toBe('login of writer failed: 200, but the body holds NUL bytes (first at character 13): binary data or a broken encoding, not text, so no token at json:token could be read');
  });
});
