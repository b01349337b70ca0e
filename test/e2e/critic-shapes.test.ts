// Known answers on the app shapes a critic met as a new user (issue 10),
// audited the way the critic did: the CLI, a config in the shape `init`
// drafts, no API document.
// - Memo (test/targets/memo.ts, the critic's "docs" app): denials answered as
//   `200 {"ok": false}` and lists that grow between two reads for reasons
//   other than the caller's create. A refused create is never "open to"
//   anyone; the planted PATCH is the only finding.
// - TinyOps (test/targets/tinyops.ts, the critic's tinyops app) with only its
//   URL and roles: the operations come from the page, which names no invoice
//   list and no project create. The invoice collection is read for ids all
//   the same, so the planted cross-tenant read is found. Where no such id
//   exists anywhere, lists compared are not tenant isolation by id: the
//   verdict is incomplete (exit 4), never READY; and every reason names what
//   the operations lacked, never a read that was not made.
import { mkdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/model.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { memoConfig, startMemo, type Memo } from '../targets/memo.js';
import { startTinyOps, tinyOpsConfig, type TinyOps } from '../targets/tinyops.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lr-critic-shapes-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function audit(name: string, config: string, args: string[]): Promise<{ run: CliResult; report: Report }> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'launchready.yml');
  await writeFile(file, config);
  const out = path.join(dir, 'report');
  const run = await runCli(['audit', '--quiet', '--config', file, '--out', out, ...args], { cwd: dir, timeoutMs: 180_000 });
  return { run, report: JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report };
}

const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;

for (const mode of ['vulnerable', 'hardened'] as const) {
  describe(`memo (${mode}): denials answered 200 {"ok": false}, lists that grow on their own`, () => {
    let memo: Memo;
    let report: Report;
    let run: CliResult;
    beforeAll(async () => {
      memo = await startMemo(mode);
      ({ run, report } = await audit(`memo-${mode}`, memoConfig(memo), ['--only', 'function-level-authorization-missing']));
    }, 200_000);
    afterAll(() => memo?.close());

    it(mode === 'vulnerable' ? 'finds the planted PATCH and no refused create' : 'finds nothing', () => {
      const fl = check(report, 'function-level-authorization-missing');
      expect(fl.findings.map((f) => f.title)).toEqual(mode === 'vulnerable' ? ['PATCH /api/docs/{id} is open to viewer'] : []);
      expect(fl.status, fl.reason).toBe(mode === 'vulnerable' ? 'fail' : 'pass');
      expect(run.code, run.stderr).toBe(mode === 'vulnerable' ? 1 : 0);
    });

    it('sent the refused creates and saw each list grow around them (the path under test ran)', () => {
      const creates = report.ledger.filter((e) => e.method === 'POST' && /denied role (viewer|staff) on POST \/api\/(docs|folders)$/.test(e.purpose));
      expect(creates.map((e) => `${e.purpose} → ${e.status}`).sort()).toEqual([
        'denied role staff on POST /api/folders → 202',
        'denied role viewer on POST /api/docs → 200',
        'denied role viewer on POST /api/folders → 202',
      ]);
    });

    it('leaves no probe object behind', () => {
      expect(memo.probeObjectsLeft()).toBe(0);
    });
  });
}

describe('tinyops with only its URL and roles (operations from the page)', () => {
  let tiny: TinyOps;
  let audited: { run: CliResult; report: Report };
  beforeAll(async () => {
    tiny = await startTinyOps('vulnerable');
    audited = await audit('tinyops', tinyOpsConfig(tiny, false), []);
  }, 400_000);
  afterAll(() => tiny?.close());

  it('reads the invoice collection the page never lists, for ids, and finds the planted cross-tenant read', () => {
    const { run, report } = audited;
    // Sequential ids: the outsider's own invoice ids' neighbours are the other tenant's too.
    expect(check(report, 'object-level-authorization-missing').findings.map((f) => f.title).sort()).toEqual([
      'outsider (another tenant) can read guessed (neighbouring) ids of another tenant via GET /api/invoices/{id}',
      'outsider (another tenant) can read objects of another tenant by id via GET /api/invoices/{id}',
    ]);
    expect(report.ledger.filter((e) => new URL(e.url).pathname === '/api/invoices').map((e) => `${e.role} ${e.status}`).sort()).toEqual(['outsider 200', 'owner 200', 'staff 200', 'viewer 403']);
    // The viewer's DELETE was never tried (writes off): the planted read is counted, and the verdict says what was not judged.
    expect(report.verdict).toBe('incomplete');
    expect(report.verdictLine).toMatch(/^NOT VERIFIED — access control was not fully tested: .*role limits.*; \d+ fix(es)? first/);
    expect(run.code, run.stderr).toBe(4);
  });
});

describe('tinyops fixed, with only its URL and roles, writes off', () => {
  let tiny: TinyOps;
  let audited: { run: CliResult; report: Report };
  beforeAll(async () => {
    tiny = await startTinyOps('hardened');
    audited = await audit('tinyops-hardened', tinyOpsConfig(tiny, false), []);
  }, 400_000);
  afterAll(() => tiny?.close());

  it('tenant isolation by id passes, but role limits were never tried: incomplete (exit 4), naming them, never READY', () => {
    const { run, report } = audited;
    expect(check(report, 'object-level-authorization-missing').status).toBe('pass');
    expect(check(report, 'function-level-authorization-missing').status).toBe('not-tested');
    expect(report.verdict).toBe('incomplete');
    expect(run.code, run.stderr).toBe(4);
    expect(report.coverage.incompleteBecause).toContain(
      'access control was not fully tested: roles are configured, but role limits (which role may call what) could not be judged',
    );
  });
});

describe('tinyops without any invoice list (no id of another tenant anywhere)', () => {
  let tiny: TinyOps;
  let readOnly: { run: CliResult; report: Report };
  let writes: { run: CliResult; report: Report };
  beforeAll(async () => {
    tiny = await startTinyOps('vulnerable', { invoiceList: false });
    readOnly = await audit('tinyops-listless-read-only', tinyOpsConfig(tiny, false), []);
    writes = await audit('tinyops-listless-writes', tinyOpsConfig(tiny, true), []);
  }, 400_000);
  afterAll(() => tiny?.close());

  const fromPage = () => `the page's scripts at ${tiny.url}`;
  const noInvoiceId = () =>
    `GET /api/invoices/{id}: no id of tenant main is known for /api/invoices: no GET /api/invoices among the operations (from ${fromPage()}) to list them; GET /api/invoices, read anyway for ids (owner → 404, staff → 404, viewer → 404), named none, and no other answer named one`;

  it('lists compared are not tenant isolation by id: object-level is not tested, with what was compared and why no id was tried', () => {
    const ol = check(readOnly.report, 'object-level-authorization-missing');
    expect(ol.status).toBe('not-tested');
    expect(ol.reason).toBe(
      `only lists were compared (GET /api/me, GET /api/projects); no object of another tenant was tried by its id — DELETE /api/projects/{id}: a state-changing operation, and writes are not allowed on the target environment (allowWrites: false, or a --read-only run); ${noInvoiceId()}`,
    );
  });

  it('with roles configured and neither authorization check judged, the verdict is incomplete (exit 4), never READY', () => {
    for (const { run, report } of [readOnly, writes]) {
      expect(report.verdict).toBe('incomplete');
      expect(run.code, run.stderr).toBe(4);
      expect(report.coverage.incompleteBecause).toContain(
        'access control was not fully tested: roles are configured, but role limits (which role may call what) and tenant isolation by id could not be judged',
      );
    }
  });

  it('reasons name what the operations lack, and claim no read that was not made', () => {
    for (const { report } of [readOnly, writes]) expect(JSON.stringify(report.checks)).not.toMatch(/was found in|in the API document to/);
    const fl = check(writes.report, 'function-level-authorization-missing');
    expect(fl.reason).toBe(`${noInvoiceId()}; DELETE /api/projects/{id}: no POST /api/projects among the operations (from ${fromPage()}) to create a throwaway object`);
    expect(check(writes.report, 'method-override-honoured').reason).toBe(`no GET /api/projects/{id} among the operations (from ${fromPage()}) to read the object back`);
    // No API document: no method can be "undocumented", so the check does not apply and says where the operations came from.
    const um = check(writes.report, 'undocumented-method-answered');
    expect(um.status).toBe('not-applicable');
    expect(um.findings).toEqual([]);
    expect(um.reason).toMatch(/^no API document \(api\.openapi\): the operations came from .*page/);
  });
});
