// Turns alert events into messages and delivers them. Each message is first
// written to the deliveries table under (incident, channel, kind, seq): a
// second attempt to queue it (a retry of the caller, a restart mid-incident)
// is a no-op, which is what guarantees one incident never alerts twice on the
// same channel. Delivery is retried with exponential backoff and survives a
// restart (pending rows are picked up again). Every message passes the
// redactor before it is stored or sent.
import type { AlertSeverity } from '../../config/monitor-schema.js';
import type { Redactor } from '../../secrets/redactor.js';
import type { Channel, AlertMessage } from '../channels/types.js';
import type { DeliveryRow, Store } from '../store.js';
import type { AlertEvent } from './state-machine.js';

export interface DispatcherOptions {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const LABEL: Record<string, string> = {
  'opened:down': 'DOWN',
  'opened:flapping': 'FLAPPING',
  'opened:changed': 'CHANGED',
  'opened:expiring': 'CERTIFICATE EXPIRING',
  'reminder:down': 'STILL DOWN',
  'reminder:flapping': 'STILL FLAPPING',
  'reminder:expiring': 'CERTIFICATE STILL EXPIRING',
  'opened:breached': 'THRESHOLD BREACHED',
  'reminder:breached': 'STILL OVER THRESHOLD',
};

export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<string>();
  private pumping: Promise<void> | undefined;
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
  }

  /** Records the incident change and queues one message per routed channel. */
  handle(ev: AlertEvent, monitor: string, severity: AlertSeverity): void {
    const now = this.now();
    const summary = this.redactor.scrub(ev.summary);
    if (ev.type === 'opened') this.store.openIncident({ id: ev.incidentId, monitor, kind: ev.kind, severity, opened: ev.opened, summary });
    if (ev.type === 'resolved') this.store.resolveIncident(ev.incidentId, ev.at);
    const msg = this.message(ev, monitor, severity, summary);
    for (const channel of this.routes[severity]) {
      if (!this.channels.has(channel)) continue;
      this.store.enqueueDelivery(
        { incident: ev.incidentId, channel, kind: ev.type, seq: ev.seq, subject: msg.subject, body: JSON.stringify(msg) },
        now,
      );
    }
    this.kick();
  }

  private message(ev: AlertEvent, monitor: string, severity: string, summary: string): AlertMessage {
    const label = ev.type === 'resolved' ? 'RESOLVED' : (LABEL[`${ev.type}:${ev.kind}`] ?? ev.kind.toUpperCase());
    const since = new Date(ev.opened).toISOString();
    const lasted = ev.type === 'resolved' ? ` after ${formatDuration(ev.at - ev.opened)}` : '';
    const lines = [
      `${monitor}: ${label.toLowerCase()}${lasted}.`,
      `What we saw: ${summary}`,
      `Incident: ${ev.incidentId} (since ${since})`,
      `Severity: ${severity}`,
    ];
    if (ev.type === 'reminder') lines.push(`Reminder ${ev.seq}: this incident is still open.`);
    return {
      subject: this.redactor.scrub(`[launchready] ${label}: ${monitor}`),
      text: this.redactor.scrub(lines.join('\n')),
      payload: { event: ev.type, kind: ev.kind, incident: ev.incidentId, monitor, severity, at: new Date(ev.at).toISOString(), summary },
    };
  }

  /** Delivers what is due now and schedules the next retry. */
  kick(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), 0);
  }

  private pump(): Promise<void> {
    if (this.pumping) return this.pumping;
    this.pumping = (async () => {
      try {
        const due = this.store.dueDeliveries(this.now()).filter((d) => !this.inFlight.has(keyOf(d)));
        await Promise.all(due.map((d) => this.deliver(d)));
      } finally {
        this.pumping = undefined;
      }
      if (this.closed) return;
      const next = this.store.nextDeliveryAt();
      if (next !== undefined) {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.pump(), Math.max(0, next - this.now()));
      }
    })();
    return this.pumping;
  }

  private async deliver(d: DeliveryRow): Promise<void> {
    const channel = this.channels.get(d.channel);
    if (!channel) return;
    const key = keyOf(d);
    this.inFlight.add(key);
    try {
      await channel.send(JSON.parse(d.body) as AlertMessage);
      this.store.markDelivery(d, { status: 'sent', attempts: d.attempts + 1, next_at: d.next_at, last_error: null, sent: this.now() });
      this.o.log?.(`alert ${d.kind} ${d.incident} sent to ${d.channel}`);
    } catch (err) {
      const attempts = d.attempts + 1;
      const error = this.redactor.scrub((err as Error).message).slice(0, 300);
      const failed = attempts >= this.o.attempts;
      const delay = Math.min(this.o.baseDelayMs * 2 ** (attempts - 1), this.o.maxDelayMs ?? 600_000);
      this.store.markDelivery(d, { status: failed ? 'failed' : 'pending', attempts, next_at: this.now() + delay, last_error: error, sent: null });
      this.o.log?.(`alert ${d.kind} ${d.incident} to ${d.channel} failed (attempt ${attempts}/${this.o.attempts}): ${error}`);
    } finally {
      this.inFlight.delete(key);
    }
  }

  /** Resolves once nothing is due or in flight (tests and shutdown). */
  async settle(maxMs = 10_000): Promise<void> {
    const until = Date.now() + maxMs;
    while (Date.now() < until) {
      await this.pump();
      const next = this.store.nextDeliveryAt();
      if (this.inFlight.size === 0 && (next === undefined || next > this.now())) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.channels.values()) c.close?.();
  }
}

const keyOf = (d: Pick<DeliveryRow, 'incident' | 'channel' | 'kind' | 'seq'>) => `${d.incident}\u0000${d.channel}\u0000${d.kind}\u0000${d.seq}`;

function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}
