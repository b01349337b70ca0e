// The alert path survives SIGKILL at every step: a real `launchready monitor`
// child is killed once at each step of the alert path (the early steps and the
// send on a DOWN, the claim and the mark on its RESOLVED) on the way to a real
// SMTP server, restarting each time on the same database. Nothing is lost; the mail server and the webhook receiver, which
// honour the idempotency key, see each message once. The full campaign
// (hundreds of kills over every channel) is bench/monitor/crash.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KILL_STEPS, runCampaign } from './crash/harness.js';

const dir = mkdtempSync(path.join(tmpdir(), 'lr-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('crash injection on the alert path', () => {
  it('loses nothing and duplicates nothing for key-honouring receivers, with one SIGKILL at every step', async () => {
    const onResolved = new Set(['claimed', 'marked']);
    const r = await runCampaign({ dir, rounds: 1, channels: ['mail'], only: (phase, step) => onResolved.has(step) === (phase === 'resolved') });
    expect(r.missed).toEqual([]);
    // One kill at every step of the path.
    expect(Object.keys(r.killsByStep).map((k) => k.split(':')[1]).sort()).toEqual([...KILL_STEPS].sort());
    expect(r.kills).toBe(KILL_STEPS.length);
    expect(r.expected).toBe(6);
    expect(r.lost).toEqual([]);
    expect(r.duplicates).toEqual([]);
    expect(r.outOfOrder).toEqual([]);
    // Kills between sending and recording re-send with the same key: the raw copies are there, and were dropped by key.
    expect(r.extraCopies.mail).toBeGreaterThan(0);
  }, 600_000);
});
