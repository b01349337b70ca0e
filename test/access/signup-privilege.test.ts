// Signup mass assignment in the shape VAmPI has (issue 11): no signup in
// auth.flows (the register route is found in the API document), a wrapped
// body that documents a privilege property of the app's own name (is_staff),
// and an account record that does not show it. The vulnerable twin is found
// by a staff-only read the new account may make and its control may not; the
// hardened twin passes; every account the probe made is deleted.
import { beforeAll, describe, expect, it } from 'vitest';
import massCheck from '../../src/checks/access/mass-assignment-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { startSignupPrivilege } from '../targets/signup-privilege.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();

async function audit(mode: 'vulnerable' | 'hardened') {
  const t = await startSignupPrivilege(mode);
  try {
    const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['mass-assignment'] });
    return { t, run, outcome: massCheck.run({ accessProbes: probesOf(run) }, CTX) };
  } finally {
    await t.app.close();
  }
}

describe('signup with a privilege property', () => {
  let v: Awaited<ReturnType<typeof audit>>;
  beforeAll(async () => {
    v = await audit('vulnerable');
  }, 30_000);

  it('finds the register route without auth.flows.signup and the escalation through a staff-only read', () => {
    expect(v.outcome.status === 'fail' && v.outcome.findings.map((f) => [f.title, f.severity])).toEqual([
      ['POST /api/accounts/register lets anonymous sign up with privileges: the account may call GET /api/staff/accounts (sent role, admin, isAdmin, is_staff)', 'critical'],
    ]);
    const t = probesOf(v.run).trials.find((x) => x.variant === 'signup')!;
    expect(t.facts).toMatchObject({ discovered: true, privilegedOp: 'GET /api/staff/accounts', privilegedStatus: 200, controlPrivilegedStatus: 403 });
    // The privilege property went inside the body's wrapper, as the schema has it.
    expect(JSON.parse(t.steps.find((s) => s.label === 'attack')!.exchange.request.body!)).toMatchObject({ account: { is_staff: true } });
  });

  it('deletes the accounts it signed up, the escalated one included', () => {
    expect(v.t.leftovers()).toEqual([]);
    expect(v.t.staff()).toEqual([]);
  });

  it('passes the hardened twin, which ignores is_staff, having made the same calls', async () => {
    const h = await audit('hardened');
    expect(h.outcome.status).toBe('pass');
    const t = probesOf(h.run).trials.find((x) => x.variant === 'signup')!;
    expect(t.facts).toMatchObject({ accepted: '', privilegedStatus: 403, controlPrivilegedStatus: 403 });
    expect(h.t.leftovers()).toEqual([]);
  });
});
