// The session-cookie and disabled-user probes against the bundled Acme Ops,
// over real loopback HTTPS: the vulnerable mode's `sid` cookie (no Secure, no
// SameSite) and its disabled user's working session are found, the hardened
// mode passes both, and without allowWrites the cookie is still judged from
// the declared login while the disable probe sends nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import cookieCheck from '../../src/checks/access/session-cookie-insecure.js';
import disableCheck from '../../src/checks/access/session-valid-after-disable.js';
import { loadConfig } from '../../src/config/load.js';
import type { LoadedConfig } from '../../src/config/schema.js';
import type { AccessProbeSet } from '../../src/evidence/access-types.js';
import { CTX } from '../helpers/exchange.js';
import { runAccess, type AccessRun } from './run-access.js';

const FAMILIES = ['session-after-disable', 'session-cookie'] as const;

function configFor(handle: DemoHandle): LoadedConfig {
  const loaded = loadConfig(handle.configPath, { env: { ...process.env, ...handle.env } });
  loaded.config.network.ratePerSecond = 2_000;
  return loaded;
}

function probes(run: AccessRun): AccessProbeSet {
  if (run.access.state !== 'ok') throw new Error(`access probes not gathered: ${JSON.stringify(run.access)}`);
  return run.access.value;
}

describe('session probes against the vulnerable demo', () => {
  let handle: DemoHandle;
  let run: AccessRun;
  beforeAll(async () => {
    handle = await startDemo({ mode: 'vulnerable' });
    run = await runAccess(configFor(handle), { only: [...FAMILIES] });
  }, 60_000);
  afterAll(() => handle?.close());

  it('finds the sid cookie without Secure and SameSite, on login and invite accept, confirmed by a second answer', () => {
    const out = cookieCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.title)).toEqual(['Session cookie sid is set without Secure and SameSite']);
    const f = out.findings[0]!;
    expect(f.detail).toContain('POST /api/auth/login and POST /api/invites/accept');
    expect(f.reproduction).toMatch(/^curl .*\/api\/auth\/login/);
    // The evidence shows the header, its value masked.
    const excerpt = f.evidence.map((e) => e.excerpt).join('\n');
    expect(excerpt).toMatch(/set-cookie: sid=\S+; HttpOnly; Path=\//);
    const trials = probes(run).trials.filter((t) => t.family === 'session-cookie');
    expect(trials.map((t) => t.variant).sort()).toEqual(['invite-accept', 'login']);
    expect(trials.every((t) => t.facts.sameAgain === true && t.steps.length === 2)).toBe(true);
  });

  it("finds the disabled user's working session, after a refused new login, and disables no configured user", () => {
    const out = disableCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.title)).toEqual(["A disabled user's session keeps working"]);
    expect(out.findings[0]!.reproduction).toMatch(/^curl .*\/api\/me/);
    const t = probes(run).trials.find((x) => x.family === 'session-after-disable')!;
    expect(t.facts).toMatchObject({ beforeStatus: 200, disableStatus: 200, afterStatus: 200, confirmStatus: 200, newLoginStatus: 401 });
    // The user disabled is the probe's own invitee: the id in the disable URL is the one GET /me gave its session.
    const me = JSON.parse(t.steps.find((x) => x.label === 'before disable')!.exchange.response!.body) as { id: string; email: string };
    expect(me.email).toMatch(/^launchready-probe\+[a-z0-9]+@example\.com$/);
    expect(t.steps.find((x) => x.label === 'disable')!.exchange.request.url).toMatch(new RegExp(`/api/admin/users/${me.id}/disable$`));
    expect(handle.state.auditLog.filter((e) => e.action === 'user.disable')).toHaveLength(1);
  });

  it('keeps secrets out of the evidence and revokes the invite it used', () => {
    const json = JSON.stringify(run.access);
    for (const s of handle.secrets.filter((x) => x.length < 200)) expect(json).not.toContain(s);
    expect(json).not.toMatch(/launchready-probe-Pw-[a-z0-9]{8}!/);
    expect(probes(run).cleanup.some((c) => c.method === 'DELETE' && /\/api\/invites\//.test(c.url) && c.status === 204)).toBe(true);
  });
});

describe('session probes against the hardened demo', () => {
  let handle: DemoHandle;
  let run: AccessRun;
  beforeAll(async () => {
    handle = await startDemo({ mode: 'hardened' });
    run = await runAccess(configFor(handle), { only: [...FAMILIES] });
  }, 60_000);
  afterAll(() => handle?.close());

  it('passes the session cookie (Secure, HttpOnly, SameSite=Lax) on login and invite accept', () => {
    const out = cookieCheck.run({ accessProbes: probes(run) }, CTX);
    expect(`${out.status} ${'reason' in out ? out.reason : ''}`).toMatch(/^pass 2 /);
    const trials = probes(run).trials.filter((t) => t.family === 'session-cookie');
    expect(trials.map((t) => t.facts)).toEqual([
      expect.objectContaining({ cookie: 'sid', secure: true, httpOnly: true, sameSite: 'Lax', https: true }),
      expect.objectContaining({ cookie: 'sid', secure: true, httpOnly: true, sameSite: 'Lax', https: true }),
    ]);
  });

  it("passes the disable probe: the disabled user's session is refused at once", () => {
    const out = disableCheck.run({ accessProbes: probes(run) }, CTX);
    expect(out.status).toBe('pass');
    const t = probes(run).trials.find((x) => x.family === 'session-after-disable')!;
    expect(t.facts).toMatchObject({ beforeStatus: 200, disableStatus: 200, afterStatus: 401, confirmStatus: null });
  });
});

describe('session probes without allowWrites', () => {
  it('judge the cookie from the declared logins, and send nothing else that changes state', async () => {
    const handle = await startDemo({ mode: 'vulnerable' });
    try {
      const run = await runAccess(configFor(handle), { only: [...FAMILIES], allowWrites: false });
      const writes = run.ledger.filter((e) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(e.method));
      expect(writes.map((e) => `${e.method} ${e.url} ${e.purpose}`).filter((l) => !l.endsWith('/api/auth/login log in'))).toEqual([]);
      const cookie = cookieCheck.run({ accessProbes: probes(run) }, CTX);
      expect(cookie.status === 'fail' && cookie.findings.map((f) => f.title)).toEqual(['Session cookie sid is set without Secure and SameSite']);
      const disable = disableCheck.run({ accessProbes: probes(run) }, CTX);
      expect(disable).toMatchObject({ status: 'not-tested', reason: expect.stringContaining('allowWrites: false') });
    } finally {
      await handle.close();
    }
  }, 60_000);
});
