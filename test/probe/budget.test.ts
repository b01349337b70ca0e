// The time budget shared out between the stages of a run: each stage gets
// its share of what is left when it starts, by weight, and what one stage
// leaves unused passes on. The clock is faked: no test waits for real time.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Budget } from '../../src/probe/budget.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2025-01-01T00:00:00.000Z'));
});
afterEach(() => vi.useRealTimers());

describe('budget shares per stage', () => {
  it('shares the requests the same way: a stage cannot spend what the later ones need', async () => {
    const b = new Budget({ maxRequests: 10, ratePerSecond: 1000, maxSeconds: 100 });
    b.planPhases([
      { name: 'unauthenticated', time: 1, requests: 1 },
      { name: 'access', time: 1, requests: 3 },
    ]);
    b.enterPhase('unauthenticated'); // 1/4 of 10: 2 requests
    expect(await b.tryAcquire()).toBeUndefined();
    expect(await b.tryAcquire()).toBeUndefined();
    expect(await b.tryAcquire()).toBe('request budget share of the unauthenticated stage (2 of 10) used up');
    b.enterPhase('access'); // all 8 left
    for (let i = 0; i < 8; i++) expect(await b.tryAcquire()).toBeUndefined();
    expect(await b.tryAcquire()).toBe('request budget of 10 used up');
  });

  it('gives each stage its share of the time left, and passes on what a stage did not use', () => {
    const b = new Budget({ maxRequests: 100, ratePerSecond: 1000, maxSeconds: 100 });
    b.planPhases([
      { name: 'http', time: 1, requests: 1 },
      { name: 'access', time: 3, requests: 3 },
      { name: 'edge', time: 1, requests: 1 },
    ]);
    b.enterPhase('http'); // 100 s left, 1/5 of it: 20 s
    vi.advanceTimersByTime(19_000);
    expect(b.exhausted()).toBeUndefined();
    vi.advanceTimersByTime(2_000);
    expect(b.exhausted()).toBe('time budget share of the http stage (20 s) used up');
    b.enterPhase('access'); // 79 s left, 3/4 of it
    expect(b.exhausted()).toBeUndefined();
    vi.advanceTimersByTime(60_000);
    expect(b.exhausted()).toBe('time budget share of the access stage (59 s) used up');
    b.enterPhase('edge'); // what is left (19 s), all of it
    vi.advanceTimersByTime(18_000);
    expect(b.exhausted()).toBeUndefined();
    vi.advanceTimersByTime(2_000);
    expect(b.exhausted()).toBe('time budget of 100 s used up');
  });

  it('records what ran out once, with the stage and the requests sent before', async () => {
    const b = new Budget({ maxRequests: 2, ratePerSecond: 1000, maxSeconds: 100 });
    b.planPhases([{ name: 'access', time: 1, requests: 1 }]);
    b.enterPhase('access');
    expect(await b.tryAcquire()).toBeUndefined();
    expect(await b.tryAcquire()).toBeUndefined();
    expect(await b.tryAcquire()).toBe('request budget of 2 used up');
    expect(await b.tryAcquire()).toBe('request budget of 2 used up');
    expect(b.ranOut).toEqual([{ what: 'request budget of 2 used up', stage: 'access', afterRequests: 2, time: '2025-01-01T00:00:00.000Z' }]);
  });
});
