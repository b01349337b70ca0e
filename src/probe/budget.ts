// A run's limits: how many requests, how fast, for how long. The rate is
// enforced by spacing request starts; the caps end the run's probing with a
// clear error rather than hammering a production app.
export interface BudgetLimits {
  maxRequests: number;
  ratePerSecond: number;
  maxSeconds: number;
}

export class BudgetExceeded extends Error {}

export class Budget {
  private used = 0;
  private nextSlot = 0;
  private readonly startedAt = Date.now();

  constructor(readonly limits: BudgetLimits) {}

  get requestsUsed(): number {
    return this.used;
  }

  /** Waits for the next rate slot; throws BudgetExceeded when a cap is reached. */
  async acquire(): Promise<void> {
    if (this.used >= this.limits.maxRequests) {
      throw new BudgetExceeded(`request budget of ${this.limits.maxRequests} used up`);
    }
    const now = Date.now();
    if (now - this.startedAt > this.limits.maxSeconds * 1000) {
      throw new BudgetExceeded(`time budget of ${this.limits.maxSeconds} s used up`);
    }
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
