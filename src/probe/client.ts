// The probe engine's HTTP client. It is the only way checks' gatherers talk to
// a target, so the safety rules live here once:
// - state-changing methods only to origins whose environment allows writes;
// - credentials only to configured origins (redirects are never followed, so
//   they cannot carry a token elsewhere);
// - every request inside the budget, under a deadline, with a capped body;
// - every request in the ledger, and everything stored masked.
import { Agent, errors as undiciErrors, request } from 'undici';
import type { Dispatcher } from 'undici';
import type { HttpExchange } from '../evidence/types.js';
import type { Redactor } from '../secrets/redactor.js';
import { Budget, BudgetExceeded, type BudgetLimits } from './budget.js';
import { Ledger } from './ledger.js';
import { createLookup } from './resolver.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_BODY_BYTES = 256 * 1024;
const EXCERPT_CHARS = 4_000;

export interface ProbeClientOptions extends BudgetLimits {
  timeoutMs: number;
  dnsServer?: string;
  /** Extra CA certificates (PEM) to trust. */
  ca?: string;
  /** Origins (scheme://host:port) where credentials may be sent. */
  credentialOrigins: Iterable<string>;
  /** Origins where state-changing requests are allowed. */
  writableOrigins: Iterable<string>;
  redactor: Redactor;
}

export interface ProbeRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Who is calling: a role name, or "anonymous". */
  role: string;
  /** Why: shown in the ledger. */
  purpose: string;
  /** Credential headers; dropped unless the URL's origin is a credential origin. */
  credentials?: Record<string, string>;
  /** Login/logout declared in the config: a POST the user asked for explicitly. */
  declaredAuthFlow?: boolean;
}

export class SafetyError extends Error {}

export interface RawResult {
  exchange: HttpExchange;
  /** Unmasked body (capped); never store it. */
  body: string;
  setCookie: string[];
}

export class ProbeClient {
  readonly ledger = new Ledger();
  readonly budget: Budget;
  private readonly agent: Agent;
  private readonly credentialOrigins: Set<string>;
  private readonly writableOrigins: Set<string>;

  constructor(private readonly opts: ProbeClientOptions) {
    this.budget = new Budget(opts);
    this.credentialOrigins = new Set([...opts.credentialOrigins].map(originOf));
    this.writableOrigins = new Set([...opts.writableOrigins].map(originOf));
    this.agent = new Agent({
      connect: {
        lookup: createLookup({ dnsServer: opts.dnsServer, timeoutMs: opts.timeoutMs }),
        ca: opts.ca ? [opts.ca] : undefined,
        timeout: opts.timeoutMs,
      },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      connections: 8,
    });
  }

  canWrite(url: string): boolean {
    return this.writableOrigins.has(originOf(url));
  }

  async send(req: ProbeRequest): Promise<HttpExchange> {
    return (await this.perform(req)).exchange;
  }

  /**
   * Like send(), and also hands back the raw body and Set-Cookie values so a
   * caller can harvest a session token or ids. Raw values live only in memory.
   */
  async sendRaw(req: ProbeRequest): Promise<RawResult> {
    return this.perform(req);
  }

  private async perform(req: ProbeRequest): Promise<RawResult> {
    const method = req.method.toUpperCase();
    if (!SAFE_METHODS.has(method) && !req.declaredAuthFlow && !this.canWrite(req.url)) {
      throw new SafetyError(`${method} ${req.url} refused: writes are not allowed on this environment`);
    }
    const headers: Record<string, string> = { 'user-agent': 'launchready', ...req.headers };
    if (req.credentials && this.credentialOrigins.has(originOf(req.url))) Object.assign(headers, req.credentials);

    const redactor = this.opts.redactor;
    const exchange: HttpExchange = {
      request: {
        method,
        url: redactor.scrub(req.url),
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), redactor.scrubHeader(k, v)])),
        body: req.body === undefined ? undefined : redactor.scrub(req.body.slice(0, EXCERPT_CHARS)),
        role: req.role,
      },
      durationMs: 0,
    };
    const raw: RawResult = { exchange, body: '', setCookie: [] };

    try {
      await this.budget.acquire();
    } catch (err) {
      if (!(err instanceof BudgetExceeded)) throw err;
      exchange.error = `not sent: ${err.message}`;
      return raw;
    }

    const time = new Date().toISOString();
    const started = performance.now();
    try {
      const res = await request(req.url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        body: req.body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      const { text, truncated } = await readCapped(res.body);
      raw.body = text;
      const setCookie = res.headers['set-cookie'];
      raw.setCookie = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
      exchange.response = {
        status: res.statusCode,
        headers: Object.fromEntries(
          Object.entries(res.headers).map(([k, v]) => [k, redactor.scrubHeader(k, Array.isArray(v) ? v.join(', ') : (v ?? ''))]),
        ),
        body: redactor.scrub(text.slice(0, EXCERPT_CHARS)),
        bodyTruncated: truncated || text.length > EXCERPT_CHARS,
      };
    } catch (err) {
      exchange.error = describeError(err);
    }
    exchange.durationMs = Math.round(performance.now() - started);
    this.ledger.record({
      time,
      method,
      url: exchange.request.url,
      role: req.role,
      purpose: req.purpose,
      status: exchange.response?.status ?? null,
      durationMs: exchange.durationMs,
      error: exchange.error,
    });
    return raw;
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<{ text: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_BODY_BYTES) {
      body.destroy();
      return { text: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'), truncated: true };
    }
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function describeError(err: unknown): string {
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError) return 'timed out';
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  const code = e.cause?.code ?? e.code;
  const msg = e.cause?.message ?? e.message ?? String(err);
  return code ? `${code}: ${msg}` : msg;
}
