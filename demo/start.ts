// Starts the whole Acme Ops demo on loopback: the app over HTTPS and plain
// HTTP, a DNS server for acme.test, a per-run CA and a repository fixture,
// all in one temp dir that close() removes. `launchready demo` and the e2e
// tests both go through here, so what the tests audit is what users see.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAcmeApp, createSeed, type DemoMode, type DemoState } from './app/index.js';
import { createDemoPki, DEMO_TLS_HOSTS } from './infra/certs.js';
import { startDnsServer } from './infra/dns-server.js';
import { buildRepoFixture, modelApiKey } from './infra/repo-fixture.js';
import { newSystemPromptCanary, systemPrompt } from './app/assistant/prompt.js';
import type { ChatModel } from './app/assistant/model.js';
import { OpenAiCompatibleModel } from './app/assistant/openai-model.js';
import { StandInModel } from './app/assistant/stand-in.js';
import { DEMO_APEX, demoZone } from './infra/zone.js';

export type { DemoMode, DemoState };

export interface DemoHandle {
  mode: DemoMode;
  /** Values for the env: references of demo/launchready.yml */
  env: Record<string, string>;
  /** Every secret of the demo: passwords, planted keys — for no-leak assertions. */
  secrets: string[];
  state: DemoState;
  /** Absolute path of demo/launchready.yml. */
  configPath: string;
  /** The run's temp dir (removed by close()): a place for files that live as long as the demo. */
  dir: string;
  /** Idempotent: stops every server, drops open sockets, deletes the temp dir. */
  close(): Promise<void>;
}

export interface StartDemoOptions {
  mode: DemoMode;
  sessionTtlMs?: number;
  /** Environment read for ACME_LLM_URL (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The assistant's model: the deterministic stand-in, or any OpenAI-compatible
 * chat endpoint named by ACME_LLM_URL (with ACME_LLM_API_KEY and ACME_LLM_MODEL).
 */
export function demoModel(env: NodeJS.ProcessEnv = process.env): ChatModel {
  const url = env.ACME_LLM_URL;
  return url ? new OpenAiCompatibleModel(url, env.ACME_LLM_API_KEY || undefined, env.ACME_LLM_MODEL || 'gpt-4o-mini') : new StandInModel();
}

const LOOPBACK = '127.0.0.1';
const APP_HOST = `app.${DEMO_APEX}`;
const KNOWN_HOSTS = new Set<string>(DEMO_TLS_HOSTS);

/**
 * Found by walking up to the package root rather than a fixed relative path,
 * because this file runs both as demo/start.ts (tsx, vitest) and as
 * dist/demo/start.js (the published CLI), one level apart.
 */
export function demoConfigPath(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'demo', 'launchready.yml');
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}; cannot locate demo/launchready.yml`);
    dir = parent;
  }
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function stop(server: http.Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    // Keep-alive clients (undici pools, browsers) would otherwise hold close() open.
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/**
 * The hardened plain-HTTP listener: every request gets a 301 to the same host
 * and path over HTTPS. An unknown Host header is not echoed into Location
 * (that would be an open redirect); it goes to the app host instead.
 */
function redirectToHttps(httpsPort: number): http.RequestListener {
  return (req, res) => {
    let host = APP_HOST;
    try {
      const asked = new URL(`http://${req.headers.host ?? ''}`).hostname.toLowerCase();
      if (KNOWN_HOSTS.has(asked)) host = asked;
    } catch {
      // malformed Host header: fall back to the app host
    }
    let pathAndQuery = req.url ?? '/';
    // Absolute-form request targets (proxies) carry their own origin; keep only the path.
    if (!pathAndQuery.startsWith('/')) {
      try {
        const u = new URL(pathAndQuery);
        pathAndQuery = u.pathname + u.search;
      } catch {
        pathAndQuery = '/';
      }
    }
    res.writeHead(301, { location: `https://${host}:${httpsPort}${pathAndQuery}`, 'content-length': '0' });
    res.end();
  };
}

/**
 * The hardened demo's session lifetime; demo/launchready.yml states it as
 * auth.flows.sessionTtlSeconds so the audit can replay a session past it.
 * Short, so a demo run shows both an expired session refused and the probe
 * engine signing roles in again mid-run.
 */
export const DEMO_SESSION_TTL_MS = 10_000;

/** Days the vulnerable demo's certificate has left: inside the 7-day critical window. */
const VULNERABLE_CERT_DAYS = 5;

/** Hardened: www is a legacy name; send it to the app host, keeping the path. */
function canonicalHost(app: http.RequestListener, httpsPort: number): http.RequestListener {
  return (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0]?.toLowerCase();
    if (host === `www.${DEMO_APEX}`) {
      res.writeHead(301, {
        location: `https://${APP_HOST}:${httpsPort}${req.url ?? '/'}`,
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'content-length': '0',
      });
      res.end();
      return;
    }
    app(req, res);
  };
}

export async function startDemo(opts: StartDemoOptions): Promise<DemoHandle> {
  const { mode } = opts;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-demo-'));
  // Undo steps run in reverse on close() or on a failed start, so a crash
  // half-way never leaves a port or temp dir behind.
  const cleanups: (() => Promise<void>)[] = [() => rm(tmp, { recursive: true, force: true })];
  const runCleanups = async () => {
    for (const undo of cleanups.splice(0).reverse()) await undo().catch(() => undefined);
  };

  try {
    // The assistant's system prompt is committed to the fixture, and its marker and model key are new each run.
    const canary = newSystemPromptCanary();
    const prompt = systemPrompt(canary);
    const apiKey = modelApiKey();
    const [pki, repo] = await Promise.all([
      createDemoPki({ leafValidDays: mode === 'vulnerable' ? VULNERABLE_CERT_DAYS : undefined }),
      buildRepoFixture(mode, path.join(tmp, 'acme-ops'), { systemPrompt: prompt, productionKey: apiKey }),
    ]);
    const caFile = path.join(tmp, 'ca.pem');
    await writeFile(caFile, pki.caPem);

    const dns = await startDnsServer(demoZone(mode), { host: LOOPBACK });
    cleanups.push(() => dns.close());

    // Vulnerable: still offers TLS 1.0 (the old load-balancer default nobody revisited).
    const legacyTls = mode === 'vulnerable' ? { minVersion: 'TLSv1' as const, ciphers: 'DEFAULT@SECLEVEL=0' } : {};
    const httpsServer = https.createServer({ key: pki.keyPem, cert: pki.certPem, ...legacyTls });
    const httpServer = http.createServer();
    cleanups.push(() => stop(httpsServer), () => stop(httpServer));
    const httpsPort = await listen(httpsServer);
    const httpPort = await listen(httpServer);

    const appUrl = `https://${APP_HOST}:${httpsPort}`;
    const seed = createSeed();
    const logFile = path.join(tmp, 'acme-ops.log');
    const { app, state, log } = createAcmeApp({
      mode,
      seed,
      appOrigin: appUrl,
      logFile,
      sessionTtlMs: opts.sessionTtlMs ?? DEMO_SESSION_TTL_MS,
      assistant: { model: demoModel(opts.env), systemPrompt: prompt, canary, apiKey },
    });
    cleanups.push(() => log.close());
    httpsServer.on('request', mode === 'vulnerable' ? app : canonicalHost(app, httpsPort));
    httpServer.on('request', mode === 'vulnerable' ? app : redirectToHttps(httpsPort));

    const passwordOf = (email: string): string => {
      const user = seed.users.find((u) => u.email === email);
      if (!user) throw new Error(`demo seed has no user ${email}`);
      return user.password;
    };

    const env: Record<string, string> = {
      ACME_APP_URL: appUrl,
      ACME_API_URL: `https://api.${DEMO_APEX}:${httpsPort}`,
      ACME_HTTP_URL: `http://${APP_HOST}:${httpPort}`,
      ACME_STAGING_URL: `https://staging.${DEMO_APEX}:${httpsPort}`,
      ACME_DNS_SERVER: `${dns.host}:${dns.port}`,
      ACME_CA_FILE: caFile,
      ACME_REPO: repo.path,
      ACME_APP_LOG: logFile,
      ACME_SYSTEM_PROMPT_CANARY: canary,
      // Alerts go nowhere real: the demo has no chat workspace. The audit only checks a route exists.
      ACME_ALERT_WEBHOOK: `http://${LOOPBACK}:9/launchready-demo-alerts`,
      ACME_OWNER_PASSWORD: passwordOf(`olivia@${DEMO_APEX}`),
      ACME_STAFF_PASSWORD: passwordOf(`sam@${DEMO_APEX}`),
      ACME_VIEWER_PASSWORD: passwordOf(`vic@${DEMO_APEX}`),
      ACME_OUTSIDER_PASSWORD: passwordOf('gary@globex.test'),
    };
    const secrets = [...new Set([...seed.users.map((u) => u.password), ...repo.plantedSecrets, ...state.generatedSecrets, pki.keyPem, canary, apiKey])];

    let closing: Promise<void> | undefined;
    return {
      mode,
      env,
      secrets,
      state,
      configPath: demoConfigPath(),
      dir: tmp,
      close: () => (closing ??= runCleanups()),
    };
  } catch (error) {
    await runCleanups();
    throw error;
  }
}
