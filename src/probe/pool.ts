// A small concurrency limit on top of the client's rate limit: the rate
// spaces request starts, the pool caps how many are in flight, so a slow
// endpoint cannot pile up connections on the target. Polite default: 4.
export class Pool {
  private active = 0;
  // A queue read from a moving head: Array#shift is O(n) once the array is
  // large, and map() over thousands of items queues them all at once.
  private waiting: (() => void)[] = [];
  private head = 0;

  constructor(readonly size: number) {
    if (!(size >= 1)) throw new Error('pool size must be at least 1');
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finishing task hands its slot straight to the next waiter, so a
    // caller arriving in between cannot take it too and exceed the size.
    if (this.active >= this.size) await new Promise<void>((r) => this.waiting.push(r));
    else this.active++;
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private release(): void {
    if (this.head >= this.waiting.length) {
      this.active--;
      return;
    }
    const wake = this.waiting[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    wake();
  }

  /** Runs fn over items with at most `size` in flight; results keep the items' order. */
  map<T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    return Promise.all(items.map((it, i) => this.run(() => fn(it, i))));
  }
}

/**
 * Runs fn over items with at most `limit` started and unfinished, starting
 * each only when a slot frees up. Unlike Promise.all(items.map(fn)), nothing
 * is built for item 5,000 while item 1 is still in flight, so memory stays
 * bounded by the limit (and the request budget), not by the list: a 5,000-
 * operation document must not hold 5,000 request bodies at once.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
