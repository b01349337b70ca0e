// `launchready demo`: starts the bundled Acme Ops target on loopback (HTTPS,
// plain HTTP, a DNS server for acme.test, a repository fixture), audits it
// with demo/launchready.yml, and stops everything it started — also on Ctrl-C.
// `--serve` keeps it running instead, and prints the environment to point
// `launchready monitor` (or `audit`) at it from another terminal.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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
  serve?: boolean;
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
    .option('--serve', 'keep the demo running until Ctrl-C instead of auditing it, and print the env lines for `launchready monitor` and `audit`')
    .addHelpText(
      'after',
      `
The vulnerable mode carries planted problems and exits 1 (not ready); the hardened mode exits 0.
Everything listens on 127.0.0.1 only and is removed when the audit ends.

Examples:
  launchready demo                                   audit the vulnerable demo, print the report
  launchready demo --mode hardened --out report/     the fixed app, reports in report/
  launchready demo --serve                           keep it running; then, in another terminal, the printed
                                                     export lines and: launchready monitor -c demo/launchready.yml`,
    )
    .action(async (flags: DemoFlags) => {
      const stderr = process.stderr;
      if (!flags.quiet) stderr.write(`launchready: starting the ${flags.mode} Acme Ops demo on 127.0.0.1…\n`);
      const handle: DemoHandle = await startDemo({ mode: flags.mode });
      if (flags.serve) return serve(handle, setExit);
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

/**
 * Keeps the demo up until SIGINT/SIGTERM. The env lines go to stdout (so
 * `eval "$(launchready demo --serve | sed -n '/^export /p')"` works); the
 * role passwords are not printed (they are secrets, even here): they go to a
 * mode-600 file in the demo's temp dir, which is removed on exit.
 */
async function serve(handle: DemoHandle, setExit: (code: number) => void): Promise<void> {
  const secret = new Set(handle.secrets);
  const shown = Object.entries(handle.env).filter(([, v]) => !secret.has(v));
  const hidden = Object.entries(handle.env).filter(([, v]) => secret.has(v));
  const secretsFile = path.join(handle.dir, 'secrets.env');
  await writeFile(secretsFile, hidden.map(([k, v]) => `export ${k}=${shellQuote(v)}\n`).join(''), { mode: 0o600 });
  const out = process.stdout;
  out.write(`# Acme Ops (${handle.mode}) is running on 127.0.0.1 until Ctrl-C. In another terminal, set:\n`);
  for (const [k, v] of shown) out.write(`export ${k}=${shellQuote(v)}\n`);
  out.write(`# The role passwords (only \`launchready audit\` needs them) are in ${secretsFile} (mode 600, removed at exit): . ${secretsFile}\n`);
  out.write(`# then watch it:\n`);
  out.write(`launchready monitor -c ${shellQuote(handle.configPath)} --db ${shellQuote(path.join(handle.dir, 'monitor.db'))}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('launchready: stopping the demo…\n');
  await handle.close();
  setExit(0);
}

const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
