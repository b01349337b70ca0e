import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exactQuantile, Histogram, RELATIVE_ERROR } from '../../src/monitor/histogram.js';
import { MINUTE, Store } from '../../src/monitor/store.js';

// A seeded generator, so a failure is reproducible.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function latencies(n: number, seed: number): number[] {
  const r = rng(seed);
  // Log-normal around 40 ms with a long tail, plus a few sub-millisecond and multi-second values.
  return Array.from({ length: n }, (_, i) => (i % 97 === 0 ? r() * 0.5 : i % 89 === 0 ? 2_000 + r() * 8_000 : Math.exp(Math.log(40) + 0.9 * Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r()))));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('histogram', () => {
  it('reports p50/p95/p99 within the stated relative error of the exact nearest-rank value', () => {
    const xs = latencies(20_000, 7);
    const h = new Histogram();
    xs.forEach((x) => h.add(x));
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(xs, q)!;
      const est = h.quantile(q)!;
      expect(Math.abs(est - exact)).toBeLessThanOrEqual(RELATIVE_ERROR * exact + 1e-9);
    }
  });

  it('merges exactly: the merge of parts equals one histogram of everything', () => {
    const xs = latencies(5_000, 11);
    const whole = new Histogram();
    xs.forEach((x) => whole.add(x));
    const parts = [new Histogram(), new Histogram(), new Histogram()];
    xs.forEach((x, i) => parts[i % 3]!.add(x));
    const merged = parts.reduce((a, b) => a.merge(b), new Histogram());
    expect(merged.count).toBe(whole.count);
    for (const q of [0.5, 0.95, 0.99]) expect(merged.quantile(q)).toBe(whole.quantile(q));
  });

  it('survives encode/decode unchanged', () => {
    const h = new Histogram();
    latencies(1_000, 3).forEach((x) => h.add(x));
    const back = Histogram.decode(h.encode());
    expect(back.count).toBe(h.count);
    expect(back.quantile(0.95)).toBe(h.quantile(0.95));
    expect(back.max).toBe(h.max);
  });

  it('is empty-safe', () => {
    expect(new Histogram().quantile(0.95)).toBeUndefined();
    expect(Histogram.decode(new Histogram().encode()).count).toBe(0);
  });
});

describe('store rollups', () => {
  it('p95 over an hour of per-minute rollups (written across a restart) equals the exact p95 within the error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lr-store-'));
    dirs.push(dir);
    const file = path.join(dir, 'm.db');
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const xs = latencies(6_000, 19);
    let store = new Store(file);
    xs.forEach((x, i) => {
      // 100 samples a minute for 60 minutes; the store is closed and reopened half way through a minute.
      if (i === 3_050) {
        store.close(t0 + 30 * MINUTE);
        store = new Store(file);
      }
      store.record('check:home', t0 + Math.floor(i / 100) * MINUTE + (i % 100) * 500, true, x);
    });
    store.flush(t0 + 61 * MINUTE);
    const rows = store.db.prepare('SELECT COUNT(*) n FROM rollups').get() as { n: number };
    expect(rows.n).toBe(60);
    const h = store.histogram('check:home', t0, t0 + 60 * MINUTE);
    expect(h.count).toBe(xs.length);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(xs, q)!;
      expect(Math.abs(h.quantile(q)! - exact)).toBeLessThanOrEqual(RELATIVE_ERROR * exact + 1e-9);
    }
    // A sub-range merges only its own minutes.
    const firstTen = xs.slice(0, 1_000);
    const h10 = store.histogram('check:home', t0, t0 + 10 * MINUTE);
    const exact10 = exactQuantile(firstTen, 0.95)!;
    expect(h10.count).toBe(1_000);
    expect(Math.abs(h10.quantile(0.95)! - exact10)).toBeLessThanOrEqual(RELATIVE_ERROR * exact10);
    store.close();
  });

  it('prunes rollups past the retention', () => {
    const store = new Store(':memory:');
    const now = Date.UTC(2026, 0, 10);
    store.record('check:a', now - 40 * 86_400_000, true, 10);
    store.record('check:a', now - 1_000, true, 20);
    store.flush(now, true);
    store.prune(now, 35);
    expect(store.availability('check:a', 0, now + 1).count).toBe(1);
    store.close();
  });
});
