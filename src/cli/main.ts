// launchready's command line. Exit codes are part of the interface, so a CI
// pipeline can rely on them:
//   0  nothing at or above --fail-on (default: nothing to fix first)
//   1  the gate failed: something to fix first (or at the --fail-on level)
//   2  usage or config error: nothing was audited
//   3  launchready itself failed (a bug: please report it)
//   4  incomplete: the app could not be reached, or a family it needs (access
//      control, edge) was not tested, so no verdict can be given
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/errors.js';
import { VERSION } from '../version.js';
import { registerAudit } from './commands/audit.js';
import { registerBaseline } from './commands/baseline.js';
import { registerCi } from './commands/ci.js';
import { registerDemo } from './commands/demo.js';
import { registerHandover } from './commands/handover.js';
import { registerInit } from './commands/init.js';
import { registerMonitor } from './commands/monitor.js';
import { registerScan } from './commands/scan.js';
import { UsageError } from './options.js';

export function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('launchready')
    .description('Can it go live? Audits a repository and a running deployment for launch-week security problems, and sorts everything it finds into fix first, launch now and defer.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ready, 1 something to fix first (see --fail-on), 2 usage or config error, 3 internal error,
4 incomplete (the app could not be reached, or access control or the edge was not tested).

Start here:
  launchready demo --mode vulnerable          audit the bundled vulnerable demo app
  launchready init                            draft launchready.yml for the repository here
  launchready audit --config launchready.yml  audit your own app
  launchready audit --out report/ --format html,sarif
  launchready scan .                          secrets in the working tree and git history
  launchready monitor --once                  check home, login and health once
  launchready handover                        write handover.md and release-checklist.md
  launchready ci --provider github --deploy "npm run deploy"   a deploy pipeline with smoke check and rollback`,
    );
  program.exitOverride();
  registerInit(program, setExit);
  registerAudit(program, setExit);
  registerDemo(program, setExit);
  registerBaseline(program, setExit);
  registerScan(program, setExit);
  registerMonitor(program, setExit);
  registerHandover(program, setExit);
  registerCi(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof ConfigError || err instanceof UsageError) {
      process.stderr.write(`launchready: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`launchready: internal error: ${(err as Error).stack ?? String(err)}\n`);
    return 3;
  }
}
