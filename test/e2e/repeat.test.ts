// Acceptance: the demo audited twice gives the same finding fingerprints and
// the same verdict (bench/verdict/repeat.ts does it ten times). What could
// differ is only what the audit itself does: a probe that depends on chance
// or timing, or on what the first audit left behind.
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import { runAudit } from '../../src/cli/run-audit.js';
import type { Report } from '../../src/report/model.js';

const handles: DemoHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
});

const keys = (r: Report): string[] => r.checks.flatMap((c) => c.findings.map((f) => `${c.id} ${f.fingerprint}`)).sort();

async function audit(demo: DemoHandle): Promise<Report> {
  return (await runAudit({ config: demo.configPath, env: { ...process.env, ...demo.env }, secrets: demo.secrets, failOn: 'never', color: false, quiet: true, emit: false })).report;
}

async function demoOf(mode: 'vulnerable' | 'hardened'): Promise<DemoHandle> {
  const demo = await startDemo({ mode });
  handles.push(demo);
  return demo;
}

/**
 * Vulnerable: one demo audited twice. Hardened: a fresh demo each time, since
 * its login lockout, set off by the first audit's bursts, is still on for the
 * second (a locked account answers unlike an unknown one).
 */
async function twice(mode: 'vulnerable' | 'hardened'): Promise<[Report, Report]> {
  const demo = await demoOf(mode);
  const first = await audit(demo);
  return [first, await audit(mode === 'vulnerable' ? demo : await demoOf(mode))];
}

describe('the same demo audited twice', () => {
  it('vulnerable: identical fingerprints and verdict', async () => {
    const [a, b] = await twice('vulnerable');
    expect(keys(a).length).toBeGreaterThan(50);
    expect(keys(b)).toEqual(keys(a));
    expect(b.verdict).toBe(a.verdict);
  }, 400_000);

  it('hardened (a fresh demo each time): no finding either time, and ready both times', async () => {
    const [a, b] = await twice('hardened');
    expect(keys(a)).toEqual([]);
    expect(keys(b)).toEqual([]);
    expect([a.verdict, b.verdict]).toEqual(['ready', 'ready']);
  }, 400_000);
});
