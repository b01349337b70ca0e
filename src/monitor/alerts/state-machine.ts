// One monitor's alert state as a pure function of (state, result, time): no
// timers, no I/O, so it is tested with an explicit clock and persisted as
// JSON after every step (alert state survives a restart).
//
// - A `down` incident opens after `failureThreshold` failures in a row, or
//   after `failuresInWindow.failures` failures within its minutes ("X failures
//   in Y minutes"), and resolves after `successThreshold` successes in a row.
// - A `flapping` incident opens when the result flips `flapping.changes` times
//   within its window, before the thresholds can open and close a stream of
//   down incidents; it resolves once the monitor has been stable for a whole
//   window (and, if stable but failing, hands over to a down incident).
// - While an incident is open a reminder is due every `reminderMs`.
// Only one incident is open per monitor, so a flapping target cannot also page
// as down, and each event carries a (incident, kind, seq) identity the
// dispatcher uses to never deliver the same message twice to a channel.

export interface AlertPolicy {
  failureThreshold: number;
  successThreshold: number;
  failuresInWindow?: { failures: number; windowMs: number };
  flapping: { changes: number; windowMs: number };
  /** 0 turns reminders off. */
  reminderMs: number;
  /** What a failing incident is called: down (a check), broken (a DNS record), expiring (a certificate), breached (an app number over its threshold), failing (an alert channel). */
  failKind?: 'down' | 'broken' | 'expiring' | 'breached' | 'failing';
}

export type IncidentKind = 'down' | 'broken' | 'expiring' | 'breached' | 'failing' | 'flapping';

export interface OpenIncident {
  id: string;
  kind: IncidentKind;
  opened: number;
  lastNotified: number;
  reminders: number;
  summary: string;
  /** Opened inside a maintenance window: its alerts wait for the window to end. */
  held?: boolean;
  /** The window that held it, for the message sent when it ends. */
  heldBy?: string;
}

export interface AlertState {
  lastOk?: boolean;
  consecutiveFail: number;
  consecutiveOk: number;
  failures: number[];
  flips: number[];
  incident?: OpenIncident;
}

export interface AlertEvent {
  type: 'opened' | 'reminder' | 'resolved';
  incidentId: string;
  kind: IncidentKind | 'changed';
  /** 0 for opened/resolved; 1, 2… for reminders. */
  seq: number;
  at: number;
  opened: number;
  summary: string;
}

export const initialAlertState = (): AlertState => ({ consecutiveFail: 0, consecutiveOk: 0, failures: [], flips: [] });

export function step(
  monitor: string,
  prev: AlertState,
  result: { ok: boolean; at: number; summary: string },
  policy: AlertPolicy,
): { state: AlertState; events: AlertEvent[] } {
  const { ok, at } = result;
  const s: AlertState = {
    ...prev,
    failures: prev.failures.filter((t) => at - t < (policy.failuresInWindow?.windowMs ?? 0)),
    flips: prev.flips.filter((t) => at - t < policy.flapping.windowMs),
    incident: prev.incident ? { ...prev.incident } : undefined,
  };
  if (s.lastOk !== undefined && s.lastOk !== ok) s.flips.push(at);
  s.lastOk = ok;
  // Capped, so a stable monitor's state stops changing and need not be rewritten on every result.
  const cap = Math.max(policy.failureThreshold, policy.successThreshold);
  if (ok) {
    s.consecutiveOk = Math.min(cap, s.consecutiveOk + 1);
    s.consecutiveFail = 0;
  } else {
    s.consecutiveFail = Math.min(cap, s.consecutiveFail + 1);
    s.consecutiveOk = 0;
    if (policy.failuresInWindow) s.failures.push(at);
  }

  const events: AlertEvent[] = [];
  const open = (kind: OpenIncident['kind'], summary: string) => {
    const inc: OpenIncident = { id: `${monitor}@${at}:${kind}`, kind, opened: at, lastNotified: at, reminders: 0, summary };
    s.incident = inc;
    events.push({ type: 'opened', incidentId: inc.id, kind, seq: 0, at, opened: at, summary });
  };
  const resolve = (summary: string) => {
    const inc = s.incident;
    if (!inc) return;
    events.push({ type: 'resolved', incidentId: inc.id, kind: inc.kind, seq: 0, at, opened: inc.opened, summary });
    s.incident = undefined;
  };
  const isFlapping = s.flips.length >= policy.flapping.changes;
  const isDown =
    s.consecutiveFail >= policy.failureThreshold ||
    (policy.failuresInWindow !== undefined && s.failures.length >= policy.failuresInWindow.failures);

  if (!s.incident) {
    if (isFlapping) open('flapping', `changed state ${s.flips.length} times in ${Math.round(policy.flapping.windowMs / 60_000)} min; last: ${result.summary}`);
    else if (isDown) open(policy.failKind ?? 'down', result.summary);
  } else if (s.incident.kind !== 'flapping') {
    if (s.consecutiveOk >= policy.successThreshold) resolve(result.summary);
  } else if (s.flips.length === 0) {
    // Stable for a whole flapping window: over, one way or the other.
    resolve(`stable again: ${result.summary}`);
    if (!ok) open(policy.failKind ?? 'down', result.summary);
  }

  const inc = s.incident;
  if (inc && events.length === 0 && policy.reminderMs > 0 && at - inc.lastNotified >= policy.reminderMs) {
    inc.reminders++;
    inc.lastNotified = at;
    events.push({ type: 'reminder', incidentId: inc.id, kind: inc.kind, seq: inc.reminders, at, opened: inc.opened, summary: result.summary });
  }
  return { state: s, events };
}
