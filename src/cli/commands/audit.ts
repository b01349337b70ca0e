import { Option, type Command } from 'commander';
import type { FailOn } from '../../engine/audit.js';
import type { FormatName } from '../../report/renderers/index.js';
import { colorEnabled, failOnOption, formatsOption, onlyOption, UsageError } from '../options.js';
import { runAudit } from '../run-audit.js';
import { parseHarArg } from '../../evidence/gatherers/har.js';

interface AuditFlags {
  config?: string;
  format?: FormatName[];
  out?: string;
  failOn: FailOn;
  baseline?: string;
  saveEvidence?: string;
  fromEvidence?: string;
  dnsServer?: string;
  har?: string[];
  color?: boolean;
  quiet?: boolean;
  showPersonalData?: boolean;
  only?: string[];
  verbose?: boolean;
  environment?: string;
  readOnly?: boolean;
}

export function registerAudit(program: Command, setExit: (code: number) => void): void {
  program
    .command('audit')
    .description('audit the repository and the running deployment described by the config')
    .option('-c, --config <file>', 'config file (launchready.yml, .yaml or .json)')
    .addOption(formatsOption())
    .option('-o, --out <dir>', 'write the reports into this folder (report.json, report.html, …)')
    .addOption(failOnOption())
    .option('--baseline <file>', 'accepted findings (default: .launchready/baseline.json beside the config)')
    .option('--save-evidence <dir>', 'save the gathered evidence (masked) to replay later')
    .addOption(new Option('--from-evidence <dir>', 'replay saved evidence offline instead of gathering').conflicts('config'))
    .option('--dns-server <host:port>', 'send every DNS query to this resolver')
    .option('--show-personal-data', "keep other people's emails, phone numbers and names in evidence excerpts (masked by default)")
    .option('--har <[role=]file>', 'a HAR recording of the app in use (repeatable, one per role; added to api.har)', (v: string, prev: string[] = []) => [...prev, v])
    .addOption(onlyOption())
    .option('-e, --environment <name>', 'audit this environment of the config instead of api.target (e.g. production for a smoke check)')
    .option('--read-only', 'send no write probes, login bursts or logouts, whatever allowWrites says (what `launchready ci` uses against production)')
    .option('-v, --verbose', 'print every finding and every check, not only the fix list')
    .option('--no-color', 'plain terminal output')
    .option('-q, --quiet', 'no progress line and no terminal report when writing files')
    .addHelpText(
      'after',
      `
Examples:
  launchready audit                                  uses ./launchready.yml, prints the report
  launchready audit -c launchready.yml -o report/    writes report.json/html/sarif/junit.xml/md
  launchready audit --format sarif > launchready.sarif
  launchready audit --save-evidence ev/ && launchready audit --from-evidence ev/
  launchready audit --har owner.har --har viewer=recordings/v.har
  launchready audit --only hsts-weak,mail                re-verify one check and the mail family
  launchready audit --environment production --only smoke   read-only post-deploy smoke check`,
    )
    .action(async (flags: AuditFlags) => {
      if (flags.har && flags.fromEvidence) throw new UsageError('--har cannot be used with --from-evidence: the saved evidence was gathered without these recordings');
      if (flags.dnsServer && !/^[^\s:]+:\d{1,5}$|^\[[^\]]+\]:\d{1,5}$/.test(flags.dnsServer)) {
        throw new UsageError(`--dns-server expects HOST:PORT, got "${flags.dnsServer}"`);
      }
      const { exitCode } = await runAudit({
        config: flags.config,
        formats: flags.format,
        out: flags.out,
        failOn: flags.failOn,
        baseline: flags.baseline,
        saveEvidence: flags.saveEvidence,
        fromEvidence: flags.fromEvidence,
        dnsServer: flags.dnsServer,
        ...(flags.har ? { har: flags.har.map(parseHarArg) } : {}),
        color: colorEnabled(flags.color),
        quiet: Boolean(flags.quiet),
        showPersonalData: Boolean(flags.showPersonalData),
        only: flags.only,
        verbose: flags.verbose,
        environment: flags.environment,
        readOnly: flags.readOnly,
      });
      setExit(exitCode);
    });
}
