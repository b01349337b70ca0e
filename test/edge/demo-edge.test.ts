// Stage 3 against the bundled demo, both modes: the vulnerable zone and
// servers must produce the planted mail and plain-HTTP findings; the hardened
// ones no edge or mail finding of severity high or critical.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import { CHECKS } from '../../src/checks/registry.js';
import { loadConfig } from '../../src/config/load.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { gatherEdge } from '../../src/evidence/gatherers/edge/index.js';
import type { Evidence, EvidenceKey } from '../../src/evidence/types.js';
import { ProbeClient, originOf } from '../../src/probe/client.js';
import type { CheckResult } from '../../src/report/model.js';
import { Redactor } from '../../src/secrets/redactor.js';
import { CTX } from '../helpers/exchange.js';

const EDGE_KEYS: readonly EvidenceKey[] = ['dns', 'mail', 'tls', 'edgeHttp'];
const STAGE3 = CHECKS.filter((c) => c.meta.requires.length > 0 && c.meta.requires.every((k) => EDGE_KEYS.includes(k)));

async function auditEdge(handle: DemoHandle): Promise<CheckResult[]> {
  const loaded = loadConfig(handle.configPath, { env: { ...process.env, ...handle.env } });
  const { config } = loaded;
  const net = config.network;
  const ca = await readFile(handle.env.ACME_CA_FILE!, 'utf8');
  const env = config.environments.production!;
  const client = new ProbeClient({
    timeoutMs: 5000,
    maxRequests: net.maxRequests,
    ratePerSecond: 200,
    maxSeconds: net.maxSeconds,
    dnsServer: net.dnsServer,
    ca,
    credentialOrigins: env.apiUrl ? [originOf(env.apiUrl)] : [],
    writableOrigins: [],
    redactor: new Redactor(loaded.secrets),
  });
  try {
    const edge = await gatherEdge({ config, environment: 'production', dnsServer: net.dnsServer, timeoutMs: 5000, ca, client });
    return runChecks(STAGE3, edge as unknown as Evidence, CTX);
  } finally {
    await client.close();
  }
}

describe.each(['vulnerable', 'hardened'] as const)('demo in %s mode', (mode) => {
  let handle: DemoHandle;
  let results: CheckResult[];
  beforeAll(async () => {
    handle = await startDemo({ mode });
    results = await auditEdge(handle);
  });
  afterAll(async () => {
    await handle?.close();
  });

  const byId = (id: string) => results.find((r) => r.id === id);
  const identities = (id: string) => (byId(id)?.findings ?? []).map((f) => f.title);

  if (mode === 'vulnerable') {
    it('finds the planted mail problems: SPF +all, no DMARC, a 512-bit DKIM key', () => {
      expect(byId('spf-allows-any-sender')?.findings[0]?.severity).toBe('critical');
      expect(identities('dmarc-missing')[0]).toMatch(/publishes no DMARC record/);
      expect(byId('dkim-key-too-weak')?.findings[0]?.title).toMatch(/512-bit RSA/);
      expect(byId('dkim-key-too-weak')?.findings[0]?.severity).toBe('high');
    });
    it('finds the app served over plain HTTP, without HSTS', () => {
      expect(identities('http-not-redirected-to-https').some((t) => /^app\.acme\.test serves the app over plain HTTP/.test(t))).toBe(true);
      expect(identities('hsts-weak').some((t) => /app\.acme\.test sends no Strict-Transport-Security/.test(t))).toBe(true);
    });
  } else {
    it('has no edge or mail finding of severity high or critical', () => {
      const serious = results.flatMap((r) => r.findings.filter((f) => f.severity === 'high' || f.severity === 'critical').map((f) => `${r.id}: ${f.title}`));
      expect(serious).toEqual([]);
    });
    it('trusts the demo CA and judges every host', () => {
      expect(byId('tls-certificate-untrusted')?.status).toBe('pass');
      expect(byId('spf-allows-any-sender')?.status).toBe('pass');
      expect(byId('dmarc-missing')?.status).toBe('pass');
    });
  }

  it('never ends a check in error against a healthy demo', () => {
    expect(results.filter((r) => r.status === 'error').map((r) => `${r.id}: ${r.reason}`)).toEqual([]);
  });
});
