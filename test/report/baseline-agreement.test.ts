// After `launchready baseline`, every finding is accepted: the verdict says
// READY and every count beside it must say the same (no "Fix first 7" under
// "READY — nothing to fix first"), in the terminal, HTML and Markdown alike.
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/types.js';
import { fingerprintFinding, runChecks } from '../../src/engine/run-checks.js';
import { ok, type Evidence, type RunContext } from '../../src/evidence/types.js';
import { buildReport } from '../../src/report/build.js';
import { renderHtml } from '../../src/report/renderers/html.js';
import { renderMarkdown } from '../../src/report/renderers/markdown.js';
import { renderTerminal } from '../../src/report/renderers/terminal.js';

const ctx: RunContext = { projectName: 'Baselined', profile: 'first-customers', productType: 'internal-tool', environment: 'production' };
const hosts = ['a.example.test', 'b.example.test', 'c.example.test'];
const weak = defineCheck({
  meta: { id: 'hsts-weak', stage: 3, title: 'HSTS', failureTitle: 'No HSTS', severity: 'high', minimumBar: 'm', remediation: 'r', requires: ['repo'] },
  run: () => ({ status: 'fail', findings: hosts.map((h) => ({ title: `${h} sends no HSTS`, detail: 'd', evidence: [], identity: [h] })) }),
});

function report(accepted: Set<string>) {
  const checks = runChecks([weak as never], { repo: ok({}) } as unknown as Evidence, ctx, { accepted });
  return buildReport({ ctx, version: '0', checks, map: { domains: [], environments: [] }, ledger: [], notes: [] });
}

describe('after a baseline, the header and the counts agree', () => {
  it('before: one fix first, three findings, everywhere', () => {
    const r = report(new Set());
    expect(r.verdictLine).toBe('NOT READY — 1 fix first (3 findings)');
    expect(renderHtml(r)).toMatch(/<div class="card fix-first"><span class="n">1<\/span>/);
    expect(renderTerminal(r, { color: false })).toContain('Fix first 1 fix (3 findings)');
  });

  it('after: READY, and every fix-first count is 0 while the accepted count shows the three', () => {
    const r = report(new Set(hosts.map((h) => fingerprintFinding('hsts-weak', [h]))));
    expect(r.verdict).toBe('ready');
    // READY by design, but never silently: the line says what the baseline accepted (critic #10).
    expect(r.verdictLine).toBe('READY — nothing to fix first (3 accepted in baseline)');
    expect(r.fixCounts!['fix-first']).toEqual({ fixes: 0, findings: 0 });
    const html = renderHtml(r);
    expect(html).toMatch(/<div class="card fix-first"><span class="n">0<\/span>/);
    expect(html).toMatch(/<div class="card accepted"><span class="n">3<\/span>/);
    expect(renderMarkdown(r)).toContain('| 0 fixes (0 findings) | 0 fixes (0 findings) | 0 fixes (0 findings) | 3 findings |');
    const term = renderTerminal(r, { color: false });
    expect(term).toContain('Fix first 0 fixes (0 findings)');
    expect(term).toContain('Accepted 3');
    // The accepted fix is listed apart, not as something to do.
    expect(term).toMatch(/Accepted — in the baseline[\s\S]*Send the security headers on every response/);
    expect(term).toContain(' READY — nothing to fix first (3 accepted in baseline) ');
  });

  it('partly accepted: NOT READY, with the accepted ones counted apart', () => {
    const r = report(new Set([fingerprintFinding('hsts-weak', [hosts[0]!])]));
    expect(r.verdictLine).toBe('NOT READY — 1 fix first (2 findings; 1 more accepted in baseline)');
  });
});
