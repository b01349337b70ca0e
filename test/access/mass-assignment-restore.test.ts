// No harm left behind (issue 10): a mass-assignment probe that promoted the
// caller's own record puts it back and reads it back; what a write cannot
// undo is listed as a side effect, and what stayed is said loudly. Found by
// the repeat bench: the demo's viewer kept isAdmin: true after every audit.
import { describe, expect, it } from 'vitest';
import massAssignmentCheck from '../../src/checks/access/mass-assignment-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { startSelfPromotion } from '../targets/self-promotion.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();

describe("the caller's own record after a mass-assignment probe", () => {
  it('is put back: the role as it was, and a flag it did not have set to false, which the notes say', async () => {
    const t = await startSelfPromotion('plain');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['mass-assignment'] });
      const out = massAssignmentCheck.run({ accessProbes: probesOf(run) }, CTX);
      expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual(['PATCH /api/me lets member set role, isAdmin']);
      expect(t.member.role).toBe('member');
      expect(t.member.isAdmin).toBe(false);
      const notes = probesOf(run).notes;
      expect(notes).toContain("side effect of the audit, changed: member's own record via PATCH /api/me now has isAdmin=false (absent before; a write cannot remove it)");
      expect(notes.filter((n) => n.startsWith('NOT RESTORED'))).toEqual([]);
      expect(run.ledger.filter((e) => e.purpose === 'verify the mass-assignment restore').map((e) => e.status)).toEqual([200]);
    } finally {
      await t.app.close();
    }
  });

  it('kept by an app that never takes a flag back: said loudly, with what to reset', async () => {
    const t = await startSelfPromotion('sticky');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['mass-assignment'] });
      expect(t.member.isAdmin).toBe(true);
      expect(t.member.role).toBe('member');
      expect(probesOf(run).notes).toContain("NOT RESTORED: the mass-assignment probe set isAdmin=true on member's own record via PATCH /api/me and could not put it back; reset member's record by hand");
    } finally {
      await t.app.close();
    }
  });
});
