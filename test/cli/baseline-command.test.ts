// Critic #10: `launchready baseline` accepted every finding without a word,
// and the next audit read READY over a critical cross-tenant read. It now says
// how many fix-first findings it accepted and names them.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/types.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { ok, type Evidence, type RunContext } from '../../src/evidence/types.js';
import { buildReport } from '../../src/report/build.js';
import { runCli } from '../helpers/run-cli.js';

const ctx: RunContext = { projectName: 'Baselined', profile: 'first-customers', productType: 'internal-tool', environment: 'production' };
const hosts = ['a.example.test', 'b.example.test'];
const weak = defineCheck({
  meta: { id: 'hsts-weak', stage: 3, title: 'HSTS', failureTitle: 'No HSTS', severity: 'high', minimumBar: 'm', remediation: 'r', requires: ['repo'] },
  run: () => ({ status: 'fail', findings: hosts.map((h) => ({ title: `${h} sends no HSTS`, detail: 'd', evidence: [], identity: [h] })) }),
});

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-baseline-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('launchready baseline', () => {
  it('prints how many fix-first findings it accepted, and which', async () => {
    const checks = runChecks([weak as never], { repo: ok({}) } as unknown as Evidence, ctx, { accepted: new Set() });
    const report = buildReport({ ctx, version: '0', checks, map: { domains: [], environments: [] }, ledger: [], notes: [] });
    const fixFirst = report.checks.flatMap((c) => c.findings).filter((f) => f.triage === 'fix-first').length;
    expect(fixFirst).toBe(2);
    const file = path.join(tmp, 'report.json');
    await writeFile(file, JSON.stringify(report));
    const out = path.join(tmp, 'baseline.json');
    const r = await runCli(['baseline', '--from-report', file, '--output', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        `Baseline written to ${out}: 2 findings accepted, 2 of them fix-first.`,
        'Later audits pass the gate with these open and say "(2 accepted in baseline)" in the verdict; fix them or accept them knowingly:',
        '  - a.example.test sends no HSTS (hsts-weak)',
        '  - b.example.test sends no HSTS (hsts-weak)',
        '',
      ].join('\n'),
    );
    expect((JSON.parse(await readFile(out, 'utf8')) as { findings: unknown[] }).findings).toHaveLength(2);
  }, 60_000);
});
