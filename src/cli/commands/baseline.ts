// `launchready baseline`: records today's findings as accepted so a team can
// turn the CI gate on for an existing app and fail only on new problems.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { baselineFromReport, DEFAULT_BASELINE, saveBaseline, type Baseline } from '../../engine/baseline.js';
import type { Report } from '../../report/model.js';
import { UsageError } from '../options.js';
import { runAudit } from '../run-audit.js';

interface BaselineFlags {
  config?: string;
  fromReport?: string;
  fromEvidence?: string;
  output: string;
  quiet?: boolean;
}

export function registerBaseline(program: Command, setExit: (code: number) => void): void {
  program
    .command('baseline')
    .description('accept the current findings: later audits show them as accepted and do not fail on them')
    .option('-c, --config <file>', 'config file to audit')
    .option('--from-report <file>', 'take the findings from an existing report.json instead of auditing')
    .option('--from-evidence <dir>', 'take the findings from saved evidence instead of auditing')
    .option('--output <file>', 'where to write the baseline', DEFAULT_BASELINE)
    .option('-q, --quiet', 'no progress line')
    .addHelpText(
      'after',
      `
Commit the baseline file. Accepted findings still appear in every report, marked "accepted";
only findings that are not in the baseline fail the gate. Re-run to refresh it.`,
    )
    .action(async (flags: BaselineFlags) => {
      let report: Report;
      if (flags.fromReport) {
        const parsed = JSON.parse(await readFile(flags.fromReport, 'utf8').catch(() => 'null')) as Report | null;
        if (!parsed?.checks) throw new UsageError(`${flags.fromReport} is not a launchready report.json`);
        report = parsed;
      } else {
        ({ report } = await runAudit({
          config: flags.config,
          fromEvidence: flags.fromEvidence,
          failOn: 'never',
          color: false,
          quiet: Boolean(flags.quiet),
          emit: false,
          // A fresh baseline starts from nothing accepted.
          ignoreBaseline: true,
        }));
      }
      const baseline = baselineFromReport(report);
      await saveBaseline(flags.output, baseline);
      process.stdout.write(acceptedSummary(flags.output, baseline));
      setExit(0);
    });
}

const MAX_LISTED = 10;

/**
 * What the baseline accepted, said out loud (critic #10): later audits read
 * READY over these, so the fix-first ones are counted and named here.
 */
export function acceptedSummary(file: string, baseline: Baseline): string {
  const first = baseline.findings.filter((f) => f.triage === 'fix-first');
  const lines = [`Baseline written to ${file}: ${baseline.findings.length} findings accepted, ${first.length} of them fix-first.`];
  if (first.length) {
    lines.push(`Later audits pass the gate with these open and say "(${first.length} accepted in baseline)" in the verdict; fix them or accept them knowingly:`);
    for (const f of first.slice(0, MAX_LISTED)) lines.push(`  - ${f.title} (${f.checkId})`);
    if (first.length > MAX_LISTED) lines.push(`  … and ${first.length - MAX_LISTED} more in ${file}`);
  }
  return `${lines.join('\n')}\n`;
}
