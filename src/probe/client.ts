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
import { Budget, type BudgetLimits } from './budget.js';
import { Ledger } from './ledger.js';
import { AnswerShapes } from './answer-shapes.js';
import { Liveness, type Attempt } from './liveness.js';
import { createLookup } from './resolver.js';
import { checkServerIdentity } from './server-identity.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MAX_BODY_BYTES = 256 * 1024;
/**
 * The cap for a list read to find one object in it (a create read back where
 * the API has no item read): the whole list must be seen, or the object's
 * absence proves nothing. Higher than MAX_BODY_BYTES because lists grow with
 * every audit's leftovers the API gives no way to delete; only the excerpt is
 * stored, so this bounds one in-memory string, not the evidence. 2 MB holds
 * twenty audits' 100 KB leftovers, and a pool of such reads stays well inside
 * bench/hostile's memory goal.
 */
export const LIST_READ_BACK_BYTES = 2 * 1024 * 1024;
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
  /** Target liveness (src/probe/liveness.ts): failures in a row before a health read, the wait for recovery, health URLs per origin. */
  liveness?: { threshold?: number; recoveryMs?: number; healthUrls?: Record<string, string> };
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
  /** The liveness watch's own health reads and replays: not gated by it, not refused by the request budget. */
  unwatched?: boolean;
  /** A read that shows the app works (a role's list, the health path): replayed at the end to prove it still does. */
  baselineRead?: boolean;
  /** Stop reading the body once this says the answer is complete (a stream's `[DONE]` on a connection kept open). */
  stopWhen?: (received: string) => boolean;
  /** Body cap in bytes for this request (default MAX_BODY_BYTES, 256 KB); see LIST_READ_BACK_BYTES. */
  maxBodyBytes?: number;
}

/** A baseline read that succeeded during the run, kept in memory (with its credentials) for the final replay. */
export interface BaselineRead {
  request: ProbeRequest;
  exchange: HttpExchange;
  seq: number;
}

const MAX_BASELINE_READS = 100;

export class SafetyError extends Error {}

export interface RawResult {
  exchange: HttpExchange;
  /** Unmasked body (capped); never store it. */
  body: string;
  setCookie: string[];
  /** Unmasked response headers, lower-case names (a login may return its token in one); never store them. */
  headers?: Record<string, string>;
  /** Ledger number and ISO start time; absent when the request was not sent. */
  seq?: number;
  time?: string;
  /** The body reached the probe's cap (MAX_BODY_BYTES, or the request's maxBodyBytes) and was cut there; bodyCap says which. */
  bodyCapped?: boolean;
  bodyCap?: number;
}

/**
 * What happened to a body that cannot be read as the answer it should be:
 * cut at the probe's body limit, or holding NUL bytes (binary, or a broken
 * encoding). Undefined when neither: then the body is what the app sent.
 */
export function bodyProblem(res: RawResult): string | undefined {
  if (res.bodyCapped) return `the body was cut at the probe's limit of ${(res.bodyCap ?? MAX_BODY_BYTES) / 1024} KB, so it is not whole`;
  const nul = res.body.indexOf('\u0000');
  if (nul >= 0) return `the body holds NUL bytes (first at character ${nul}): binary data or a broken encoding, not text`;
  return undefined;
}

export class ProbeClient {
  readonly ledger = new Ledger();
  readonly budget: Budget;
  readonly liveness: Liveness<ProbeRequest>;
  /** HTML answers where JSON was asked for, per origin (said once in the coverage block). */
  readonly answerShapes = new AnswerShapes();
  /** Reads that worked, in order (first MAX_BASELINE_READS, one per role and URL); never stored, credentials inside. */
  readonly baselineReads: BaselineRead[] = [];
  private readonly agent: Agent;
  /**
   * Timeouts per operation (method, origin, path with ids as {id}): after two,
   * the operation is skipped for the rest of the run. One endpoint that drips
   * a byte a second must not take the full timeout thirteen times over and eat
   * the time budget of every stage after it.
   */
  private readonly timeouts = new Map<string, number>();
  /** Operations skipped for timing out twice, and how many requests to them were not sent. */
  readonly slowOperations = new Map<string, number>();
  /** Operations the audit must never call (src/target/exclusions.ts): why a request is refused, or undefined. */
  private excluded: (method: string, pathname: string) => string | undefined = () => undefined;
  private readonly credentialOrigins: Set<string>;
  private readonly writableOrigins: Set<string>;

  constructor(private readonly opts: ProbeClientOptions) {
    this.budget = new Budget(opts);
    const healthUrls = new Map(Object.entries(opts.liveness?.healthUrls ?? {}).map(([o, u]) => [originOf(o), u]));
    this.liveness = new Liveness<ProbeRequest>(
      {
        threshold: opts.liveness?.threshold ?? 3,
        // Long enough for a supervisor to restart the app, short enough not to eat the run.
        recoveryMs: opts.liveness?.recoveryMs ?? Math.min(30_000, 3 * opts.timeoutMs),
        healthUrl: (origin) => healthUrls.get(origin) ?? `${origin}/`,
      },
      async (r) => {
        const req: ProbeRequest = 'role' in r ? { ...r, unwatched: true } : { ...r, role: 'anonymous', unwatched: true };
        const res = await this.perform(req).catch((err: Error) => ({ exchange: { request: { method: r.method, url: r.url, headers: {}, role: req.role }, error: `not sent: ${err.message}`, durationMs: 0 } as HttpExchange, seq: undefined, time: undefined }));
        return { seq: res.seq ?? 0, time: res.time ?? new Date().toISOString(), exchange: res.exchange };
      },
    );
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

  /** The last line of defence for `exclude:` and dangerous operations: such requests are never sent. */
  setExclusions(guard: (method: string, pathname: string) => string | undefined): void {
    this.excluded = guard;
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
    // Refused before anything is built: once the budget is spent, the rest of a large document's
    // operations must cost next to nothing (memory follows the budget, not the document).
    const spent = req.unwatched ? undefined : this.budget.exhausted();
    if (spent) {
      this.budget.tryAcquire().catch(() => undefined); // records what ran out, once
      const exchange: HttpExchange = { request: { method, url: this.opts.redactor.scrub(req.url), headers: {}, role: req.role }, error: `not sent: ${spent}`, durationMs: 0 };
      return { exchange, body: '', setCookie: [] };
    }
    const headers: Record<string, string> = { 'user-agent': 'launchready', ...req.headers };
    if (req.credentials && this.credentialOrigins.has(origin)) Object.assign(headers, req.credentials);

    const redactor = this.opts.redactor;
    const maskedHeaders: Record<string, string> = {};
    for (const k in headers) maskedHeaders[k.toLowerCase()] = redactor.scrubHeader(k, headers[k]!);
    const exchange: HttpExchange = {
      request: {
        method,
        url: redactor.scrubBody(req.url),
        headers: maskedHeaders,
        body: req.body === undefined ? undefined : redactor.scrubBody(req.body.slice(0, EXCERPT_CHARS)),
        role: req.role,
      },
      durationMs: 0,
    };
    const raw: RawResult = { exchange, body: '', setCookie: [] };

    const excluded = url ? this.excluded(method, url.pathname) : undefined;
    if (excluded) {
      exchange.error = `not sent: excluded (${excluded})`;
      return raw;
    }
    const opKey = url ? operationKey(method, url) : '';
    if (!req.unwatched && (this.timeouts.get(opKey) ?? 0) >= SLOW_AFTER) {
      this.slowOperations.set(opKey, (this.slowOperations.get(opKey) ?? 0) + 1);
      exchange.error = `not sent: ${opKey} timed out twice; skipped for the rest of the run`;
      return raw;
    }
    if (url && !req.unwatched) {
      // A dead origin's later requests are not sent: they would only be errors, never evidence.
      const dead = await this.liveness.admit(origin, req);
      if (dead) {
        exchange.error = `not sent: ${origin} stopped answering at request #${dead.seq} (${dead.time}), after this request or another`;
        exchange.targetDown = dead;
        return raw;
      }
    }
    if (!req.unwatched) {
      const refused = await this.budget.tryAcquire();
      if (refused) {
        exchange.error = `not sent: ${refused}`;
        return raw;
      }
    }

    const time = new Date().toISOString();
    const started = performance.now();
    try {
      if (!url) throw urlError;
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`unsupported URL scheme ${url.protocol}`);
      const cap = req.maxBodyBytes ?? MAX_BODY_BYTES;
      const res = await exchangeOnce(this.agent, url, method, headers, req.body, this.opts.timeoutMs, req.stopWhen, cap);
      raw.body = res.text;
      raw.setCookie = res.setCookie;
      if (res.truncated) {
        raw.bodyCapped = true;
        raw.bodyCap = cap;
      }
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
        // Tokens in the body (a login's JWT, a session id) are masked and learned, whatever scheme the config names.
        body: redactor.scrubBody(res.text.length > EXCERPT_CHARS ? res.text.slice(0, EXCERPT_CHARS) : res.text),
        bodyTruncated: res.truncated || res.text.length > EXCERPT_CHARS,
      };
    } catch (err) {
      exchange.error = describeError(err);
    }
    exchange.durationMs = Math.round(performance.now() - started);
    raw.time = time;
    raw.seq = this.ledger.record({
      time,
      method,
      url: exchange.request.url,
      role: req.role,
      purpose: req.purpose,
      status: exchange.response?.status ?? null,
      durationMs: exchange.durationMs,
      error: exchange.error,
    });
    if (url && !req.unwatched) this.liveness.observe(origin, { seq: raw.seq, time, request: req, exchange } satisfies Attempt<ProbeRequest>);
    if (url) this.answerShapes.observe(origin, raw.seq, time, exchange);
    if (exchange.error === 'timed out' && !req.unwatched) {
      const n = (this.timeouts.get(opKey) ?? 0) + 1;
      this.timeouts.set(opKey, n);
      if (n === SLOW_AFTER) this.slowOperations.set(opKey, 0);
    }
    const st = exchange.response?.status;
    if (req.baselineRead && method === 'GET' && st !== undefined && st >= 200 && st < 300 && this.baselineReads.length < MAX_BASELINE_READS) {
      if (!this.baselineReads.some((b) => b.request.url === req.url && b.request.role === req.role)) this.baselineReads.push({ request: req, exchange, seq: raw.seq });
    }
    return raw;
  }

  async close(): Promise<void> {
    await this.liveness.settle();
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
  cap = MAX_BODY_BYTES,
): Promise<Received> {
  return new Promise<Received>((resolve, reject) => {
    const receiver = new Receiver(resolve, reject, timeoutMs, stopWhen, cap);
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
    private readonly cap = MAX_BODY_BYTES,
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
    const text = (truncated && buf.length > this.cap ? buf.subarray(0, this.cap) : buf).toString('utf8');
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
    if (this.size >= this.cap) {
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

/** Timeouts of one operation after which it is skipped for the rest of the run. */
const SLOW_AFTER = 2;

/** "GET http://host:port/api/items/{id}": numeric and long hex/uuid segments read as ids, so an operation is one key whatever id it is called with. */
export function operationKey(method: string, url: URL): string {
  const path = url.pathname.replace(/\/(\d+|[0-9a-f-]{16,})(?=\/|$)/gi, '/{id}');
  return `${method} ${url.origin}${path}`;
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
