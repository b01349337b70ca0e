// The words of an alert: subject, plain text and the structured payload, built
// once when the message is queued (so a retry after a restart sends the same
// text) and passed through the redactor before it is stored.
import { createHash } from 'node:crypto';
import type { Redactor } from '../../secrets/redactor.js';
import type { AlertMessage } from '../channels/types.js';
import type { AlertEvent } from './state-machine.js';

const LABEL: Record<string, string> = {
  'opened:down': 'DOWN',
  'opened:flapping': 'FLAPPING',
  'opened:changed': 'CHANGED',
  'opened:expiring': 'CERTIFICATE EXPIRING',
  'opened:broken': 'BROKEN',
  'opened:breached': 'THRESHOLD BREACHED',
  'opened:failing': 'ALERT CHANNEL FAILING',
  'reminder:down': 'STILL DOWN',
  'reminder:flapping': 'STILL FLAPPING',
  'reminder:expiring': 'CERTIFICATE STILL EXPIRING',
  'reminder:broken': 'STILL BROKEN',
  'reminder:breached': 'STILL OVER THRESHOLD',
  'reminder:failing': 'ALERT CHANNEL STILL FAILING',
};

export function label(ev: Pick<AlertEvent, 'type' | 'kind'>): string {
  return ev.type === 'resolved' ? 'RESOLVED' : (LABEL[`${ev.type}:${ev.kind}`] ?? ev.kind.toUpperCase());
}

export function buildMessage(ev: AlertEvent, monitor: string, severity: string, summary: string, redactor: Redactor, extra: string[] = []): AlertMessage {
  const name = label(ev);
  const since = new Date(ev.opened).toISOString();
  const lasted = ev.type === 'resolved' ? ` after ${formatDuration(ev.at - ev.opened)}` : '';
  const lines = [`${monitor}: ${name.toLowerCase()}${lasted}.`, `What we saw: ${summary}`, `Incident: ${ev.incidentId} (since ${since})`, `Severity: ${severity}`, ...extra];
  if (ev.type === 'reminder') lines.push(`Reminder ${ev.seq}: this incident is still open.`);
  return {
    subject: redactor.scrub(`[launchready] ${name}: ${monitor}`),
    text: redactor.scrub(lines.join('\n')),
    payload: { event: ev.type, kind: ev.kind, incident: ev.incidentId, monitor, severity, at: new Date(ev.at).toISOString(), summary },
  };
}

/**
 * The idempotency key of one message on one channel: the same for every
 * attempt, in every process, so a receiver that remembers keys drops a repeat
 * (draft-ietf-httpapi-idempotency-key-header; for email, the Message-ID).
 */
export function idempotencyKey(incident: string, channel: string, kind: string, seq: number): string {
  return createHash('sha256').update(`${incident}\u0000${channel}\u0000${kind}\u0000${seq}`).digest('hex').slice(0, 32);
}

/** The line a RESOLVED carries when this channel never got the alert it resolves. */
export function undeliveredNote(opened: { status: string; last_error: string | null; attempts: number } | undefined, held: boolean): string {
  if (held) return 'Note: this incident opened and resolved inside a maintenance window; no alert was sent for it.';
  if (!opened) return 'Note: this monitor has no record of sending the alert that opened this incident on this channel (the channel was added later, or the database was replaced since).';
  const why = opened.last_error ? ` (last error after ${opened.attempts} attempts: ${opened.last_error})` : '';
  return `Note: the alert that opened this incident was never delivered on this channel${why}.`;
}

export function withNote(msg: AlertMessage, note: string): AlertMessage {
  return { ...msg, text: `${msg.text}\n${note}`, payload: { ...msg.payload, note } };
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}
