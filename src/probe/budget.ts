// A run's limits: how many requests, how fast, for how long. The rate is
// enforced by spacing request starts; the caps end the run's probing with a
// clear error rather than hammering a production app. The time and request
// budgets are shared out between the stages of the run (planPhases,
// enterPhase), so one stage (an endpoint that drips a byte a second, a
// 5,000-operation document read op by op) cannot eat the budget of the
// stages after it: each stage gets its share of what is left when it
// starts, by weight, and what it does not use passes on.
export interface BudgetLimits {
  maxRequests: number;
  ratePerSecond: number;
  maxSeconds: number;
}

export class BudgetExceeded extends Error {}

/** A cap that was reached, the first time it was: for the report's coverage block. */
export interface BudgetRanOut {
  /** "request budget of 2000 used up", "time budget share of the access stage (135 s) used up" */
  what: string;
  stage?: string;
  /** Requests sent before it ran out. */
  afterRequests: number;
  time: string;
}

export class Budget {
  private used = 0;
  private nextSlot = 0;
  private readonly startedAt = Date.now();
  private plan: { name: string; time: number; requests: number }[] = [];
  private phase: { name: string; deadline: number; seconds: number; maxRequests: number } | undefined;
  readonly ranOut: BudgetRanOut[] = [];

  constructor(readonly limits: BudgetLimits) {}

  get requestsUsed(): number {
    return this.used;
  }

  /** The stages of the run in order, with their weights for time and requests (a stage that will not run gets 0). */
  planPhases(phases: readonly { name: string; time: number; requests: number }[]): void {
    this.plan = phases.map((p) => ({ ...p }));
  }

  /** Starts a planned stage: its shares are its weight's part of the time and requests left, among it and the stages after it. */
  enterPhase(name: string): void {
    const i = this.plan.findIndex((p) => p.name === name);
    if (i < 0) return;
    const me = this.plan[i]!;
    const later = this.plan.slice(i);
    const share = (mine: number, all: number, left: number) => (all > 0 ? (left * mine) / all : left);
    const now = Date.now();
    const msLeft = Math.max(0, this.startedAt + this.limits.maxSeconds * 1000 - now);
    const ms = share(me.time, later.reduce((n, p) => n + p.time, 0), msLeft);
    const requests = Math.floor(share(me.requests, later.reduce((n, p) => n + p.requests, 0), Math.max(0, this.limits.maxRequests - this.used)));
    this.phase = { name, deadline: now + ms, seconds: Math.round(ms / 1000), maxRequests: this.used + requests };
  }

  /** Why no request may start now, or undefined. Cheap: callers ask before building anything. */
  exhausted(): string | undefined {
    if (this.used >= this.limits.maxRequests) return `request budget of ${this.limits.maxRequests} used up`;
    const now = Date.now();
    if (now - this.startedAt > this.limits.maxSeconds * 1000) return `time budget of ${this.limits.maxSeconds} s used up`;
    if (this.phase && now > this.phase.deadline) return `time budget share of the ${this.phase.name} stage (${this.phase.seconds} s) used up`;
    if (this.phase && this.used >= this.phase.maxRequests) return `request budget share of the ${this.phase.name} stage (${this.phase.maxRequests} of ${this.limits.maxRequests}) used up`;
    return undefined;
  }

  /** Waits for the next rate slot; throws BudgetExceeded when a cap is reached. */
  async acquire(): Promise<void> {
    const refused = this.refuse();
    if (refused) throw new BudgetExceeded(refused);
    await this.take();
  }

  /**
   * Like acquire(), without an exception: the reason when refused. After the
   * budget is spent every further request is refused, often thousands of
   * them; an Error each (with its stack) was measurable garbage.
   */
  async tryAcquire(): Promise<string | undefined> {
    const refused = this.refuse();
    if (refused) return refused;
    await this.take();
    return undefined;
  }

  private refuse(): string | undefined {
    const why = this.exhausted();
    if (why && !this.ranOut.some((r) => r.what === why)) {
      this.ranOut.push({ what: why, ...(this.phase ? { stage: this.phase.name } : {}), afterRequests: this.used, time: new Date().toISOString() });
    }
    return why;
  }

  private async take(): Promise<void> {
    const now = Date.now();
    this.used++;
    const interval = 1000 / this.limits.ratePerSecond;
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    // Timers cannot wait less than a millisecond: a sub-millisecond wait would
    // become a whole one and cap a lifted rate near 1,000 req/s per waiter.
    // Starting up to 1 ms early keeps the schedule (nextSlot still advances
    // by the interval), so the long-run rate holds.
    if (slot - now >= 1) await new Promise((r) => setTimeout(r, slot - now));
  }
}
