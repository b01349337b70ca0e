// Known answers on test targets shaped unlike the bundled demo (issue 11):
// Shelf (a base path, a nested login body with `Token` auth, natural keys
// with an owner property, one-user tenants, a platform admin, no `required`
// in its document) and Desk (a Django-style form login with a CSRF cookie,
// trailing slashes, {"data": …} wrappers, UUID keys, Swagger 2.0). Each
// planted access bug is found with its exact title; each hardened twin has
// none, and the core checks there pass rather than go untested.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { parseConfigText } from '../../src/config/load.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { Evidence } from '../../src/evidence/types.js';
import { notTested } from '../../src/evidence/types.js';
import type { CheckResult } from '../../src/report/model.js';
import { CTX } from '../helpers/exchange.js';
import { deskConfig, deskSpec, startDesk } from '../targets/desk.js';
import { libraryConfig, librarySpec, startLibrary } from '../targets/library.js';
import { shelfConfig, shelfSpec, startShelf, type Mode, type TargetServer } from '../targets/shelf.js';
import { runAccess, type AccessRun } from './run-access.js';

const ACCESS = CHECKS.filter((c) => c.meta.requires.includes('accessProbes'));
const UNAUTH = CHECKS.filter((c) => c.meta.requires.includes('unauthProbes') && !c.meta.requires.includes('accessProbes'));
const CORE = ['function-level-authorization-missing', 'object-level-authorization-missing', 'mass-assignment-accepted'];

interface Target {
  start(mode: Mode): Promise<TargetServer>;
  spec(): object;
  config(t: TargetServer, specFile: string): string;
  /** check id → exact finding titles in vulnerable mode (order-free). */
  vulnerable: Record<string, string[]>;
  /** Also run the unauthenticated probes and judge their checks. */
  unauth?: boolean;
}

const TARGETS: Record<string, Target> = {
  shelf: {
    start: startShelf,
    spec: shelfSpec,
    config: shelfConfig,
    vulnerable: {
      'function-level-authorization-missing': ['GET /api/admin/users is open to alice and bob'],
      'object-level-authorization-missing': [
        'bob (another user) can read objects of another user by id via GET /api/books/{slug}',
        'bob (another user) can change objects of another user by id via PUT /api/books/{slug}',
        'bob (another user) can delete objects of another user by id via DELETE /api/books/{slug}',
        'bob (another user) can change objects of another user by id via PUT /api/profiles/{username}/password',
      ],
      'mass-assignment-accepted': ['PUT /api/user lets alice set role, admin', 'POST /api/books lets alice set status, approved'],
      'rate-limit-missing': ['No rate limit on login: 12 requests, no 429'],
    },
  },
  desk: {
    start: startDesk,
    spec: deskSpec,
    config: deskConfig,
    vulnerable: {
      'function-level-authorization-missing': ['DELETE /api/tickets/{ticket_uuid}/ is open to agent'],
      'object-level-authorization-missing': [
        "outsider (another tenant) can read lists that include another tenant's rows via GET /api/tickets/",
        'outsider (another tenant) can read objects of another tenant by id via GET /api/tickets/{ticket_uuid}/',
        'outsider (another tenant) can change objects of another tenant by id via PATCH /api/tickets/{ticket_uuid}/',
        'outsider (another tenant) can delete objects of another tenant by id via DELETE /api/tickets/{ticket_uuid}/',
      ],
      'mass-assignment-accepted': ['PATCH /api/tickets/{ticket_uuid}/ lets agent set tenantId'],
      'rate-limit-missing': ['No rate limit on login: 5 requests, no 429'],
    },
  },
  library: {
    start: startLibrary,
    spec: librarySpec,
    config: libraryConfig,
    unauth: true,
    vulnerable: {
      'unauthenticated-access': ['GET /api/books/{book_title} answers without credentials'],
      'object-level-authorization-missing': [
        'bob (another user) can read objects of another user by id via GET /api/books/{book_title}',
        'bob (another user) can delete objects of another user by id via DELETE /api/books/{book_title}/reviews/{review_id}',
      ],
      'rate-limit-missing': ['No rate limit on login: 12 requests, no 429'],
    },
  },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lr-targets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function judge(run: AccessRun): CheckResult[] {
  const evidence = { accessProbes: run.access, openapi: notTested('x'), unauthProbes: run.unauth ?? notTested('x'), repo: notTested('x'), httpProbes: notTested('x') } as unknown as Evidence;
  return runChecks(run.unauth ? [...ACCESS, ...UNAUTH] : ACCESS, evidence, CTX);
}

const findings = (rs: CheckResult[]) => Object.fromEntries(rs.filter((r) => r.findings.length).map((r) => [r.id, r.findings.map((f) => f.title).sort()]));

for (const [name, target] of Object.entries(TARGETS)) {
  for (const mode of ['vulnerable', 'hardened'] as const) {
    describe(`${name} (${mode})`, () => {
      let server: TargetServer;
      let run: AccessRun;
      let results: CheckResult[];
      beforeAll(async () => {
        server = await target.start(mode);
        const specFile = path.join(dir, `${name}-${mode}.json`);
        await writeFile(specFile, JSON.stringify(target.spec()));
        run = await runAccess(parseConfigText(target.config(server, specFile), path.join(dir, `${name}-${mode}.yml`)), { unauth: target.unauth === true });
        results = judge(run);
      }, 60_000);
      afterAll(() => server?.close());

      it(mode === 'vulnerable' ? 'finds every planted bug, and nothing else' : 'finds nothing', () => {
        expect(run.access.state === 'ok' ? 'ok' : run.access).toBe('ok');
        const want = mode === 'vulnerable' ? Object.fromEntries(Object.entries(target.vulnerable).map(([k, v]) => [k, [...v].sort()])) : {};
        expect(findings(results)).toEqual(want);
      });

      it('judges the core access checks instead of leaving them untested', () => {
        // A core check fails where this target plants its bug, and passes everywhere else.
        for (const id of CORE) expect(`${id}: ${results.find((r) => r.id === id)?.status}`).toBe(`${id}: ${mode === 'vulnerable' && id in target.vulnerable ? 'fail' : 'pass'}`);
      });

      it('deletes what it created, puts every password back and never shows one', async () => {
        expect(server.probeObjectsLeft()).toBe(0);
        expect(await server.signInAll()).toBe(true);
        const json = JSON.stringify({ access: run.access, ledger: run.ledger });
        for (const pw of Object.values(server.passwords)) expect(json).not.toContain(pw);
      });
    });
  }
}
