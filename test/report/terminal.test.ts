import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/renderers/terminal.js';
import { allFindings, sampleReport } from '../fixtures/sample-report.js';

const ESC = '\u001b';

describe('renderTerminal', () => {
  const report = sampleReport();

  it('verbose plain output has no ANSI escapes and holds the verdict, every finding and every check', () => {
    const out = renderTerminal(report, { color: false, verbose: true });
    expect(out).not.toContain(ESC);
    expect(out).toContain(report.verdictLine);
    for (const f of allFindings(report)) expect(out).toContain(f.title);
    for (const c of report.checks) expect(out).toContain(`(${c.id})`);
    expect(out).toContain('docs/checks/');
  });

  it('by default shows the verdict, the counts of fixes, the fix list and where the full report is', () => {
    const out = renderTerminal(report, { color: false, reportFiles: ['out/report.json', 'out/report.html', 'out/handover.md'] });
    const fixes = report.fixes!;
    const open = fixes.filter((f) => !f.accepted);
    expect(out).toContain(report.verdictLine);
    const fc = report.fixCounts!;
    expect(out).toContain(`Fix first ${fc['fix-first'].fixes} fix`);
    // One numbered line per open fix, each with its size and its verify command.
    for (const [i, fix] of open.entries()) expect(out).toMatch(new RegExp(`^  ${i + 1}\\. ${fix.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  ${fix.size} · `, 'm'));
    for (const fix of open) expect(out).toContain(`verify: ${fix.verify}`);
    expect(out).toContain('verify: launchready audit --only env-file-committed');
    expect(out).toContain('Full report: out/report.html');
    expect(out).toContain('Also written: out/report.json, out/handover.md');
    // Per-check lines and excerpts are for --verbose.
    expect(out).not.toContain('Stage 6  Verification against real abuse');
    expect(out.split('\n').length).toBeLessThan(renderTerminal(report, { color: false, verbose: true }).split('\n').length);
  });

  it('lists an accepted fix apart, not as something to do', () => {
    const out = renderTerminal(report, { color: false });
    const accepted = report.fixes!.filter((f) => f.accepted);
    expect(accepted.length).toBeGreaterThan(0);
    const at = out.indexOf('Accepted —');
    expect(at).toBeGreaterThan(-1);
    for (const f of accepted) expect(out.indexOf(f.title, at)).toBeGreaterThan(at);
  });

  it('groups the risk list as fix first, launch now, defer', () => {
    const full = renderTerminal(report, { color: false, verbose: true });
    // The fix list comes first; the per-finding risk list follows it.
    const out = full.slice(full.indexOf('Risk list'));
    const [fix, now, defer] = ['Fix first (3)', 'Launch now (2)', 'Defer (2)'].map((h) => out.indexOf(h));
    expect(fix).toBeGreaterThan(-1);
    expect(now).toBeGreaterThan(fix!);
    expect(defer).toBeGreaterThan(now!);
    const envFile = out.indexOf('.env.production is committed');
    expect(envFile).toBeGreaterThan(fix!);
    expect(envFile).toBeLessThan(now!);
    expect(out.indexOf('RUNBOOK.md has no rollback section')).toBeGreaterThan(defer!);
  });

  it('shows location, first evidence and remediation under each finding', () => {
    const lines = renderTerminal(report, { color: false, verbose: true }).split('\n');
    const i = lines.findIndex((l) => l.includes('.env.production is committed') && l.includes('CRITICAL'));
    expect(lines[i]).toMatch(/^\s+CRITICAL\s+\.env\.production is committed .*\(env-file-committed\)$/);
    expect(lines[i + 1]).toContain('.env.production:3 · .env.production is tracked by git');
    expect(lines.slice(i + 2).find((l) => l.includes('→'))).toMatch(/^\s+→ git rm --cached/);
    expect(lines.find((l) => l.includes('DEBUG=true'))).toContain('[accepted]');
  });

  it('shows a status symbol per check and the reason when it did not pass', () => {
    const out = renderTerminal(report, { color: false, verbose: true });
    expect(out).toMatch(/✔ Public and protected endpoints are known \(endpoint-inventory\)( — pass: .*)?$/m);
    expect(out).toContain('✖ An env file with values is committed to git (env-file-committed)');
    expect(out).toContain('! Login has no rate limit (missing-rate-limit) — warning: 30 failed logins');
    expect(out).toContain('– SPF record is valid (spf-record-invalid) — not applicable: no mail domain configured');
    expect(out).toContain('? No customer data in test systems (customer-data-in-test-systems) — not tested:');
    expect(out).toContain('⚠ DMARC policy is published (dmarc-policy-missing) — error: DNS lookup');
    expect(out).toContain('Stage 6  Verification against real abuse  score n/a');
  });

  it('coloured output uses ANSI colours: red banner when not ready, green when ready', () => {
    const red = renderTerminal(report, { color: true });
    expect(red).toContain(`${ESC}[41m`);
    expect(red).toContain(report.verdictLine);
    const green = renderTerminal(sampleReport({ verdict: 'ready', verdictLine: 'READY — nothing to fix first' }), { color: true });
    expect(green).toContain(`${ESC}[42m`);
    expect(green).not.toContain(`${ESC}[41m`);
  });

  it('verbose adds excerpts, reproductions and the request ledger', () => {
    const quiet = renderTerminal(report, { color: false });
    expect(quiet).not.toContain('Request ledger');
    const loud = renderTerminal(report, { color: false, verbose: true });
    expect(quiet).not.toContain('git ls-files --error-unmatch');
    expect(loud).toContain('reproduce: git ls-files --error-unmatch .env.production');
    expect(loud).toContain('│ .env.production:3  STRIPE_SECRET_KEY=sk_l…9xQ2');
    expect(loud).toContain('Request ledger (4)');
    expect(loud).toContain('timeout after 5000 ms');
  });

  it('report text cannot inject terminal control sequences', () => {
    const r = sampleReport();
    r.checks[0]!.reason = 'ok';
    r.checks[1]!.reason = `evil\u001b]0;owned\u0007\u001b[2Jtitle`;
    const out = renderTerminal(r, { color: true, verbose: true });
    expect(out).not.toContain(`${ESC}]0`);
    expect(out).not.toContain('\u0007');
    // Every escape left is one of our own colour (SGR) sequences.
    expect(out.split(ESC).slice(1).every((part) => /^\[\d+(;\d+)*m/.test(part))).toBe(true);
    expect(out).not.toContain(`${ESC}[2J`);
  });
});
