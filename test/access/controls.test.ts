// The controls of issue 10: a verdict is drawn only from requests that
// reached the app's logic. Each target in test/targets/controls/ is a trap
// that status codes alone fall into; against each, launchready must report
// no finding, and where nothing could be judged, say not-tested with why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import validationCheck from '../../src/checks/abuse/request-validation-missing.js';
import rateLimitCheck from '../../src/checks/abuse/rate-limit-missing.js';
import functionLevelCheck from '../../src/checks/access/function-level-authorization-missing.js';
import malformedCheck from '../../src/checks/access/malformed-token-accepted.js';
import passwordChangeCheck from '../../src/checks/access/session-valid-after-password-change.js';
import unauthCheck from '../../src/checks/access/unauthenticated-access.js';
import enumerationCheck from '../../src/checks/access/user-enumeration-possible.js';
import weakPasswordCheck from '../../src/checks/access/weak-password-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { startAlwaysFails } from '../targets/controls/always-fails.js';
import { startErrorObjectWall } from '../targets/controls/error-object-wall.js';
import { startIgnoredPasswordFields } from '../targets/controls/ignored-password-fields.js';
import { startJwtPaddingBits } from '../targets/controls/jwt-padding-bits.js';
import { startLogin500 } from '../targets/controls/login-500.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess, type AccessRun } from './run-access.js';

const dir = fileWorkdir();
const probes = probesOf;

describe('an endpoint that answers 500 to every body', () => {
  it('is said once to always fail (a note), not reported as a validation finding', async () => {
    const t = await startAlwaysFails();
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['validation'] });
      const out = validationCheck.run({ accessProbes: probes(run) }, CTX);
      expect(out).toMatchObject({ status: 'not-tested' });
      expect(out.status === 'not-tested' && out.reason).toMatch(/POST \/api\/auth\/social: always fails: it answered 500 and 500 to a well-formed body/);
      expect(probes(run).notes.filter((n) => n.includes('always fails'))).toHaveLength(1);
      // No malformed variant was sent after the control failed twice.
      expect(t.app.hits.get('POST /api/auth/social')).toBe(2);
    } finally {
      await t.app.close();
    }
  });
});

describe('a password change that ignores the field names sent (a no-op 200)', () => {
  it('does not judge the old session or the weak password, and leaves the password as it was', async () => {
    const t = await startIgnoredPasswordFields();
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['session-after-password-change', 'weak-password'] });
      const session = passwordChangeCheck.run({ accessProbes: probes(run) }, CTX);
      expect(session.status).toBe('not-tested');
      expect(session.status === 'not-tested' && session.reason).toMatch(/the new password is refused \(401\) and the old one still signs in: the change did not happen/);
      const weak = weakPasswordCheck.run({ accessProbes: probes(run) }, CTX);
      expect(weak.status).toBe('not-tested');
      expect(weak.status === 'not-tested' && weak.reason).toMatch(/answered 200 to the weak password, but signing in with it answered 401/);
      expect(t.changes()).toBe(0);
      expect(t.accounts.users.member.password).toBe(t.configured);
      expect(probes(run).passwordsNotRestored).toBeUndefined();
    } finally {
      await t.app.close();
    }
  });
});

describe('an authentication wall that answers 200 with an error object', () => {
  let t: Awaited<ReturnType<typeof startErrorObjectWall>>;
  let run: AccessRun;
  beforeAll(async () => {
    t = await startErrorObjectWall();
    run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['function-level', 'malformed-token'], unauth: true });
  }, 30_000);
  afterAll(() => t.app.close());

  it('counts `200 {"error": "missing Token in header"}` as a refusal of anonymous callers', () => {
    if (run.unauth?.state !== 'ok') throw new Error('unauth probes not gathered');
    const out = unauthCheck.run({ unauthProbes: run.unauth.value }, CTX);
    expect(out.status).toBe('pass');
    expect(out.status === 'pass' && out.reason).toMatch(/with a 2xx that is no answer \(a 2xx carrying an error object\)/);
    // The anonymous 200 was not worth a confirmation request.
    expect(run.unauth.value.probes.every((p) => p.confirmation === undefined)).toBe(true);
  });

  it("counts a member's `200 {\"success\": false}` on the admin route as a refusal", () => {
    const out = functionLevelCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status).toBe('pass');
    const denied = probes(run).trials.find((x) => x.family === 'function-level' && x.variant === 'denied-role' && x.target === 'GET /api/admin/users');
    expect(denied?.facts).toMatchObject({ status: 200, sameKind: false, difference: 'a 2xx carrying an error object' });
  });

  it('counts forged tokens answered `200 {"error": "invalid token"}` as refused', () => {
    expect(malformedCheck.run({ accessProbes: probes(run) }, CTX).status).toBe('pass');
  });
});

describe('a JWT whose last signature character can be swapped without changing the signature', () => {
  it('flips a bit in the middle of the signature instead, and finds nothing', async () => {
    const t = await startJwtPaddingBits();
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['malformed-token'] });
      const out = malformedCheck.run({ accessProbes: probes(run) }, CTX);
      expect(out.status).toBe('pass');
      const variants = probes(run).trials.filter((x) => x.family === 'malformed-token').map((x) => x.variant);
      expect(new Set(variants)).toEqual(new Set(['garbage', 'tampered', 'truncated', 'jwt-wrong-key', 'jwt-no-signature', 'jwt-alg-none']));
      // The trap is real: the old probe's swap of the last character (A↔B) is accepted as the same token.
      const login = await fetch(`${t.app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: t.accounts.users.member.email, password: t.accounts.users.member.password }) });
      const { token } = (await login.json()) as { token: string };
      const swapped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
      expect((await fetch(`${t.app.url}/api/notes`, { headers: { authorization: `Bearer ${swapped}` } })).status).toBe(200);
    } finally {
      await t.app.close();
    }
  });
});

describe('a login that answers 500 to the body shape the probes send', () => {
  it('reports neither a missing rate limit nor uniform answers: not tested, with the reason', async () => {
    const t = await startLogin500();
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['rate-limit', 'user-enumeration'] });
      const rate = rateLimitCheck.run({ accessProbes: probes(run) }, CTX);
      expect(rate.status).toBe('not-tested');
      expect(rate.status === 'not-tested' && rate.reason).toMatch(/POST \/api\/auth\/login: the burst's answers were not the app's own answer to a well-formed request \(500×3: a server error/);
      // Three 500s were enough to know: the burst of 10 stopped there.
      expect(t.app.hits.get('POST /api/auth/login')).toBe(3);
      expect(enumerationCheck.run({ accessProbes: probes(run) }, CTX).status).toBe('not-tested');
    } finally {
      await t.app.close();
    }
  });
});
