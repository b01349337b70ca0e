// The access gatherer and probe engine against a real loopback API (the
// generated mini API): planted bugs are found, a clean API yields nothing,
// sessions renew mid-run, created objects are deleted, and without
// allowWrites nothing state-changing is sent.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { parseConfigText } from '../../src/config/load.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { Evidence } from '../../src/evidence/types.js';
import { notTested } from '../../src/evidence/types.js';
import { CTX } from '../helpers/exchange.js';
import { miniConfig, startMiniApi, type MiniApi } from '../helpers/mini-api.js';
import { runAccess } from './run-access.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lr-access-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function setup(api: MiniApi, opts: { allowWrites: boolean; wrongPasswordFor?: string }) {
  const specFile = path.join(dir, `spec-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(specFile, JSON.stringify(api.spec));
  const file = path.join(dir, `lr-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(file, miniConfig(api, { specFile, ...opts }));
  return parseConfigText(miniConfig(api, { specFile, ...opts }), file);
}

function results(access: Evidence['accessProbes']) {
  const evidence = { accessProbes: access, openapi: notTested('x'), unauthProbes: notTested('x'), repo: notTested('x'), httpProbes: notTested('x') } as unknown as Evidence;
  const ids = new Set(['function-level-authorization-missing', 'object-level-authorization-missing', 'mass-assignment-accepted', 'request-validation-missing', 'session-valid-after-logout', 'malformed-token-accepted', 'undocumented-method-answered']);
  return runChecks(CHECKS.filter((c) => ids.has(c.meta.id)), evidence, CTX);
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('access probes against a clean API', () => {
  let api: MiniApi;
  beforeAll(async () => {
    api = await startMiniApi({ resources: 2 });
  });
  afterAll(() => api.close());

  it('finds nothing, cleans up every object it created, and masks every password', async () => {
    const loaded = await setup(api, { allowWrites: true });
    const run = await runAccess(loaded);
    expect(run.access.state).toBe('ok');
    const res = results(run.access);
    const failing = res.filter((r) => r.findings.length > 0);
    expect(failing.map((r) => `${r.id}: ${r.findings.map((f) => f.title).join(' | ')}`)).toEqual([]);
    expect(res.find((r) => r.id === 'function-level-authorization-missing')?.status).toBe('pass');
    expect(res.find((r) => r.id === 'object-level-authorization-missing')?.status).toBe('pass');
    expect(res.find((r) => r.id === 'session-valid-after-logout')?.status).toBe('pass');
    expect(api.probeObjectsLeft()).toBe(0);
    expect(run.ledger.some((e) => e.method === 'DELETE' && e.purpose.startsWith('clean up'))).toBe(true);
    const json = JSON.stringify(run);
    for (const pw of Object.values(api.passwords)) expect(json).not.toContain(pw);
  });

  it('sends no state-changing request without allowWrites (login declared), and says why', async () => {
    const loaded = await setup(api, { allowWrites: false });
    const run = await runAccess(loaded);
    const writes = run.ledger.filter((e) => WRITES.has(e.method));
    expect(writes.every((e) => e.purpose === 'log in')).toBe(true);
    const res = results(run.access);
    expect(res.find((r) => r.id === 'mass-assignment-accepted')?.status).toBe('not-tested');
    expect(res.find((r) => r.id === 'mass-assignment-accepted')?.reason).toContain('allowWrites');
    // Reads are still judged.
    expect(res.find((r) => r.id === 'object-level-authorization-missing')?.status).toBe('pass');
  });

  it('makes checks error when a role cannot sign in', async () => {
    const loaded = await setup(api, { allowWrites: false, wrongPasswordFor: 'staff' });
    const run = await runAccess(loaded, { only: ['function-level'] });
    const fl = results(run.access).find((r) => r.id === 'function-level-authorization-missing');
    expect(fl?.status).toBe('error');
    expect(fl?.reason).toContain('staff');
  });

  it('does not call a missing route "not rate-limited": its 404s read like the 404 of a route next to it', async () => {
    const loaded = await setup(api, { allowWrites: true });
    loaded.config.auth.flows.passwordResetRequest = 'POST /api/auth/no-such-reset';
    loaded.config.auth.flows.rateLimitBurst = 5;
    const run = await runAccess(loaded, { only: ['rate-limit'] });
    const reset = run.access.state === 'ok' ? run.access.value.trials.find((t) => t.family === 'rate-limit' && t.variant === 'password reset') : undefined;
    expect(reset?.facts).toMatchObject({ statuses: '404×5', reachedHandler: false });
    expect(run.ledger.some((e) => e.purpose.includes('a missing route for comparison'))).toBe(true);
    const evidence = { accessProbes: run.access } as unknown as Evidence;
    const [res] = runChecks(CHECKS.filter((c) => c.meta.id === 'rate-limit-missing'), evidence, CTX);
    expect(res?.findings.map((f) => f.title) ?? []).not.toContainEqual(expect.stringContaining('password reset'));
  });
});

describe('access probes against planted bugs', () => {
  it('finds cross-tenant access and viewer writes, each with a reproduction', async () => {
    const api = await startMiniApi({ resources: 2, crossTenant: true, viewerWrites: true });
    try {
      const run = await runAccess(await setup(api, { allowWrites: true }), { only: ['function-level', 'object-level'] });
      const res = results(run.access);
      const fl = res.find((r) => r.id === 'function-level-authorization-missing')!;
      const bola = res.find((r) => r.id === 'object-level-authorization-missing')!;
      expect(fl.status).toBe('fail');
      expect(fl.findings.some((f) => f.title.includes('PATCH /api/r0/{id}') && f.title.includes('viewer'))).toBe(true);
      expect(bola.status).toBe('fail');
      expect(bola.findings.some((f) => f.title.includes('GET /api/r0/{id}'))).toBe(true);
      expect(bola.findings.some((f) => f.title.includes('DELETE /api/r1/{id}'))).toBe(true);
      for (const f of [...fl.findings, ...bola.findings]) expect(f.reproduction).toMatch(/^curl /);
      expect(api.probeObjectsLeft()).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('renews a session that expires mid-run instead of reporting silent denials', async () => {
    const api = await startMiniApi({ resources: 2, sessionUses: 6 });
    try {
      const run = await runAccess(await setup(api, { allowWrites: false }), { only: ['function-level', 'object-level'] });
      expect(run.access.state).toBe('ok');
      if (run.access.state !== 'ok') return;
      expect(run.access.value.roles.some((r) => r.renewals > 0)).toBe(true);
      const res = results(run.access);
      expect(res.find((r) => r.id === 'object-level-authorization-missing')?.status).toBe('pass');
      expect(run.ledger.filter((e) => e.purpose.includes('retried after renewing')).length).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  });
});

