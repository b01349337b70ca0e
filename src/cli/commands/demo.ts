// `launchready demo`: starts the bundled Acme Ops target on loopback (HTTPS,
// plain HTTP, a DNS server for acme.test, a repository fixture), audits it
// with demo/launchready.yml, and stops everything it started — also on Ctrl-C.
import { Option, type Command } from 'commander';
import { startDemo, type DemoHandle } from '../../../demo/start.js';
import type { FailOn } from '../../engine/audit.js';
import type { FormatName } from '../../report/renderers/index.js';
import { colorEnabled, failOnOption, formatsOption, onlyOption } from '../options.js';
import { runAudit } from '../run-audit.js';

interface DemoFlags {
  mode: 'vulnerable' | 'hardened';
  format?: FormatName[];
  out?: string;
  failOn: FailOn;
  saveEvidence?: string;
  color?: boolean;
  quiet?: boolean;
  only?: string[];
  verbose?: boolean;
}

export function registerDemo(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('start the bundled demo app (Acme Ops) on loopback and audit it')
    .addOption(new Option('-m, --mode <mode>', 'which Acme Ops to start').choices(['vulnerable', 'hardened']).default('vulnerable'))
    .addOption(formatsOption())
    .option('-o, --out <dir>', 'write the reports into this folder')
    .addOption(failOnOption())
    .option('--save-evidence <dir>', 'save the gathered evidence (masked) to replay with audit --from-evidence')
    .addOption(onlyOption())
    .option('-v, --verbose', 'print every finding and every check, not only the fix list')
    .option('--no-color', 'plain terminal output')
    .option('-q, --quiet', 'no progress line and no terminal report when writing files')
    .addHelpText(
      'after',
      `
The vulnerable mode carries planted problems and exits 1 (not ready); the hardened mode exits 0.
Everything listens on 127.0.0.1 only and is removed when the audit ends.

Examples:
  launchready demo                                   audit the vulnerable demo, print the report
  launchready demo --mode hardened --out report/     the fixed app, reports in report/`,
    )
    .action(async (flags: DemoFlags) => {
      const stderr = process.stderr;
      if (!flags.quiet) stderr.write(`launchready: starting the ${flags.mode} Acme Ops demo on 127.0.0.1…\n`);
      const handle: DemoHandle = await startDemo({ mode: flags.mode });
      const stop = () => {
        void handle.close().finally(() => process.exit(130));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const { exitCode } = await runAudit({
          config: handle.configPath,
          env: { ...process.env, ...handle.env },
          secrets: handle.secrets,
          formats: flags.format,
          out: flags.out,
          failOn: flags.failOn,
          saveEvidence: flags.saveEvidence,
          color: colorEnabled(flags.color),
          quiet: Boolean(flags.quiet),
          only: flags.only,
          verbose: flags.verbose,
        });
        setExit(exitCode);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await handle.close();
      }
    });
}
