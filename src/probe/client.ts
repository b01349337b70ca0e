// The probe engine's HTTP client. It is the only way checks' gatherers talk to
// a target, so the safety rules live here once:
// - state-changing methods only to origins whose environment allows writes;
// - credentials only to configured origins (redirects are never followed, so
//   they cannot carry a token elsewhere);
// - every request inside the budget, under a deadline, with a capped body;
// - every request in the ledger, and everything stored masked.
import tls from 'node:tls';
import { Agent, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'undici/types/header.js';
import type { HttpExchange } from '../evidence/types.js';
import type { Redactor } from '../secrets/redactor.js';
import { Budget, BudgetExceeded, type BudgetLimits } from './budget.js';
import { Ledger } from './ledger.js';
import { createLookup } from './resolver.js';
import { checkServerIdentity } from './server-identity.js';

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
  /** Stop reading the body once this says the answer is complete (a stream's `[DONE]` on a connection kept open). */
  stopWhen?: (received: string) => boolean;
}

export class SafetyError extends Error {}

export interface RawResult {
  exchange: HttpExchange;
  /** Unmasked body (capped); never store it. */
  body: string;
  setCookie: string[];
  /** Unmasked response headers, lower-case names (a login may return its token in one); never store them. */
  headers?: Record<string, string>;
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
        // Node's `ca` replaces the default trust store; keep the public roots
        // and add the configured one (a staging or demo CA).
        ca: opts.ca ? [...tls.rootCertificates, opts.ca] : undefined,
        // Browsers' name rules (subjectAltName only, no CN fallback): a certificate a browser refuses is refused here too.
        checkServerIdentity,
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
    // Parsed once: the safety rules and the dispatch below read the same origin.
    let url: URL | undefined;
    let urlError: unknown;
    try {
      url = new URL(req.url);
    } catch (err) {
      urlError = err;
    }
    const origin = url ? url.origin : req.url;
    if (!SAFE_METHODS.has(method) && !req.declaredAuthFlow && !this.writableOrigins.has(origin)) {
      throw new SafetyError(`${method} ${req.url} refused: writes are not allowed on this environment`);
    }
    const headers: Record<string, string> = { 'user-agent': 'launchready', ...req.headers };
    if (req.credentials && this.credentialOrigins.has(origin)) Object.assign(headers, req.credentials);

    const redactor = this.opts.redactor;
    const maskedHeaders: Record<string, string> = {};
    for (const k in headers) maskedHeaders[k.toLowerCase()] = redactor.scrubHeader(k, headers[k]!);
    const exchange: HttpExchange = {
      request: {
        method,
        url: redactor.scrub(req.url),
        headers: maskedHeaders,
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
      if (!url) throw urlError;
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported URL scheme ${url.protocol}`);
      const res = await exchangeOnce(this.agent, url, method, headers, req.body, this.opts.timeoutMs, req.stopWhen);
      raw.body = res.text;
      raw.setCookie = res.setCookie;
      const maskedResponse: Record<string, string> = {};
      const rawHeaders: Record<string, string> = {};
      raw.headers = rawHeaders;
      for (const k in res.headers) {
        const v = res.headers[k];
        rawHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : (v ?? '');
        // Each value masked on its own: a second Set-Cookie joined behind the first one's attributes
        // ("Path=/, other=…") would otherwise read as an attribute and escape the mask.
        maskedResponse[k] = Array.isArray(v) ? v.map((x) => redactor.scrubHeader(k, x)).join(', ') : redactor.scrubHeader(k, v ?? '');
      }
      exchange.response = {
        status: res.status,
        headers: maskedResponse,
        body: redactor.scrub(res.text.length > EXCERPT_CHARS ? res.text.slice(0, EXCERPT_CHARS) : res.text),
        bodyTruncated: res.truncated || res.text.length > EXCERPT_CHARS,
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

interface Received {
  status: number;
  headers: IncomingHttpHeaders;
  setCookie: string[];
  text: string;
  truncated: boolean;
}

class DeadlineError extends Error {
  override name = 'TimeoutError';
}

/**
 * One request on undici's dispatcher, read to the cap. We use dispatch() with
 * our own handler rather than request(): request() wraps the body in a
 * Readable and its async iterator and wants an AbortSignal for the overall
 * deadline (AbortSignal.timeout costs a timer, a weak ref and listeners per
 * call) — together about a third of the engine's CPU per request on loopback.
 * Here a single timer is the deadline (connect, queueing, headers, a slow
 * drip: all inside it), and the body is collected straight from the socket's
 * chunks, stopping at MAX_BODY_BYTES. The agent's headers/body timeouts still
 * apply underneath.
 */
function exchangeOnce(
  agent: Agent,
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  stopWhen?: (received: string) => boolean,
): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    const receiver = new Receiver(resolve, reject, timeoutMs, stopWhen);
    try {
      agent.dispatch({ origin: url.origin, path: url.pathname + url.search, method: method as Dispatcher.HttpMethod, headers, body }, receiver);
    } catch (err) {
      receiver.finish(err as Error);
    }
  });
}

/** The dispatch handler: a class, so a request allocates one object and one timer rather than a set of closures. */
class Receiver implements Dispatcher.DispatchHandler {
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly timer: NodeJS.Timeout;
  /** The last characters received, for stopWhen (a [DONE] may straddle two chunks). */
  private tail = '';

  constructor(
    private readonly resolve: (r: Received) => void,
    private readonly reject: (e: Error) => void,
    timeoutMs: number,
    private readonly stopWhen?: (received: string) => boolean,
  ) {
    this.timer = setTimeout(() => {
      const err = new DeadlineError(`no complete answer within ${timeoutMs} ms`);
      this.finish(err);
      this.stop(err);
    }, timeoutMs);
  }

  finish(err: Error | undefined, truncated = false): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    if (err) {
      this.reject(err);
      return;
    }
    const chunks = this.chunks;
    this.chunks = [];
    const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    const text = (truncated && buf.length > MAX_BODY_BYTES ? buf.subarray(0, MAX_BODY_BYTES) : buf).toString('utf8');
    const sc = this.headers['set-cookie'];
    this.resolve({ status: this.status, headers: this.headers, setCookie: sc === undefined ? [] : Array.isArray(sc) ? sc : [sc], text, truncated });
  }

  private stop(reason: Error): void {
    if (this.controller && !this.controller.aborted) this.controller.abort(reason);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // The deadline passed while the request waited for a connection.
    if (this.settled) controller.abort(new DeadlineError('deadline passed before sending'));
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    // 1xx (100-continue, 103 early hints) are not the answer.
    if (statusCode < 200) return;
    this.status = statusCode;
    this.headers = headers;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size >= MAX_BODY_BYTES) {
      this.finish(undefined, true);
      this.stop(new Error('body cap reached'));
      return;
    }
    if (this.stopWhen) {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-512);
      if (this.stopWhen(this.tail)) {
        this.finish(undefined);
        // Most servers end the response right after; only one that keeps it open is cut off, so a
        // connection that is about to be reused is never torn down mid-handover.
        setTimeout(() => {
          if (!this.ended) this.stop(new Error('answer complete'));
        }, 200).unref();
      }
    }
  }

  private ended = false;

  onResponseEnd(): void {
    this.ended = true;
    this.finish(undefined);
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    this.finish(err);
  }
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
