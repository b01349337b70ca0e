// Turns alert events into messages and delivers them, one queue per channel.
//
// The guarantee (docs/monitor.md, "What an alert promises"): a state change
// and every message it owes are committed in one transaction by the caller
// (record() runs inside it), so a crash either loses the change entirely
// (it is detected again on the next check) or keeps all of it. Each delivery
// is then claimed, sent with its idempotency key, and marked sent; a crash
// between send and mark sends it again with the same key. Receivers that
// honour the key (Idempotency-Key header, email Message-ID) see each message
// exactly once; others may see one extra copy, and only after a crash.
//
// Each channel has its own queue and deadline, so a slow SMTP server cannot
// hold Slack back. A failed attempt is retried with exponential backoff
// capped at maxDelayMs, for as long as its incident is open and until it has
// been resolved for expireAfterMs (twice that for the RESOLVED itself). Within a channel an incident's messages go
// out in order: a RESOLVED waits for its DOWN, and says so when the DOWN was
// never delivered.
import type { AlertSeverity } from '../../config/monitor-schema.js';
import { withDeadline } from '../../probe/resolver.js';
import type { Redactor } from '../../secrets/redactor.js';
import type { Channel, AlertMessage } from '../channels/types.js';
import { crashPoint } from '../crash-points.js';
import type { DeliveryRow, Store } from '../store.js';
import { buildMessage, idempotencyKey, undeliveredNote, withNote } from './message.js';
import type { AlertEvent } from './state-machine.js';

export interface DispatcherOptions {
  /** First retry delay; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of the backoff: a channel that is down is tried at least this often. */
  maxDelayMs: number;
  /** A message whose incident has been resolved this long is given up. */
  expireAfterMs: number;
  /** Per channel: the deadline of one attempt. */
  timeoutMs?: (channel: string) => number;
  now?: () => number;
  log?: (line: string) => void;
  /** Told after every attempt, so a channel that keeps failing can raise its own alert. */
  onAttempt?: (channel: string, ok: boolean, detail: string) => void;
}

export interface RecordOptions {
  /** Channels to queue on instead of the severity's route. */
  channels?: readonly string[];
  /** Opened inside a maintenance window: the incident is stored, its messages held. */
  held?: boolean;
  /** Extra lines for the message (e.g. why it was held). */
  extra?: string[];
}

export class Dispatcher {
  private readonly queues = new Map<string, ChannelQueue>();
  private closed = false;
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly channels: ReadonlyMap<string, Channel>,
    private readonly routes: Readonly<Record<AlertSeverity, readonly string[]>>,
    private readonly redactor: Redactor,
    private readonly o: DispatcherOptions,
  ) {
    this.now = o.now ?? Date.now;
    for (const [name, channel] of channels) this.queues.set(name, new ChannelQueue(name, channel, this));
  }

  get channelNames(): string[] {
    return [...this.channels.keys()];
  }

  /**
   * Records the incident change and queues one message per routed channel.
   * Call inside the transaction that saves the alert state.
   */
  record(ev: AlertEvent, monitor: string, severity: AlertSeverity, opts: RecordOptions = {}): void {
    const now = this.now();
    const summary = this.redactor.scrub(ev.summary);
    if (ev.type === 'opened') this.store.openIncident({ id: ev.incidentId, monitor, kind: ev.kind, severity, opened: ev.opened, summary, held: opts.held });
    if (ev.type === 'resolved') this.store.resolveIncident(ev.incidentId, ev.at);
    if (opts.held) return;
    const msg = buildMessage(ev, monitor, severity, summary, this.redactor, opts.extra);
    for (const channel of opts.channels ?? this.routes[severity]) {
      if (!this.channels.has(channel)) continue;
      this.store.enqueueDelivery(
        { incident: ev.incidentId, channel, kind: ev.type, seq: ev.seq, subject: msg.subject, body: JSON.stringify(msg), idem_key: idempotencyKey(ev.incidentId, channel, ev.type, ev.seq) },
        now,
      );
    }
  }

  /** Wakes every queue (after a commit, at start, or when the clock moved in a test). */
  kick(): void {
    if (this.closed) return;
    for (const q of this.queues.values()) q.kick();
  }

  /** Resolves when no queue is sending and nothing is due now (tests and shutdown); gives up after maxMs of real time. */
  async settle(maxMs = 10_000): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      this.kick();
      await Promise.race([Promise.all([...this.queues.values()].map((q) => q.idle())), new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())))]);
      const t = this.now();
      const due = [...this.queues.keys()].some((c) => this.store.nextDelivery(c, t) !== undefined);
      if (!due && [...this.queues.values()].every((q) => !q.busy)) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.closed = true;
    for (const q of this.queues.values()) q.stop();
    for (const c of this.channels.values()) c.close?.();
  }

  /** Delivers one message; called by its channel's queue, one at a time. */
  async deliver(d: DeliveryRow, channel: Channel): Promise<void> {
    const t = this.now();
    const incident = this.store.incident(d.incident);
    // A RESOLVED gets twice as long: a channel that was down through the whole incident still hears, once, that
    // there was one and that it is over (with a line saying its DOWN never arrived).
    const limit = d.kind === 'resolved' ? 2 * this.o.expireAfterMs : this.o.expireAfterMs;
    if (incident?.resolved != null && t - incident.resolved > limit) {
      this.store.markDelivery(d, { status: 'expired', last_error: d.last_error ?? 'incident over' });
      this.o.log?.(`alert ${d.kind} ${d.incident} to ${d.channel} given up: the incident has been over for more than ${Math.round(limit / 60_000)} min`);
      return;
    }
    if (d.kind === 'reminder' && this.store.hasLaterDelivery(d)) {
      this.store.markDelivery(d, { status: 'superseded' });
      return;
    }
    let msg = JSON.parse(d.body) as AlertMessage;
    if (d.kind === 'resolved') {
      const opened = this.store.delivery({ incident: d.incident, channel: d.channel, kind: 'opened', seq: 0 });
      if (opened?.status !== 'sent') {
        const note = undeliveredNote(opened, false);
        msg = withNote(msg, this.redactor.scrub(note));
        if (d.note !== note) this.store.markDelivery(d, { note });
      }
    }
    this.store.claimDelivery(d, t);
    crashPoint('claimed', d.kind, d.channel);
    const attempts = d.attempts + 1;
    try {
      await withDeadline(channel.send(msg, { idempotencyKey: d.idem_key }), this.o.timeoutMs?.(d.channel) ?? 30_000, d.channel);
      crashPoint('sent', d.kind, d.channel);
      this.store.markDelivery(d, { status: 'sent', sent: this.now(), last_error: null });
      crashPoint('marked', d.kind, d.channel);
      this.o.log?.(`alert ${d.kind} ${d.incident} sent to ${d.channel}${attempts > 1 ? ` (attempt ${attempts})` : ''}`);
      this.o.onAttempt?.(d.channel, true, `${msg.subject} delivered`);
    } catch (err) {
      const error = this.redactor.scrub((err as Error).message).slice(0, 300);
      const delay = Math.min(this.o.baseDelayMs * 2 ** Math.min(attempts - 1, 30), this.o.maxDelayMs);
      this.store.markDelivery(d, { status: 'pending', next_at: this.now() + delay, last_error: error });
      this.o.log?.(`alert ${d.kind} ${d.incident} to ${d.channel} failed (attempt ${attempts}; next try in ${Math.round(delay / 1000)} s): ${error}`);
      this.o.onAttempt?.(d.channel, false, `delivery failed ${attempts} times: ${error}`);
    }
  }

  /** Used by the queues. */
  nextFor(channel: string): { row?: DeliveryRow; wakeAt?: number } {
    if (this.closed) return {};
    const t = this.now();
    const row = this.store.nextDelivery(channel, t);
    if (row) return { row };
    const at = this.store.nextDeliveryAt(channel);
    return { wakeAt: at === undefined ? undefined : Math.max(at, t + 1) };
  }

  clock(): number {
    return this.now();
  }
}

/** One channel's queue: sends its messages one after another, sleeping until the next is due. */
class ChannelQueue {
  busy = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly channel: Channel,
    private readonly d: Dispatcher,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.running = this.loop().finally(() => (this.busy = false));
  }

  idle(): Promise<void> {
    return this.running;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private async loop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    for (;;) {
      this.again = false;
      let next: ReturnType<Dispatcher['nextFor']>;
      try {
        next = this.d.nextFor(this.name);
      } catch {
        // The store is failing over; the next kick or timer retries.
        next = { wakeAt: this.d.clock() + 1_000 };
      }
      if (next.row) {
        try {
          await this.d.deliver(next.row, this.channel);
        } catch {
          // Only the store can throw here, and it already logged; try again shortly.
          next = { wakeAt: this.d.clock() + 1_000 };
        }
        if (!next.wakeAt) continue;
      }
      if (this.again) continue;
      if (this.stopped || next.wakeAt === undefined) return;
      this.timer = setTimeout(() => this.kick(), Math.min(Math.max(0, next.wakeAt - this.d.clock()), 2_147_000_000));
      this.timer.unref?.();
      return;
    }
  }
}

