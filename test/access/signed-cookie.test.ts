// Tampered session cookies (issue 11 trials): in a cookie session whose jar
// starts with the CSRF cookie, the malformed-token probe tampers with the
// session cookie itself (RoleSession.token) and keeps the rest of the jar.
// The target that never checks its cookie's signature is found; the twin
// that does passes, having seen the same tampered cookies refused.
import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/malformed-token-accepted.js';
import { CTX } from '../helpers/exchange.js';
import { startSignedCookie } from '../targets/signed-cookie.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();

async function audit(mode: 'vulnerable' | 'hardened') {
  const t = await startSignedCookie(mode);
  try {
    const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['malformed-token'] });
    return { run, outcome: check.run({ accessProbes: probesOf(run) }, CTX) };
  } finally {
    await t.app.close();
  }
}

describe('malformed-token-accepted on a signed session cookie behind a CSRF cookie', () => {
  it('finds the cookie whose signature is never checked: tampered and truncated copies sign in', async () => {
    const { run, outcome } = await audit('vulnerable');
    expect(outcome.status === 'fail' && outcome.findings.map((f) => f.title).sort()).toEqual([
      'A tampered token is accepted on 2 operations',
      'A truncated token is accepted on 2 operations',
    ]);
    // What was tampered with is the session cookie, sent with the CSRF cookie the jar started with.
    const attack = probesOf(run).trials.find((t) => t.variant === 'tampered')!.steps[0]!.exchange.request.headers.cookie ?? '';
    expect(attack).toMatch(/^csrftoken=\S+; sid=(ann|bob)\./);
  });

  it('passes the twin that checks the signature, every variant refused', async () => {
    const { run, outcome } = await audit('hardened');
    expect(outcome.status).toBe('pass');
    const statuses = probesOf(run).trials.filter((t) => t.family === 'malformed-token').map((t) => t.facts.status);
    expect(new Set(statuses)).toEqual(new Set([401]));
  });
});
