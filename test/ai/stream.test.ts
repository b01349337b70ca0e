// A streaming assistant that sends [DONE] and keeps the connection open (as
// some gateways do) is read up to [DONE], not until the deadline: the reply
// is judged like any other.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, endpointFrom } from '../../src/evidence/gatherers/ai/caller.js';
import { ProbeClient } from '../../src/probe/client.js';
import { RoleCaller } from '../../src/probe/role-caller.js';
import type { Sessions } from '../../src/probe/sessions.js';
import { Redactor } from '../../src/secrets/redactor.js';

let server: http.Server;
let base: string;
const open: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const piece of ['Hel', 'lo ', 'there']) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: piece } }] })}\n\n`);
      res.write('data: [DONE]\n\n');
      // Never ended: the connection stays open.
      open.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const r of open) r.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('streamed replies', () => {
  it('stop at [DONE] on a connection kept open, with the whole reply and no timeout', async () => {
    const client = new ProbeClient({ timeoutMs: 10_000, maxRequests: 10, ratePerSecond: 100, maxSeconds: 60, credentialOrigins: [base], writableOrigins: [], redactor: new Redactor() });
    try {
      const caller = new RoleCaller(client, {} as Sessions, 1);
      const ep = endpointFrom({ operation: 'POST /v1/chat', reply: { format: 'sse', path: 'choices[0].delta.content' } }, base, ['anonymous']);
      for (let i = 0; i < 3; i++) {
        const a = await ask(caller, ep, 'anonymous', 'hi', { purpose: 'test' });
        expect(a.exchange.error).toBeUndefined();
        expect(a.reply).toBe('Hello there');
      }
    } finally {
      await client.close();
    }
  });
});
