// JUnit XML is what most CI systems already display. Each stage is a suite and
// each check a test case, so a CI tab shows the same structure as the report.
// The status mapping keeps the six states apart: only `fail` is a failure,
// `error` means the check could not run, and checks that were not tested or
// do not apply are skipped with their reason.
import type { CheckResult, Finding, Report, StageInfo } from '../model.js';
import { docsUrl } from './docs-pages.js';
import { checksOfStage, findingWhere } from './common.js';
import { escapeXml as x } from './escape.js';

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function findingText(f: Finding): string {
  const where = findingWhere(f);
  const lines = [`- [${f.severity}, ${f.triage}${f.accepted ? ', accepted' : ''}] ${f.title}`];
  if (where) lines.push(`  where: ${where}`);
  for (const e of f.evidence) lines.push(`  evidence: ${e.summary}`);
  if (f.reproduction) lines.push(`  reproduce: ${f.reproduction}`);
  lines.push(`  fix: ${f.remediation}`, `  fingerprint: ${f.fingerprint}`);
  return lines.join('\n');
}

function findingsBlock(c: CheckResult): string {
  const list = c.findings.map(findingText).join('\n');
  return [c.reason, list, `docs: ${docsUrl(c.docs)}`].filter(Boolean).join('\n');
}

function testcase(c: CheckResult): string {
  const open = `    <testcase classname="launchready.stage${c.stage}" name="${x(`${c.id}: ${c.title}`)}" time="${seconds(c.durationMs)}"`;
  const reason = c.reason ?? '';
  switch (c.status) {
    case 'pass':
      return `${open}/>`;
    case 'not-applicable':
    case 'not-tested':
      return `${open}>\n      <skipped message="${x(`${c.status}: ${reason}`)}"/>\n    </testcase>`;
    case 'fail':
      return `${open}>\n      <failure message="${x(c.failureTitle)}" type="${c.severity}">${x(findingsBlock(c))}</failure>\n    </testcase>`;
    case 'warn':
      return `${open}>\n      <system-out>${x(`WARNING: ${c.failureTitle}\n${findingsBlock(c)}`)}</system-out>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${x(reason || 'check could not run')}" type="error">${x(`${c.id} could not run: ${reason}`)}</error>\n    </testcase>`;
  }
}

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  ms: number;
}

function tally(checks: readonly CheckResult[]): Tally {
  return {
    tests: checks.length,
    failures: checks.filter((c) => c.status === 'fail').length,
    errors: checks.filter((c) => c.status === 'error').length,
    skipped: checks.filter((c) => c.status === 'not-tested' || c.status === 'not-applicable').length,
    ms: checks.reduce((sum, c) => sum + c.durationMs, 0),
  };
}

const counts = (t: Tally): string =>
  `tests="${t.tests}" failures="${t.failures}" errors="${t.errors}" skipped="${t.skipped}" time="${seconds(t.ms)}"`;

function testsuite(report: Report, st: StageInfo): string {
  const checks = checksOfStage(report, st.stage);
  const head = `  <testsuite name="${x(`Stage ${st.stage}: ${st.name}`)}" id="${st.stage}" ${counts(tally(checks))} timestamp="${x(report.generatedAt)}"`;
  if (checks.length === 0) return `${head}/>`;
  return `${head}>\n${checks.map(testcase).join('\n')}\n  </testsuite>`;
}

/**
 * An incomplete verdict is a suite of its own with one errored case, so a CI
 * tab shows "not verified" first rather than a page of skipped checks.
 */
function verdictSuite(report: Report): { xml: string[]; errors: number } {
  if (report.verdict !== 'incomplete') return { xml: [], errors: 0 };
  const cov = report.coverage;
  const detail = [...cov.incompleteBecause, ...cov.targetProblems.map((p) => `${p.summary}${p.unlock ? ` → ${p.unlock}` : ''}`)].join('\n');
  return {
    errors: 1,
    xml: [
      `  <testsuite name="Verdict" id="0" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${x(report.generatedAt)}">`,
      `    <testcase classname="launchready.verdict" name="verdict" time="0.000">`,
      `      <error message="${x(report.verdictLine)}" type="incomplete">${x(detail)}</error>`,
      '    </testcase>',
      '  </testsuite>',
    ],
  };
}

export function renderJunit(report: Report): string {
  // Totals cover the checks that belong to a listed stage (and the verdict
  // suite), so the root counts always equal the sum of the suites.
  const listed = new Set(report.stages.map((s) => s.stage));
  const total = tally(report.checks.filter((c) => listed.has(c.stage)));
  const verdict = verdictSuite(report);
  total.tests += verdict.errors;
  total.errors += verdict.errors;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`launchready: ${report.project.name}`)}" ${counts(total)}>`,
    ...verdict.xml,
    ...report.stages.map((st) => testsuite(report, st)),
    '</testsuites>',
    '',
  ].join('\n');
}
