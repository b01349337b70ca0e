// `launchready handover`: writes handover.md and release-checklist.md, the two
// documents a founder hands to whoever runs the app next. From a fresh audit,
// saved evidence, or an existing report.json (no network at all).
import type { Command } from 'commander';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../../report/model.js';
import { FORMATS } from '../../report/renderers/index.js';
import { UsageError } from '../options.js';
import { runAudit } from '../run-audit.js';

interface HandoverFlags {
  config?: string;
  fromReport?: string;
  fromEvidence?: string;
  out: string;
  environment?: string;
  quiet?: boolean;
}

async function reportFromFile(file: string): Promise<Report> {
  let parsed: Partial<Report> | null;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Report> | null;
  } catch (err) {
    throw new UsageError(`cannot read ${file} as a launchready report.json: ${(err as Error).message}`);
  }
  if (!parsed?.checks) throw new UsageError(`${file} is not a launchready report.json`);
  if (!parsed.handover || !parsed.releaseChecklist) {
    throw new UsageError(`${file} has no handover data (made by an older launchready); run \`launchready handover --config launchready.yml\` instead`);
  }
  return parsed as Report;
}

export function registerHandover(program: Command, setExit: (code: number) => void): void {
  program
    .command('handover')
    .description('write handover.md and release-checklist.md: domains, TLS renewal, env vars with owners and rotation, monitoring, rollback, incidents, week two')
    .option('-c, --config <file>', 'config file to audit (default: ./launchready.yml)')
    .option('--from-report <file>', 'take everything from an existing report.json instead of auditing')
    .option('--from-evidence <dir>', 'replay saved evidence instead of auditing')
    .option('-e, --environment <name>', 'audit this environment instead of api.target')
    .option('-o, --out <dir>', 'folder to write the two documents into', '.')
    .option('-q, --quiet', 'no progress line')
    .addHelpText(
      'after',
      `
Owners, rotation notes, alert recipients and rollback steps come from the handover: section of
launchready.yml; everything else from the audit. Values of variables are never written, only names.

Examples:
  launchready handover                                 audit, then write ./handover.md and ./release-checklist.md
  launchready handover --from-report report/report.json --out docs/`,
    )
    .action(async (flags: HandoverFlags) => {
      if (flags.fromReport && (flags.config || flags.fromEvidence)) throw new UsageError('--from-report cannot be combined with --config or --from-evidence');
      const report = flags.fromReport
        ? await reportFromFile(flags.fromReport)
        : (
            await runAudit({
              config: flags.config,
              fromEvidence: flags.fromEvidence,
              environment: flags.environment,
              failOn: 'never',
              color: false,
              quiet: Boolean(flags.quiet),
              emit: false,
            })
          ).report;
      await mkdir(flags.out, { recursive: true });
      const written: string[] = [];
      for (const f of ['handover', 'checklist'] as const) {
        const file = path.join(flags.out, FORMATS[f].file);
        await writeFile(file, FORMATS[f].render(report));
        written.push(file);
      }
      process.stdout.write(`Written: ${written.join(', ')}\n`);
      setExit(0);
    });
}
