// The three verdicts and the coverage block: a dead target, a family the app
// needs left untested, or a pass that judged nothing can never read "ready".
import { describe, expect, it } from 'vitest';
import { defineCheck, type CheckOutcome } from '../../src/checks/types.js';
import { auditExitCode } from '../../src/engine/audit.js';
import { passFromEvidence, runChecks } from '../../src/engine/run-checks.js';
import { failed, notTested, ok, type Evidence, type EvidenceKey, type RunContext } from '../../src/evidence/types.js';
import { buildReport } from '../../src/report/build.js';
import type { LedgerEntry } from '../../src/report/model.js';
import { renderHtml } from '../../src/report/renderers/html.js';
import { renderJunit } from '../../src/report/renderers/junit.js';
import { renderMarkdown } from '../../src/report/renderers/markdown.js';
import { renderTerminal } from '../../src/report/renderers/terminal.js';

const APP = 'http://127.0.0.1:4567';

function probe(id: string, requires: EvidenceKey, stage: 2 | 3 | 4 = 2, outcome: CheckOutcome = { status: 'pass', judged: 1 }) {
  return defineCheck({
    meta: { id, stage, title: id, failureTitle: id, severity: 'high', minimumBar: 'm', remediation: 'r', requires: [requires] },
    run: () => outcome,
  });
}

const ctx = (over: Partial<RunContext> = {}): RunContext => ({
  projectName: 'Minimal',
  profile: 'first-customers',
  productType: 'internal-tool',
  environment: 'production',
  appUrl: APP,
  apiUrl: APP,
  setup: { roles: [], operations: false, domains: [], allowWrites: false, caFile: false },
  ...over,
});

const refused = (seq: number): LedgerEntry => ({
  seq,
  time: `2025-01-01T00:00:0${seq}.000Z`,
  method: 'GET',
  url: `${APP}/path${seq}`,
  role: 'anonymous',
  purpose: 'probe',
  status: null,
  durationMs: 1,
  error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4567',
});

const answered = (seq: number): LedgerEntry => ({ ...refused(seq), status: 200, error: undefined });

function report(checks: ReturnType<typeof probe>[], evidence: Partial<Evidence>, c: RunContext, ledger: LedgerEntry[] = []) {
  const results = runChecks(checks as never, evidence as Evidence, c);
  return buildReport({ ctx: c, version: '0', checks: results, map: { domains: [], environments: [] }, ledger, notes: [] });
}

describe('a pass must rest on evidence', () => {
  it('nothing judged is not-tested; part of it is not-tested with the share; all of it passes', () => {
    expect(passFromEvidence({ judged: 0, of: 4, unit: 'hosts' })).toMatchObject({ status: 'not-tested', reason: expect.stringContaining('0 of 4 hosts') });
    const part = passFromEvidence({ judged: 2, of: 4998, unit: 'operations', shortfall: 'the request budget ran out' });
    expect(part.status).toBe('not-tested');
    expect(part.reason).toContain('2 of 4998 operations (0%)');
    expect(part.reason).toContain('the request budget ran out');
    expect(passFromEvidence({ judged: 4, of: 4, reason: 'all four redirect' })).toEqual({ status: 'pass', reason: 'all four redirect', judged: { count: 4, of: 4 } });
  });

  it('the runner applies it to every check', () => {
    const c = probe('judges-nothing', 'repo', 4, { status: 'pass', judged: 0, of: 3, unit: 'files' });
    const [r] = runChecks([c as never], { repo: ok({}) } as never, ctx());
    expect(r!.status).toBe('not-tested');
    expect(r!.judged).toEqual({ count: 0, of: 3 });
  });
});

describe('verdicts', () => {
  const access = probe('access-thing', 'accessProbes');
  const edge = probe('edge-thing', 'tls', 3);
  const repo = probe('repo-thing', 'repo', 4, { status: 'fail', findings: [{ title: 'bad', detail: 'd', evidence: [], identity: ['x'] }] });

  it('a target where nothing listens is incomplete, exit 4, and the refusal is said once', () => {
    const r = report([access, repo], { accessProbes: failed('ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4567'), repo: ok({}) as never }, ctx(), [refused(1), refused(2), refused(3)]);
    expect(r.verdict).toBe('incomplete');
    expect(r.verdictLine).toBe('NOT VERIFIED — the app could not be reached; 1 fix first (1 finding)');
    expect(r.coverage.targetReached).toBe(false);
    expect(r.coverage.targetProblems).toHaveLength(1);
    expect(r.coverage.targetProblems[0]).toMatchObject({ kind: 'unreachable', requests: 3, firstSeq: 1, origin: APP });
    expect(r.coverage.targetProblems[0]!.summary).toContain('ECONNREFUSED');
    // The check no longer repeats the raw error: it points at the coverage block.
    const a = r.checks.find((c) => c.id === 'access-thing')!;
    expect(a.status).toBe('error');
    expect(a.reason).not.toContain('ECONNREFUSED');
    expect(a.reason).toContain('see Coverage');
    expect(auditExitCode(r, 'fix-first')).toBe(4);
    expect(auditExitCode(r, 'launch-now')).toBe(4);
    expect(auditExitCode(r, 'never')).toBe(0);
  });

  it('a name and an app URL: access control not tested, never ready, and the gap says which line unlocks it', () => {
    const r = report([access], { accessProbes: notTested('no api.openapi document configured') }, ctx(), [answered(1)]);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage.incompleteBecause).toEqual(['access control was not tested']);
    const fam = r.coverage.families.find((f) => f.family === 'access control')!;
    expect(fam.required).toBe(true);
    expect(fam.gaps).toEqual([{ status: 'not-tested', reason: 'no api.openapi document configured', unlock: expect.stringContaining('set api.openapi'), checks: ['access-thing'] }]);
    const noRoles = report([access], { accessProbes: notTested('no roles configured under auth.roles: access probes need at least one signed-in role') }, ctx(), [answered(1)]);
    expect(noRoles.coverage.families[0]!.gaps[0]!.unlock).toContain('add roles under auth.roles');
  });

  it('an app with domains needs its edge: wholly untested edge is incomplete', () => {
    const c = ctx({ setup: { roles: ['owner'], operations: true, domains: ['app.example.test'], allowWrites: false, caFile: false } });
    const r = report([access, edge], { accessProbes: ok({}) as never, tls: notTested('no web hosts configured') }, c, [answered(1)]);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage.incompleteBecause).toEqual(['the edge (DNS, TLS, HTTPS) was not tested']);
    const tested = report([access, edge], { accessProbes: ok({}) as never, tls: ok({}) as never }, c, [answered(1)]);
    expect(tested.verdict).toBe('ready');
    expect(auditExitCode(tested, 'fix-first')).toBe(0);
  });

  it('an untrusted certificate is one problem with the caFile line, and every HTTPS check that hit it is an error pointing there', () => {
    const https = 'https://127.0.0.1:4443';
    const tlsErr = 'DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate';
    const ledger = [1, 2].map((seq) => ({ ...refused(seq), url: `${https}/x`, error: tlsErr }));
    const r = report([access], { accessProbes: failed(`GET ${https}/x: ${tlsErr}`) }, ctx({ appUrl: https, apiUrl: https }), ledger);
    expect(r.verdict).toBe('incomplete');
    expect(r.coverage.targetProblems.map((p) => p.kind)).toEqual(['tls-untrusted']);
    expect(r.coverage.targetProblems[0]!.unlock).toBe('add its CA with network.caFile');
    expect(r.checks[0]!.reason).toContain('certificate not trusted');
    expect(r.checks[0]!.unlock).toBe('add its CA with network.caFile');
  });

  it('a report without an app (secret scan) is judged on its findings alone', () => {
    const r = report([repo], { repo: ok({}) as never }, ctx({ appUrl: undefined, apiUrl: undefined, setup: undefined }));
    expect(r.verdict).toBe('not-ready');
    expect(auditExitCode(r, 'fix-first')).toBe(1);
  });
});

describe('every renderer leads with the coverage block', () => {
  const r = report(
    [probe('access-thing', 'accessProbes')],
    { accessProbes: notTested('no api.openapi document configured') },
    ctx(),
    [answered(1)],
  );

  it('terminal: under the verdict, before the risk list', () => {
    const out = renderTerminal(r, { color: false });
    const v = out.indexOf('NOT VERIFIED — access control was not tested');
    const cov = out.indexOf('Coverage');
    expect(v).toBeGreaterThan(-1);
    expect(cov).toBeGreaterThan(v);
    // Coverage comes before the fix list (and, with --verbose, before the risk list).
    expect(cov).toBeLessThan(out.indexOf('Fix list'));
    const verbose = renderTerminal(r, { color: false, verbose: true });
    expect(verbose.indexOf('Coverage')).toBeLessThan(verbose.indexOf('Risk list'));
    expect(out).toContain('Stage 2 · access control (required)  0 passed · 0 failed · 1 not tested · 0 errors');
    expect(out).toContain('1 not tested: no api.openapi document configured');
    expect(out).toMatch(/→ set api\.openapi/);
    // Incomplete is painted yellow, neither green nor red.
    expect(renderTerminal(r, { color: true })).toContain('\u001b[43m');
  });

  it('HTML: a coverage section in the header, the verdict class incomplete', () => {
    const html = renderHtml(r);
    expect(html).toContain('class="verdict incomplete" data-verdict="incomplete"');
    expect(html.indexOf('id="coverage"')).toBeGreaterThan(html.indexOf('id="verdict"'));
    expect(html.indexOf('id="coverage"')).toBeLessThan(html.indexOf('id="risks"'));
    expect(html).toContain('<b>Not verified:</b> access control was not tested');
    expect(html).toContain('→ set api.openapi');
  });

  it('Markdown: a Coverage section before the risk list', () => {
    const md = renderMarkdown(r);
    expect(md.startsWith('# NOT VERIFIED — access control was not tested')).toBe(true);
    expect(md.indexOf('## Coverage')).toBeLessThan(md.indexOf('## Risk list'));
    expect(md).toContain('**Not verified:** access control was not tested');
  });

  it('JUnit: an errored verdict case first, and the totals still add up', () => {
    const xml = renderJunit(r);
    expect(xml).toContain('<testsuite name="Verdict"');
    expect(xml).toContain('<error message="NOT VERIFIED — access control was not tested" type="incomplete">');
    const root = /<testsuites [^>]*>/.exec(xml)![0];
    expect(root).toContain(`tests="${r.checks.length + 1}"`);
    expect(root).toContain('errors="1"');
  });
});

describe('a family whose every check does not apply', () => {
  it('says so in the coverage block, not a row of zeros', () => {
    const na = probe('na-thing', 'tls', 3, { status: 'not-applicable', reason: 'no AI features' });
    const r = report([probe('access-thing', 'accessProbes'), na, probe('na-other', 'tls', 3, { status: 'not-applicable', reason: 'x' })], { accessProbes: ok({}) as never, tls: ok({}) as never }, ctx(), [answered(1)]);
    const tls = r.coverage.families.find((f) => f.stage === 3)!;
    expect(renderTerminal(r, { color: false })).toMatch(new RegExp(`Stage 3 · ${tls.family} +does not apply \\(2 checks\\)`));
    expect(renderMarkdown(r)).toContain('does not apply (2 checks)');
    expect(renderTerminal(r, { color: false })).not.toMatch(/0 passed · 0 failed · 0 not tested · 0 errors/);
  });
});
