// A deterministic crash hook for the crash-injection test and benchmark: when
// LAUNCHREADY_MONITOR_CRASH_AT names a step of the alert path, the process
// kills itself with SIGKILL the first time it reaches that step, so a test can
// restart it and count what the receivers got. Unset (always, outside those
// tests) it costs one comparison per step.
//
//   LAUNCHREADY_MONITOR_CRASH_AT=STEP[:EVENT[:CHANNEL]]   e.g. sent:opened:mail, committed:resolved
import { writeSync } from 'node:fs';

/**
 * The steps of the alert path, in order. Between two steps a crash loses
 * nothing that was committed; what each step guarantees is in docs/monitor.md.
 */
export const CRASH_STEPS = [
  /** The state machine moved (an incident opens or resolves); nothing is written yet. */
  'state-computed',
  /** Inside the transaction: the new alert state is written, the incident and its messages not yet; not committed. */
  'state-written',
  /** Alert state, incident and one message per channel are committed; no queue has been woken. */
  'committed',
  /** A delivery is claimed (attempt counted) and not yet handed to the channel. */
  'claimed',
  /** The receiver accepted the message; it is not yet marked sent. */
  'sent',
  /** Marked sent. */
  'marked',
] as const;

export type CrashStep = (typeof CRASH_STEPS)[number];

const spec = process.env.LAUNCHREADY_MONITOR_CRASH_AT?.split(':');

/** Kills this process at `step` when the crash spec names it (and, if given, the event type and channel). */
export function crashPoint(step: CrashStep, event: string, channel?: string): void {
  if (!spec || spec[0] !== step) return;
  if (spec[1] && !event.split(',').includes(spec[1])) return;
  if (spec[2] && spec[2] !== channel) return;
  // Said before dying so the test knows which step it hit; synchronous, so it is written.
  writeSync(2, `crash-point: ${step} ${event}${channel ? ` ${channel}` : ''}\n`);
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL to oneself is delivered before kill(2) returns; never run on past the step.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}
