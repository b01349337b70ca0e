// A small concurrency limit on top of the client's rate limit: the rate
// spaces request starts, the pool caps how many are in flight, so a slow
// endpoint cannot pile up connections on the target. Polite default: 4.
export class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error('pool size must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Runs fn over items with at most `size` in flight; results keep the items' order. */
  map<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((it, i) => this.run(() => fn(it, i))));
  }
}
