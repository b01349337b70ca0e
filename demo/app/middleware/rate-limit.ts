// Fixed-window counters in memory, enough for one demo process. The client
// is the socket's address: X-Forwarded-For is never read, because without a
// trusted proxy in front anyone can write it and get a fresh budget per request.
import type { Request, Response } from 'express';

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until `key` may try again, or 0 when it still has budget. */
  retryAfter(key: string): number {
    const w = this.live(key);
    return w && w.count >= this.limit ? Math.max(1, Math.ceil((w.resetAt - Date.now()) / 1000)) : 0;
  }

  hit(key: string): void {
    const w = this.live(key);
    if (w) w.count++;
    else {
      if (this.windows.size > 10_000) this.prune();
      this.windows.set(key, { count: 1, resetAt: Date.now() + this.windowMs });
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private live(key: string): { count: number; resetAt: number } | undefined {
    const w = this.windows.get(key);
    if (w && w.resetAt <= Date.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }

  private prune(): void {
    const now = Date.now();
    for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
  }
}

export const clientIp = (req: Request): string => req.socket.remoteAddress ?? 'unknown';

export function tooManyRequests(res: Response, retryAfterSeconds: number): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ error: 'too many requests' });
}
