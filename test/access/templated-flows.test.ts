// Flows as templates (issue 11, item 6): a password change whose path takes
// the user's own username and whose body uses the app's field names, and an
// anonymous signup, both given in auth.flows. The vulnerable twin's stale
// session, signup mass assignment and missing signup limit are found (and the
// configured password is put back, verified by signing in); the hardened
// twin has none of them. The signup burst leaves one account, not ten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import rateLimitCheck from '../../src/checks/abuse/rate-limit-missing.js';
import massCheck from '../../src/checks/access/mass-assignment-accepted.js';
import bolaCheck from '../../src/checks/access/object-level-authorization-missing.js';
import sessionCheck from '../../src/checks/access/session-valid-after-password-change.js';
import { CTX } from '../helpers/exchange.js';
import { startTemplatedFlows } from '../targets/abuse/templated-flows.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess, type AccessRun } from './run-access.js';

const FAMILIES = ['session-after-password-change', 'mass-assignment', 'rate-limit', 'object-level'] as const;

const dir = fileWorkdir();
const probes = probesOf;

describe('templated flows against the vulnerable twin', () => {
  let t: Awaited<ReturnType<typeof startTemplatedFlows>>;
  let run: AccessRun;
  beforeAll(async () => {
    t = await startTemplatedFlows('vulnerable');
    run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: [...FAMILIES] });
  }, 30_000);
  afterAll(() => t.app.close());

  it('changes the password at the path of the user\'s own username, proves it, finds the old session alive, and puts the password back', () => {
    const out = sessionCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual(['An older session keeps working after the password was changed']);
    const trial = probes(run).trials.find((x) => x.family === 'session-after-password-change')!;
    // The probe user's own username ({username} from its GET /me record), not the login's email.
    expect(trial.steps.find((s) => s.label === 'change')!.exchange.request.url).toMatch(/\/users\/v1\/(ada|max)\/password$/);
    expect(trial.facts).toMatchObject({ changeStatus: 204, changeProven: 'the new password signs in', restored: true });
    expect(t.passwordsIntact()).toBe(true);
    expect(probes(run).passwordsNotRestored).toBeUndefined();
  });

  it('finds signup mass assignment, read back through the new account\'s own session', () => {
    const out = massCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => [f.title, f.severity])).toEqual([['POST /users/v1/register lets anonymous set role, admin', 'critical']]);
  });

  it("finds another user's password changed through the configured flow's own path, and puts it back", () => {
    const out = bolaCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual([expect.stringMatching(/can change objects of another user by id via PUT \/users\/v1\/\{username\}\/password$/)]);
    expect(t.passwordsIntact()).toBe(true);
  });

  it('finds no signup rate limit, with one account for the whole burst, and deletes every account it signed up', () => {
    const out = rateLimitCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual(['No rate limit on signup: 10 requests, no 429', 'No rate limit on login: 10 requests, no 429']);
    // Three accounts (the burst's one, the mass-assignment probe and its control), deleted through DELETE /admin/users/{id}.
    const deletes = probes(run).cleanup.filter((c) => /\/admin\/users\//.test(c.url));
    expect(deletes.map((c) => c.status)).toEqual([204, 204, 204]);
    expect([...t.users.keys()].filter((e) => e.startsWith('launchready-probe+'))).toEqual([]);
    expect(probes(run).notes.join('\n')).not.toMatch(/probe account/);
  });
});

describe('templated flows against the hardened twin', () => {
  it('finds nothing', async () => {
    const t = await startTemplatedFlows('hardened');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: [...FAMILIES] });
      for (const check of [sessionCheck, massCheck, rateLimitCheck, bolaCheck]) expect(check.run({ accessProbes: probes(run) }, CTX).status).toBe('pass');
      expect(t.passwordsIntact()).toBe(true);
    } finally {
      await t.app.close();
    }
  });
});
