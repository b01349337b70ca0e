// Stage-3 benchmark: the whole edge/domain/mail audit of the demo domain on
// loopback (vulnerable and hardened), timed, with testssl.sh against the same
// HTTPS host:port in the same run for reference.
//
//   npx tsx bench/edge/run.ts            # testssl.sh --fast (default)
//   npx tsx bench/edge/run.ts --full     # testssl.sh with all its default checks (several minutes)
//
// Prerequisite (not installed by this script): apt-get install -y testssl.sh
import { spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import { startDemo } from '../../demo/start.js';
import { CHECKS } from '../../src/checks/registry.js';
import { loadConfig } from '../../src/config/load.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { gatherEdge } from '../../src/evidence/gatherers/edge/index.js';
import { probeTlsHost } from '../../src/evidence/gatherers/edge/tls-probe.js';
import type { Evidence, EvidenceKey } from '../../src/evidence/types.js';
import { ProbeClient, originOf } from '../../src/probe/client.js';
import { Redactor } from '../../src/secrets/redactor.js';

const FULL = process.argv.includes('--full');
const ROUNDS = 3;
const EDGE_KEYS: readonly EvidenceKey[] = ['dns', 'mail', 'tls', 'edgeHttp'];
const STAGE3 = CHECKS.filter((c) => c.meta.requires.length > 0 && c.meta.requires.every((k) => EDGE_KEYS.includes(k)));
const CTX = { projectName: 'bench', profile: 'first-customers' as const, productType: 'internal-tool', environment: 'production' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function findTestssl(): string | undefined {
  for (const bin of ['testssl', 'testssl.sh']) {
    if (spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0) return bin;
  }
  return undefined;
}

function runTestssl(bin: string, hostPort: string, caFile: string): Promise<{ ms: number; code: number | null }> {
  const args = ['--quiet', '--color', '0', '--warnings', 'off', '--ip', '127.0.0.1', '--add-ca', caFile, ...(FULL ? [] : ['--fast']), hostPort];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('close', (code) => resolve({ ms: performance.now() - started, code }));
    child.on('error', () => resolve({ ms: performance.now() - started, code: null }));
  });
}

async function auditOnce(mode: 'vulnerable' | 'hardened') {
  const handle = await startDemo({ mode });
  try {
    const loaded = loadConfig(handle.configPath, { env: { ...process.env, ...handle.env } });
    const { config } = loaded;
    const net = config.network;
    const ca = await readFile(handle.env.ACME_CA_FILE!, 'utf8');
    const appUrl = new URL(handle.env.ACME_APP_URL!);
    const times: number[] = [];
    const tlsOnly: number[] = [];
    let findings = 0;
    let requests = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const client = new ProbeClient({
        timeoutMs: net.timeoutMs,
        maxRequests: net.maxRequests,
        ratePerSecond: net.ratePerSecond,
        maxSeconds: net.maxSeconds,
        dnsServer: net.dnsServer,
        ca,
        credentialOrigins: config.environments.production?.apiUrl ? [originOf(config.environments.production.apiUrl)] : [],
        writableOrigins: [],
        redactor: new Redactor(loaded.secrets),
      });
      const t0 = performance.now();
      const edge = await gatherEdge({ config, environment: 'production', dnsServer: net.dnsServer, timeoutMs: net.timeoutMs, ca, client });
      const results = runChecks(STAGE3, edge as unknown as Evidence, CTX);
      times.push(performance.now() - t0);
      findings = results.reduce((n, r) => n + r.findings.length, 0);
      requests = client.ledger.all().length;
      await client.close();
      // Like for like with testssl.sh: one host, our TLS probe only (handshake + TLS 1.0/1.1 probes).
      const t1 = performance.now();
      await probeTlsHost({ host: '127.0.0.1', port: Number(appUrl.port), servername: appUrl.hostname, ca: [...tls.rootCertificates, ca], timeoutMs: net.timeoutMs });
      tlsOnly.push(performance.now() - t1);
    }
    return { handle, caFile: handle.env.ACME_CA_FILE!, hostPort: `${appUrl.hostname}:${appUrl.port}`, audit: median(times), tlsOnly: median(tlsOnly), findings, requests };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

const testssl = findTestssl();
console.log(`launchready stage-3 benchmark (median of ${ROUNDS} runs per mode; testssl.sh ${FULL ? 'full default run' : '--fast'})\n`);
for (const mode of ['vulnerable', 'hardened'] as const) {
  const r = await auditOnce(mode);
  try {
    console.log(`${mode}:`);
    console.log(`  launchready stage 3 (DNS map, mail, TLS on 5 hosts, redirects/HSTS/mixed content/caching, ${STAGE3.length} checks): ${r.audit.toFixed(0)} ms, ${r.requests} HTTP requests, ${r.findings} findings`);
    console.log(`  launchready TLS probe of ${r.hostPort} only: ${r.tlsOnly.toFixed(0)} ms`);
    if (!testssl) {
      console.log('  testssl.sh: not installed (apt-get install -y testssl.sh); no reference time');
      continue;
    }
    const t = await runTestssl(testssl, r.hostPort, r.caFile);
    console.log(`  testssl.sh ${FULL ? '' : '--fast '}--ip 127.0.0.1 ${r.hostPort}: ${t.ms.toFixed(0)} ms (exit ${t.code})`);
    console.log(`  ratio testssl.sh / launchready whole stage 3: ${(t.ms / r.audit).toFixed(1)}x`);
    console.log(`  ratio testssl.sh / launchready TLS probe of the same host: ${(t.ms / r.tlsOnly).toFixed(1)}x`);
  } finally {
    await r.handle.close();
  }
}
