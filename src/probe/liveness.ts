// The target's liveness is evidence too. The probe engine watches every
// origin it talks to:
// - an origin that answered before and then fails `threshold` requests in a
//   row (refused, reset, timed out) gets a health read; if that fails too, the
//   origin is down from the first failed request of the streak, and every
//   exchange that met it is marked (HttpExchange.targetDown): never evidence
//   of safety. A health read that answers was a false alarm (a slow endpoint,
//   not a dead app) and changes nothing;
// - while it is down, new requests to it wait; the engine polls the health
//   read until the origin answers again or `recoveryMs` has passed, after
//   which the origin is dead for the run and requests to it are not sent;
// - once it is back, the requests that were in flight when it went down (and
//   the last one it answered) are replayed one at a time: one that takes it
//   down again is a crash, reported as request-crashes-server.
// Only requests that reached the app are suspects: a refused connection
// never did.
import type { ClearedReplay, CrashEvidence, DownEpisode, LivenessEvidence, OriginLiveness } from '../evidence/liveness-types.js';
import type { HttpExchange, TargetDown } from '../evidence/types.js';

export interface LivenessOptions {
  /** Consecutive failed requests before the origin gets a health read. */
  threshold: number;
  /** How long to wait for a down origin to come back, ms. */
  recoveryMs: number;
  /** The cheap read that tells whether an origin answers (any HTTP status counts). */
  healthUrl(origin: string): string;
}

/** One request the watch saw complete. */
export interface Attempt<R> {
  seq: number;
  time: string;
  /** The request as sent, for a replay. */
  request: R;
  exchange: HttpExchange;
}

/** How the watch sends its own requests (health reads, replays): never gated, never budget-refused. */
export type WatchSend<R> = (request: R | { method: 'GET'; url: string; purpose: string }) => Promise<{ seq: number; time: string; exchange: HttpExchange }>;

type Failure = 'refused' | 'reset' | 'timeout';

/** Connection-level failures only: a TLS or DNS error says nothing about the app being up. */
export function failureOf(exchange: HttpExchange): Failure | undefined {
  if (exchange.response) return undefined;
  const e = exchange.error ?? '';
  if (e.startsWith('not sent')) return undefined;
  if (/ECONNREFUSED/.test(e)) return 'refused';
  if (/ECONNRESET|EPIPE|UND_ERR_SOCKET|other side closed|socket hang up|UND_ERR_CLOSED/.test(e)) return 'reset';
  if (/timed out|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|ETIMEDOUT/.test(e)) return 'timeout';
  return undefined;
}

/** Replays per episode: the requests in flight are few (the pool's size); more would be guessing. */
const MAX_SUSPECTS = 4;
/**
 * The pause before the one health read after a replay. The crash must follow
 * the replay at once (it got no answer, or the very next read fails): later
 * reads would blame the replay for whatever else kills the app (a leak that
 * kills it every Nth request).
 */
const AFTER_REPLAY_PAUSE_MS = 250;

interface Watch<R> {
  origin: string;
  report: OriginLiveness;
  phase: 'up' | 'checking' | 'dead';
  streak: Attempt<R>[];
  lastAnswered?: Attempt<R>;
  mark?: TargetDown;
  gate?: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Liveness<R extends { method: string; url: string; purpose: string }> {
  private readonly watches = new Map<string, Watch<R>>();
  private readonly crashes: CrashEvidence[] = [];
  private readonly cleared: ClearedReplay[] = [];
  /** Requests confirmed to crash the origin, with the mark of that crash. */
  private readonly crashers = new Map<string, TargetDown>();

  constructor(
    private readonly opts: LivenessOptions,
    private readonly send: WatchSend<R>,
  ) {}

  private watch(origin: string): Watch<R> {
    let w = this.watches.get(origin);
    if (!w) {
      w = { origin, report: { origin, answered: false, downs: [] }, phase: 'up', streak: [] };
      this.watches.set(origin, w);
    }
    return w;
  }

  /**
   * Before a request: waits while the origin is being checked or awaited;
   * returns the mark when it is dead, or when this very request (same
   * method, path, caller) already crashed it twice, so the caller does not
   * send: the app is not taken down again for a finding already made.
   */
  async admit(origin: string, request: R): Promise<TargetDown | undefined> {
    const w = this.watches.get(origin);
    if (!w) return undefined;
    while (w.phase === 'checking' && w.gate) await w.gate;
    if (w.phase === 'dead') return w.mark;
    return this.crashers.get(this.key(request));
  }

  /** What makes two requests "the same" for a crash: method, path (no query, no ids beyond the path), caller. */
  private key(r: R): string {
    let path = r.url;
    try {
      path = new URL(r.url).pathname;
    } catch {
      // keep the raw URL
    }
    const who = (r as { role?: string }).role ?? '';
    const creds = (r as { credentials?: unknown }).credentials ? 'with credentials' : 'without';
    return `${r.method.toUpperCase()} ${path} ${who} ${creds}`;
  }

  /** After a request completed (answered or not). */
  observe(origin: string, attempt: Attempt<R>): void {
    const w = this.watch(origin);
    if (attempt.exchange.response) {
      w.report.answered = true;
      if (w.phase === 'up') {
        w.streak = [];
        w.lastAnswered = attempt;
      }
      return;
    }
    if (!failureOf(attempt.exchange)) return;
    if (w.mark) {
      // Already known down (in flight when it died): mark it now.
      attempt.exchange.targetDown = w.mark;
      return;
    }
    // An origin that never answered is unreachable, not down: the coverage block says so once.
    if (!w.report.answered) return;
    w.streak.push(attempt);
    if (w.phase === 'up' && w.streak.length >= this.opts.threshold) {
      w.phase = 'checking';
      w.gate = this.check(w);
    }
  }

  private async health(origin: string): Promise<{ seq: number; time: string; exchange: HttpExchange }> {
    return this.send({ method: 'GET', url: this.opts.healthUrl(origin), purpose: 'liveness: does the target still answer?' });
  }

  private async check(w: Watch<R>): Promise<void> {
    try {
      const first = await this.health(w.origin);
      if (first.exchange.response || !failureOf(first.exchange)) {
        // A slow endpoint, not a dead app.
        w.streak = [];
        w.phase = 'up';
        return;
      }
      const start = w.streak[0]!;
      w.mark = { origin: w.origin, seq: start.seq, time: start.time };
      for (const a of w.streak) a.exchange.targetDown = w.mark;
      const episode: DownEpisode = { ...w.mark, error: start.exchange.error ?? 'no answer' };
      w.report.downs.push(episode);
      const suspects = this.suspects(w);
      if (!(await this.awaitRecovery(w, episode))) return;
      for (const s of suspects) {
        const crashed = await this.replay(w, s);
        if (!crashed) continue;
        // It is down again because of us: wait for it once more before the run goes on.
        const again: DownEpisode = { origin: w.origin, seq: crashed.seq, time: crashed.time, error: crashed.error };
        w.report.downs.push(again);
        w.mark = { origin: w.origin, seq: crashed.seq, time: crashed.time };
        if (!(await this.awaitRecovery(w, again))) return;
        break;
      }
      w.streak = [];
      w.mark = undefined;
      w.phase = 'up';
    } catch {
      // The watch must never break the run: on a bug here, carry on unwatched.
      w.streak = [];
      w.mark = undefined;
      w.phase = 'up';
    }
  }

  /**
   * Requests that reached the app just before it went down: the ones in
   * flight (reset, timed out); when none was, the last one it answered (an
   * app that exits after answering).
   */
  private suspects(w: Watch<R>): Attempt<R>[] {
    const inFlight = w.streak.filter((a) => failureOf(a.exchange) !== 'refused');
    const list = inFlight.length ? inFlight : w.lastAnswered ? [w.lastAnswered] : [];
    return list.slice(0, MAX_SUSPECTS);
  }

  /** Polls the health read with growing gaps; false when the origin stayed down (it is dead for the run). */
  private async awaitRecovery(w: Watch<R>, episode: DownEpisode): Promise<boolean> {
    const started = Date.now();
    let gap = 100;
    while (Date.now() - started < this.opts.recoveryMs) {
      await sleep(Math.min(gap, Math.max(0, this.opts.recoveryMs - (Date.now() - started))));
      gap = Math.min(gap * 2, 2_000);
      const h = await this.health(w.origin);
      if (h.exchange.response) {
        episode.recovered = { seq: h.seq, time: h.time };
        return true;
      }
    }
    w.phase = 'dead';
    w.report.dead = { ...w.mark!, waitedMs: this.opts.recoveryMs };
    return false;
  }

  /** Sends a suspect alone; a crash when the origin stops answering right after it. */
  private async replay(w: Watch<R>, s: Attempt<R>): Promise<{ seq: number; time: string; error: string } | undefined> {
    const r = await this.send({ ...s.request, purpose: `crash replay of request #${s.seq} (${s.request.purpose})` });
    let downAgain: string | undefined;
    let at = r;
    await sleep(AFTER_REPLAY_PAUSE_MS);
    const h = await this.health(w.origin);
    if (!h.exchange.response && failureOf(h.exchange)) {
      downAgain = `${h.exchange.request.method} ${h.exchange.request.url}: ${h.exchange.error}`;
      at = h;
    }
    if (!downAgain) {
      this.cleared.push({ origin: w.origin, method: s.exchange.request.method, url: s.exchange.request.url, originalSeq: s.seq, replaySeq: r.seq });
      return undefined;
    }
    this.crashes.push({ origin: w.origin, original: s.exchange, originalSeq: s.seq, replay: r.exchange, replaySeq: r.seq, downAgain });
    this.crashers.set(this.key(s.request), { origin: w.origin, seq: r.seq, time: r.time });
    return { seq: at.seq, time: at.time, error: at.exchange.error ?? 'no answer' };
  }

  /** Waits for every check in progress (the run must not end while one is waiting for the target). */
  async settle(): Promise<void> {
    for (const w of this.watches.values()) while (w.phase === 'checking' && w.gate) await w.gate;
  }

  /** Whether the origin answered before and is dead now. */
  isDead(origin: string): boolean {
    return this.watches.get(origin)?.phase === 'dead';
  }

  /** Where a dead origin went away (undefined while it is up, checked or awaited). */
  deadMark(origin: string): TargetDown | undefined {
    const w = this.watches.get(origin);
    return w?.phase === 'dead' ? w.mark : undefined;
  }

  evidence(): LivenessEvidence {
    return {
      origins: [...this.watches.values()].map((w) => w.report).filter((o) => o.answered || o.downs.length > 0),
      crashes: [...this.crashes],
      cleared: [...this.cleared],
      recoveryMs: this.opts.recoveryMs,
    };
  }
}
