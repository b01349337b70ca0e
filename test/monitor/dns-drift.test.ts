// DNS and mail records re-checked against a real DNS server on loopback: a
// change is announced once, a record that breaks opens an incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneRecord } from '../../demo/infra/zone.js';
import { configSchema } from '../../src/config/schema.js';
import { planFromConfig } from '../../src/monitor/plan.js';
import { Monitor } from '../../src/monitor/runtime.js';
import { Store } from '../../src/monitor/store.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { startDnsZone, startWebhookReceiver, type Received } from './helpers.js';

let dns: Awaited<ReturnType<typeof startDnsZone>>;
let hooks: Received;

const ZONE: ZoneRecord[] = [
  { name: 'app.example.test', type: 'A', address: '127.0.0.10' },
  { name: 'example.test', type: 'MX', exchange: 'mx.example.test', priority: 10 },
  { name: 'example.test', type: 'TXT', data: ['v=spf1 include:_spf.mail.test -all'] },
  { name: '_dmarc.example.test', type: 'TXT', data: ['v=DMARC1; p=reject'] },
];

beforeAll(async () => {
  dns = await startDnsZone([...ZONE]);
  hooks = await startWebhookReceiver();
});

afterAll(async () => {
  dns?.close();
  await hooks?.close();
});

describe('DNS and mail record drift', () => {
  it('announces a change once and opens one incident when DMARC disappears', async () => {
    const config = configSchema.parse({
      project: { name: 'T' },
      environments: { production: {} },
      domains: { app: 'app.example.test', mail: 'example.test' },
      network: { dnsServer: `127.0.0.1:${dns.port}` },
      monitor: {
        defaultChecks: false,
        defaults: { failureThreshold: 2, successThreshold: 1 },
        channels: { hook: { type: 'webhook', url: `${hooks.url}/hook` } },
        routes: { critical: ['hook'], warning: ['hook'] },
      },
    });
    const plan = planFromConfig(config, (p) => p);
    const store = new Store(':memory:');
    const m = new Monitor({ plan, store, redactor: new Redactor() });
    try {
      await m.runDns();
      await m.runDns();
      await m.dispatcher.settle();
      expect(hooks.bodies).toEqual([]);
      expect(store.snapshot('mail:spf:example.test')?.summary).toBe('TXT v=spf1 include:_spf.mail.test -all');

      dns.zone.records = dns.zone.records.map((r) => (r.type === 'TXT' && r.name === 'example.test' ? { ...r, data: ['v=spf1 +all'] } : r));
      await m.runDns();
      await m.runDns();
      await m.dispatcher.settle();
      expect(hooks.bodies.map((b) => `${String(b.event)}:${String(b.kind)}:${String(b.monitor)}`)).toEqual(['opened:changed:mail:spf:example.test']);
      expect(String(hooks.bodies[0]!.summary)).toContain('now: TXT v=spf1 +all');

      dns.zone.records = dns.zone.records.filter((r) => r.name !== '_dmarc.example.test');
      await m.runDns();
      await m.runDns();
      await m.runDns();
      await m.dispatcher.settle();
      const broken = hooks.bodies.filter((b) => b.monitor === 'mail:dmarc:example.test');
      expect(broken.map((b) => `${String(b.event)}:${String(b.kind)}`)).toEqual(['opened:broken']);
      expect(String(broken[0]!.summary)).toContain('no DMARC record at _dmarc.example.test');
    } finally {
      await m.stop();
      store.close();
    }
  });
});
