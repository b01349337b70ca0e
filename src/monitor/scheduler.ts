// One timer for every job (a min-heap on due time) instead of one setInterval
// per monitor: a thousand intervals drift, bunch up and each cost a timer.
// Jobs are spread evenly over their interval at start (up to 50 ms apart) so a
// thousand 10-second checks become a steady 100 per second rather than a burst
// every 10 s. A job still running when it comes due again is skipped (and
// counted), never run twice at once. Lateness (start − due) is recorded for
// every run; a job that throws is reported to onError and keeps its schedule.
import { Histogram } from './histogram.js';

export interface Job {
  id: string;
  intervalMs: number;
  run: () => Promise<void>;
}

interface Entry {
  job: Job;
  due: number;
  running: boolean;
}

export interface SchedulerStats {
  runs: number;
  skipped: number;
  lateness: Histogram;
}

export class Scheduler {
  private readonly heap: Entry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly running = new Set<Promise<void>>();
  readonly stats: SchedulerStats = { runs: 0, skipped: 0, lateness: new Histogram() };

  constructor(
    private readonly now: () => number = () => performance.now(),
    /** Told when a job throws; the job keeps its schedule. */
    private readonly onError: (job: string, err: unknown) => void = () => undefined,
  ) {}

  /** Adds jobs; each first runs at start + its share of the interval. */
  start(jobs: readonly Job[]): void {
    this.stopped = false;
    const t = this.now();
    const byInterval = new Map<number, Job[]>();
    for (const j of jobs) byInterval.set(j.intervalMs, [...(byInterval.get(j.intervalMs) ?? []), j]);
    for (const [interval, group] of byInterval) {
      // Spread over the interval, but no wider than 50 ms per job: three checks a minute all run within the
      // first 150 ms (the dashboard has something to show at once), ten thousand still make a steady stream.
      const spread = Math.min(interval, group.length * 50);
      group.forEach((job, i) => this.push({ job, due: t + (spread * i) / group.length, running: false }));
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const top = this.heap[0];
    if (!top) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, top.due - this.now()));
  }

  private fire(): void {
    const t = this.now();
    for (;;) {
      const top = this.heap[0];
      if (!top || top.due > t) break;
      this.pop();
      if (top.running) {
        this.stats.skipped++;
      } else {
        this.stats.runs++;
        // Measured at this job's own start: jobs later in a batch wait for the synchronous part of earlier ones.
        this.stats.lateness.add(Math.max(0, this.now() - top.due));
        top.running = true;
        const p: Promise<void> = Promise.resolve()
          .then(() => top.job.run())
          .catch((err: unknown) => this.onError(top.job.id, err))
          .finally(() => {
            top.running = false;
            this.running.delete(p);
          });
        this.running.add(p);
      }
      // Keep the phase: the next run is due one interval after this one was due, not after it ran.
      top.due += top.job.intervalMs;
      if (top.due <= t) top.due = t + top.job.intervalMs;
      this.push(top);
    }
    this.arm();
  }

  /** Stops scheduling and waits for runs in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([...this.running]);
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.due <= e.due) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      const cur = m === i ? last : h[m]!;
      let best = cur.due;
      if (l < h.length && h[l]!.due < best) {
        m = l;
        best = h[l]!.due;
      }
      if (r < h.length && h[r]!.due < best) m = r;
      if (m === i) break;
      h[i] = h[m]!;
      i = m;
    }
    h[i] = last;
    return top;
  }
}
