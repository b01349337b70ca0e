// `launchready scan [PATH]`: the secret scanner on its own, for pre-commit
// hooks and CI. The whole tree, history and bundles by default; only the
// staged changes with --staged; only commits after a ref with --since. It
// produces the same Report as `audit` (so --format and --out, SARIF included,
// work the same way), with only the secret checks in it.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CHECKS } from '../../checks/registry.js';
import { DEFAULT_BASELINE, loadAccepted } from '../../engine/baseline.js';
import { gateExitCode, type FailOn } from '../../engine/audit.js';
import { runChecks } from '../../engine/run-checks.js';
import { gatherSecretScan } from '../../evidence/gatherers/secret-scan.js';
import type { Evidence, RunContext } from '../../evidence/types.js';
import { buildReport } from '../../report/build.js';
import type { Report } from '../../report/model.js';
import type { FormatName } from '../../report/renderers/index.js';
import { git, isGitRepo } from '../../secrets/sources/git.js';
import { VERSION } from '../../version.js';
import { colorEnabled, failOnOption, formatsOption, UsageError } from '../options.js';
import { emitReport } from '../output.js';
import { Progress } from '../progress.js';
import { untrackedRecordingsNote } from '../../secrets/sources/recordings.js';

export interface ScanOptions {
  path: string;
  staged?: boolean;
  since?: string;
  history?: boolean;
  baseline?: string;
  formats?: FormatName[];
  out?: string;
  failOn: FailOn;
  color: boolean;
  quiet: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
  emit?: boolean;
}

/** The checks that read only the secret scan. */
export const SCAN_CHECKS = CHECKS.filter((c) => c.meta.requires.length > 0 && c.meta.requires.every((k) => k === 'secretScan'));

export async function runScan(o: ScanOptions): Promise<{ report: Report; exitCode: 0 | 1 }> {
  const root = path.resolve(o.path);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw new UsageError(`${o.path} is not a folder`);
  if (o.staged && o.since) throw new UsageError('--staged and --since cannot be combined');
  if ((o.staged || o.since) && !(await isGitRepo(root))) throw new UsageError(`${o.path} is not a git repository; --staged and --since need one`);
  if (o.since) {
    const okRef = await git(root, ['rev-parse', '--verify', '--quiet', `${o.since}^{commit}`]).then(
      () => true,
      () => false,
    );
    if (!okRef) throw new UsageError(`--since: "${o.since}" is not a commit in ${o.path}`);
  }
  const baselineFile = o.baseline ?? path.join(root, DEFAULT_BASELINE);
  if (o.baseline && !existsSync(o.baseline)) throw new UsageError(`--baseline: ${o.baseline} does not exist`);
  let accepted: Set<string>;
  try {
    accepted = await loadAccepted(baselineFile, o.baseline !== undefined);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const progress = new Progress(o.stderr ?? process.stderr, !o.quiet);
  const secretScan = await gatherSecretScan(root, {
    staged: o.staged,
    since: o.since,
    history: o.history,
    onPhase: (p) => progress.phase(p),
  });
  // Every other evidence key is absent: the runner treats it as not gathered.
  const evidence = { secretScan } as Partial<Evidence> as Evidence;
  const ctx: RunContext = {
    projectName: path.basename(root),
    profile: 'first-customers',
    productType: 'repository',
    environment: o.staged ? 'staged changes' : o.since ? `since ${o.since}` : 'repository',
  };
  const checks = runChecks(SCAN_CHECKS, evidence, ctx, { accepted });
  progress.done();
  const notes: string[] = [];
  if (secretScan.state === 'ok') {
    const s = secretScan.value;
    notes.push(`secret scan: ${s.ruleCount} rules, ${(s.durationMs / 1000).toFixed(1)}s`);
    if (s.tree.state === 'ok') {
      for (const k of s.tree.value.skipped.slice(0, 50)) notes.push(`skipped ${k.path}: ${k.reason}`);
      if (s.tree.value.skipped.length > 50) notes.push(`…and ${s.tree.value.skipped.length - 50} more files skipped`);
      const recordings = untrackedRecordingsNote(s.tree.value);
      if (recordings) notes.push(recordings);
    }
  }
  const report = buildReport({ ctx, version: VERSION, checks, map: { domains: [], environments: [] }, ledger: [], notes });
  if (o.emit !== false) {
    await emitReport(report, { formats: o.formats, outDir: o.out, color: o.color, quiet: o.quiet, stdout: o.stdout ?? process.stdout });
  }
  // A scan that could not run must not pass a CI gate.
  const broken = report.checks.some((c) => c.status === 'error');
  if (broken && !o.quiet) (o.stderr ?? process.stderr).write('launchready: the secret scan did not complete; failing the gate\n');
  const exitCode = o.failOn !== 'never' && broken ? 1 : gateExitCode(report, o.failOn);
  return { report, exitCode };
}

interface ScanFlags {
  staged?: boolean;
  since?: string;
  history: boolean;
  baseline?: string;
  format?: FormatName[];
  out?: string;
  failOn: FailOn;
  color?: boolean;
  quiet?: boolean;
}

export function registerScan(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('scan a repository for secrets: working tree, full git history and built client bundles')
    .argument('[path]', 'repository folder', '.')
    .option('--staged', 'scan only the staged changes (for a pre-commit hook)')
    .option('--since <ref>', 'scan only commits after this ref (e.g. origin/main in CI)')
    .option('--no-history', 'skip the git history')
    .option('--baseline <file>', 'accepted findings (default: .launchready/baseline.json in PATH)')
    .addOption(formatsOption())
    .option('-o, --out <dir>', 'write the reports into this folder')
    .addOption(failOnOption())
    .option('--no-color', 'plain terminal output')
    .option('-q, --quiet', 'no progress line and no terminal report when writing files')
    .addHelpText(
      'after',
      `
Examples:
  launchready scan                          tree, history and bundles of the current folder
  launchready scan --staged                 in .git/hooks/pre-commit: block a commit that adds a secret
  launchready scan --since origin/main --format sarif > secrets.sarif
  launchready scan --no-history -o report/

A line containing "launchready:allow" is never reported. Values are always shown masked.`,
    )
    .action(async (dir: string, flags: ScanFlags) => {
      const { exitCode } = await runScan({
        path: dir,
        staged: flags.staged,
        since: flags.since,
        history: flags.history,
        baseline: flags.baseline,
        formats: flags.format,
        out: flags.out,
        failOn: flags.failOn,
        color: colorEnabled(flags.color),
        quiet: Boolean(flags.quiet),
      });
      setExit(exitCode);
    });
}
