// One audit in its own process, so its peak memory is its own: gathers,
// builds the report, renders it as JSON, and prints one line of JSON with
// the figures. Run by bench/hostile/run.ts; `--imports-only` loads the same
// modules and stops (the process's floor), `--dist` runs the compiled code
// (npm run build) as the installed CLI does.
// Usage: node --import tsx bench/hostile/audit-child.ts <launchready.yml> [--dist] [--imports-only]
import type * as Load from '../../src/config/load.js';
import type * as Audit from '../../src/engine/audit.js';
import type * as Gather from '../../src/evidence/gather.js';
import type * as Json from '../../src/report/renderers/json.js';
import type * as Redact from '../../src/secrets/redactor.js';

const dist = process.argv.includes('--dist');
const root = dist ? '../../dist/src' : '../../src';
const [{ loadConfig }, { reportFromRecord }, { gatherAll }, { renderJson }, { Redactor }] = await Promise.all([
  import(`${root}/config/load.js`) as Promise<typeof Load>,
  import(`${root}/engine/audit.js`) as Promise<typeof Audit>,
  import(`${root}/evidence/gather.js`) as Promise<typeof Gather>,
  import(`${root}/report/renderers/json.js`) as Promise<typeof Json>,
  import(`${root}/secrets/redactor.js`) as Promise<typeof Redact>,
]);
const mib = (kb: number) => Math.round(kb / 1024);
if (process.argv.includes('--imports-only')) {
  process.stdout.write(JSON.stringify({ peakRssMiB: mib(process.resourceUsage().maxRSS) }) + '\n');
} else {
  const started = performance.now();
  const loaded = loadConfig(process.argv[2]!);
  const redactor = new Redactor(loaded.secrets);
  const record = await gatherAll(loaded, { redactor });
  const report = reportFromRecord(record, { version: 'bench', redactor });
  const json = renderJson(report);
  process.stdout.write(
    JSON.stringify({
      peakRssMiB: mib(process.resourceUsage().maxRSS),
      seconds: Math.round((performance.now() - started) / 100) / 10,
      requests: record.ledger.length,
      reportMiB: Math.round((json.length / 1048576) * 10) / 10,
      verdict: report.verdict,
      budget: report.coverage.targetProblems.filter((p) => p.kind === 'budget').map((p) => p.summary),
    }) + '\n',
  );
}
