// A pass needs evidence (issue 10): an object that cannot be looked for in a
// list cut at the body limit is unknown, never "gone". Found by the repeat
// bench: each audit of the demo leaves a 100 KB payout (no DELETE in its API),
// and from the fourth audit on GET /api/payouts passed the 256 KB cap, so the
// viewer's create read as refused and "POST /api/payouts is open to staff and
// viewer" vanished.
import { describe, expect, it } from 'vitest';
import functionLevelCheck from '../../src/checks/access/function-level-authorization-missing.js';
import { CTX } from '../helpers/exchange.js';
import { startOversizedList } from '../targets/oversized-list.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();

describe('a create read back from a list longer than the body limit', () => {
  it('is not judged refused: the trial is unknown, and the check does not pass on it', async () => {
    const t = await startOversizedList();
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['function-level'] });
      // The member really created entries: the trap is real.
      expect(t.entries.length).toBeGreaterThan(1);
      const denied = probesOf(run).trials.filter((x) => x.family === 'function-level' && x.target === 'POST /api/entries' && x.attacker === 'member');
      expect(denied).toHaveLength(1);
      expect(denied[0]!.facts).toMatchObject({ status: 201, changed: null });
      expect(denied[0]!.steps.find((s) => s.label === 'read-back')?.exchange.error).toMatch(/could not be looked for in \/api\/entries: the body was cut at the probe's limit of 2048 KB/);
      const out = functionLevelCheck.run({ accessProbes: probesOf(run) }, CTX);
      expect(out.status === 'pass' && out.reason).not.toMatch(/POST \/api\/entries/);
      expect(JSON.stringify(out)).not.toMatch(/refused/);
    } finally {
      await t.app.close();
    }
  });
});

describe('a create read back from a list past the general body limit but under the read-back cap', () => {
  it('is read whole, so the open create is found (a list that grows with earlier audits\' leftovers keeps its finding)', async () => {
    const t = await startOversizedList(300 * 1024);
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['function-level'] });
      const out = functionLevelCheck.run({ accessProbes: probesOf(run) }, CTX);
      expect(out.status).toBe('fail');
      expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual(['POST /api/entries is open to member']);
    } finally {
      await t.app.close();
    }
  });
});
