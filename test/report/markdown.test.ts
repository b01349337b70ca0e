import { describe, expect, it } from 'vitest';
import { cell, renderMarkdown } from '../../src/report/renderers/markdown.js';
import { sampleReport } from '../fixtures/sample-report.js';

// Cells of a GFM table row: split on pipes that are not backslash-escaped.
const cells = (line: string): string[] => line.slice(1, -1).split(/(?<!\\)\|/);

describe('renderMarkdown', () => {
  const report = sampleReport();
  const md = renderMarkdown(report);
  const lines = md.split('\n');

  it('starts with the verdict line as heading and the summary', () => {
    expect(lines[0]).toBe('# NOT READY — 2 to fix first');
    const fc = sampleReport().fixCounts!;
    const cellOf = (n: { fixes: number; findings: number }) => `${n.fixes} fix${n.fixes === 1 ? '' : 'es'} (${n.findings} findings)`;
    expect(md).toContain(
      `| Fix first | Launch now | Defer | Accepted |\n|---|---|---|---|\n| ${cellOf(fc['fix-first'])} | ${cellOf(fc['launch-now'])} | ${cellOf(fc.defer)} | 1 findings |`,
    );
    expect(md).toContain('## Fix list');
    expect(md).toContain('**Score:** 32/100');
  });

  it('has the risk list in its three categories, in order', () => {
    const at = ['### Fix first (3)', '### Launch now (2)', '### Defer (2)'].map((h) => lines.indexOf(h));
    expect(at.every((i) => i > 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(md).toContain('| Severity | Finding | Where | Fix |');
    expect(md).toContain('| critical | .env.production is committed with 4 values, 2 of them secrets (env-file-committed) | .env.production:3 |');
    expect(md).toContain('DEBUG=true in the production config (debug-flag-enabled) — accepted');
  });

  it('has the domain and environment maps with escaped pipes', () => {
    expect(md).toContain('| Host | Role | Environments | Points to |');
    expect(md).toContain('| mail\\|relay.acme-ops.example | mail | — | — |');
    expect(md).toContain('| Environment | App URL | API URL | Writes allowed | Env files | Audited |');
    expect(md).toContain('| staging | https://staging.acme-ops.example | — | yes | .env.staging, .env.example | no |');
  });

  it('escapes pipes and markup in table cells so every row keeps its columns', () => {
    const row = lines.find((l) => l.includes('returns names'))!;
    expect(row).toContain('\\| returns names &amp; emails');
    expect(row).not.toContain('<script>');
    let width = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      if (width === 0) width = cells(line).length;
      else expect(cells(line), line).toHaveLength(width);
    }
  });

  it('keeps a multi-line value on one table row', () => {
    const r = sampleReport();
    r.checks[2]!.findings[0]!.remediation = 'first line\nsecond | line';
    const row = renderMarkdown(r)
      .split('\n')
      .find((l) => l.includes('first line'))!;
    expect(row).toContain('first line<br>second \\| line |');
    expect(cell('a\r\nb')).toBe('a<br>b');
  });

  it('has a per-stage check table and a rerun note', () => {
    expect(md).toContain('### Stage 3: Edge and domain — 67/100');
    expect(md).toContain('| ⚠ error | DMARC policy is published (dmarc-policy-missing) | DNS lookup for \\_dmarc.acme-ops.example timed out after 5000 ms |');
    expect(md).toContain('| ✖ fail | Security headers are missing (missing-security-headers) | 2 findings in the risk list |');
    expect(md).toContain('## Rerun');
    expect(md).toContain('launchready audit');
  });
});
