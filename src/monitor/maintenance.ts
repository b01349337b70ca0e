// Maintenance windows from the config: while one covers a check, the check
// still runs and is recorded, but the alerts it would raise are held. An
// incident still open when the window ends is alerted then; one that opened
// and resolved inside it is never alerted. Recurring windows are wall-clock
// times in their own IANA time zone (DST included), one-off windows are
// absolute instants.
import type { MaintenanceConfig } from '../config/monitor-schema.js';

const DAY = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export interface WindowSpan {
  name: string;
  start: number;
  end: number;
  checks?: string[];
}

/** Minutes, or "1h", "30m", "1h30m". */
export function durationMs(d: number | string): number {
  if (typeof d === 'number') return d * 60_000;
  const h = /(\d+)\s*h/i.exec(d)?.[1];
  const m = /(\d+)\s*m/i.exec(d)?.[1];
  return (Number(h ?? 0) * 60 + Number(m ?? 0)) * 60_000;
}

/** The wall-clock fields of instant t in a time zone. */
function wallClock(t: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'long' })
      .formatToParts(new Date(t))
      .map((p) => [p.type, p.value]),
  );
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour) % 24, mi: Number(parts.minute), weekday: WEEKDAYS.indexOf(String(parts.weekday).toLowerCase()) };
}

/** The instant at which the zone's clock shows y-mo-d h:mi (the earlier one across a DST change). */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, timeZone: string): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi);
  let t = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(t, timeZone);
    const shown = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi);
    t += asUtc - shown;
  }
  return t;
}

/** The spans of one window that overlap [from, to). */
export function spans(w: MaintenanceConfig, from: number, to: number): WindowSpan[] {
  const len = durationMs(w.duration);
  if (!w.every) {
    const start = Date.parse(w.start);
    return start < to && start + len > from ? [{ name: w.name, start, end: start + len, checks: w.checks }] : [];
  }
  const [hh, mm] = w.start.split(':').map(Number) as [number, number];
  const out: WindowSpan[] = [];
  // Walk local days from before `from` (a window may start the day before and run past midnight).
  for (let t = from - len - DAY; t < to + DAY; t += DAY) {
    const day = wallClock(t, w.timezone);
    if (!w.every.includes('day') && !w.every.includes(WEEKDAYS[day.weekday] as never)) continue;
    const start = instantOf(day.y, day.mo, day.d, hh, mm, w.timezone);
    if (start < to && start + len > from && !out.some((s) => s.start === start)) out.push({ name: w.name, start, end: start + len, checks: w.checks });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The window holding the check's alerts at `at`, if any. */
export function activeWindow(windows: readonly MaintenanceConfig[], check: string, at: number): WindowSpan | undefined {
  for (const w of windows) {
    if (w.checks && !w.checks.includes(check)) continue;
    const s = spans(w, at, at + 1)[0];
    if (s) return s;
  }
  return undefined;
}

/** Every span of every window overlapping [from, to), for the dashboard. */
export function windowsBetween(windows: readonly MaintenanceConfig[], from: number, to: number): WindowSpan[] {
  return windows.flatMap((w) => spans(w, from, to)).sort((a, b) => a.start - b.start);
}
