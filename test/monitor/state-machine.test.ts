import { describe, expect, it } from 'vitest';
import { initialAlertState, step, type AlertEvent, type AlertPolicy, type AlertState } from '../../src/monitor/alerts/state-machine.js';

const POLICY: AlertPolicy = { failureThreshold: 3, successThreshold: 2, flapping: { changes: 4, windowMs: 600_000 }, reminderMs: 0 };

/** Feeds results one minute apart by default; returns all events. */
function feed(results: boolean[], policy = POLICY, opts: { every?: number; state?: AlertState; start?: number } = {}) {
  let state = opts.state ?? initialAlertState();
  const events: AlertEvent[] = [];
  results.forEach((ok, i) => {
    const r = step('home', state, { ok, at: (opts.start ?? 0) + i * (opts.every ?? 60_000), summary: ok ? 'up' : 'down' }, policy);
    state = r.state;
    events.push(...r.events);
  });
  return { state, events };
}

const kinds = (es: AlertEvent[]) => es.map((e) => `${e.type}:${e.kind}`);

describe('alert state machine', () => {
  it('opens after the failure threshold and resolves after the success threshold, once each', () => {
    const { events } = feed([true, false, false, false, false, false, true, true, true]);
    expect(kinds(events)).toEqual(['opened:down', 'resolved:down']);
    expect(events[0]!.at).toBe(3 * 60_000);
    expect(events[1]!.at).toBe(7 * 60_000);
    expect(events[0]!.incidentId).toBe(events[1]!.incidentId);
  });

  it('does not open below the threshold', () => {
    expect(feed([false, false, true, false, false, true]).events).toEqual([]);
  });

  it('opens on X failures in Y minutes even when they are not consecutive', () => {
    const policy = { ...POLICY, failureThreshold: 10, failuresInWindow: { failures: 3, windowMs: 10 * 60_000 } };
    const { events } = feed([false, false, true, false], policy);
    expect(kinds(events)).toEqual(['opened:down']);
    // Spread over more than the window: no incident.
    expect(feed([false, false, true, false], policy, { every: 6 * 60_000 }).events).toEqual([]);
  });

  it('raises one flapping incident, not a stream of down/up incidents', () => {
    const policy = { ...POLICY, failureThreshold: 1, successThreshold: 1 };
    const flaps = Array.from({ length: 12 }, (_, i) => i % 2 === 0);
    const { events } = feed(flaps, policy, { every: 10_000 });
    // The first failure opens a down incident (threshold 1) and the next success resolves it; then flapping takes over.
    const flapping = events.filter((e) => e.kind === 'flapping');
    expect(flapping.filter((e) => e.type === 'opened')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'opened').length).toBeLessThanOrEqual(3);
  });

  it('resolves flapping once stable for a whole window', () => {
    const flaps = [true, false, true, false, true];
    const first = feed(flaps, POLICY, { every: 10_000 });
    expect(kinds(first.events)).toEqual(['opened:flapping']);
    const later = feed([true, true], POLICY, { state: first.state, start: 10 * 60_000 + 60_000, every: 60_000 });
    expect(kinds(later.events)).toEqual(['resolved:flapping']);
  });

  it('sends numbered reminders while open', () => {
    const policy = { ...POLICY, reminderMs: 5 * 60_000 };
    const { events } = feed(Array(15).fill(false) as boolean[], policy);
    expect(kinds(events)).toEqual(['opened:down', 'reminder:down', 'reminder:down']);
    expect(events.map((e) => e.seq)).toEqual([0, 1, 2]);
  });

  it('keeps the state a stable monitor writes constant', () => {
    const a = feed(Array(5).fill(true) as boolean[]).state;
    const b = feed(Array(50).fill(true) as boolean[]).state;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
