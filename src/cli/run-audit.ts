// The shared body of `audit`, `demo` and `baseline`: load (or replay)
// evidence, build the report, write it, and work out the exit code.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import { CONFIG_NAMES } from '../config/nearest.js';
import type { LoadedConfig } from '../config/schema.js';
import { gatherAll } from '../evidence/gather.js';
import { loadRecord, saveRecord, type AuditRecord } from '../evidence/record.js';
import { DEFAULT_BASELINE, loadAccepted } from '../engine/baseline.js';
import { auditExitCode, reportFromRecord, type FailOn } from '../engine/audit.js';
import type { Report } from '../report/model.js';
import type { FormatName } from '../report/renderers/index.js';
import { Redactor } from '../secrets/redactor.js';
import { VERSION } from '../version.js';
import { UsageError } from './options.js';
import { emitReport } from './output.js';
import { selectChecks } from './select.js';
import { Progress } from './progress.js';

export interface AuditOptions {
  config?: string;
  formats?: FormatName[];
  out?: string;
  failOn: FailOn;
  baseline?: string;
  ignoreBaseline?: boolean;
  saveEvidence?: string;
  fromEvidence?: string;
  dnsServer?: string;
  /** HAR recordings from the command line (--har), added to api.har. */
  har?: { file: string; role?: string }[];
  color: boolean;
  quiet: boolean;
  /** Extra values to mask (the demo's own secrets). */
  secrets?: string[];
  env?: NodeJS.ProcessEnv;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WriteStream;
  /** Skip writing reports (baseline uses the report only). */
  emit?: boolean;
  /** Keep other people's personal data in evidence excerpts (masked by default). */
  showPersonalData?: boolean;
  /** `--only` terms: check ids, families, stages or named sets. */
  only?: string[];
  /** Terminal: every finding and check, not only the fix list. */
  verbose?: boolean;
  /** Audit this environment instead of api.target (`--environment`). */
  environment?: string;
  /** `--read-only`: no write probes, login bursts or logouts, whatever allowWrites says. */
  readOnly?: boolean;
}

export const DEFAULT_CONFIG_NAMES = CONFIG_NAMES;

export async function runAudit(o: AuditOptions): Promise<{ report: Report; exitCode: 0 | 1 | 4 }> {
  const progress = new Progress(o.stderr ?? process.stderr, !o.quiet);
  const redactor = new Redactor(o.secrets ?? []);
  const selection = o.only?.length ? selectChecks(o.only) : undefined;
  let record: AuditRecord;
  let baseDir = process.cwd();
  if (o.fromEvidence) {
    progress.phase(`replaying evidence from ${o.fromEvidence}`);
    record = await loadRecord(o.fromEvidence);
    record.notes = [...record.notes, `replayed offline from evidence gathered at ${record.gatheredAt}`];
  } else {
    const loaded: LoadedConfig = loadConfig(o.config ?? findDefaultConfig(), { env: o.env });
    for (const s of loaded.secrets) redactor.add(s);
    baseDir = loaded.baseDir;
    if (o.environment) {
      if (!Object.hasOwn(loaded.config.environments, o.environment)) {
        throw new UsageError(`--environment: ${loaded.file} has no environment "${o.environment}" (it has ${Object.keys(loaded.config.environments).join(', ')})`);
      }
      loaded.config.api.target = o.environment;
    }
    record = await gatherAll(loaded, {
      redactor,
      dnsServer: o.dnsServer,
      ...(o.har ? { har: o.har } : {}),
      onPhase: (p) => progress.phase(p),
      needs: selection?.needs,
      readOnly: o.readOnly === true || selection?.readOnly === true,
    });
    if (o.saveEvidence) {
      // Evidence is masked at the source; scrub once more for values learned mid-run (session tokens).
      const file = await saveRecord(o.saveEvidence, JSON.parse(redactor.scrub(JSON.stringify(record))) as AuditRecord);
      progress.phase(`evidence saved to ${file}`);
    }
  }
  const baselineFile = o.baseline ?? path.join(baseDir, DEFAULT_BASELINE);
  const accepted = o.ignoreBaseline ? new Set<string>() : await loadAccepted(baselineFile, o.baseline !== undefined);
  const report = reportFromRecord(record, {
    version: VERSION,
    accepted,
    redactor,
    showPersonalData: o.showPersonalData,
    onCheck: (i, n, id) => progress.detail(`check ${i + 1}/${n}: ${id}`),
    checks: selection?.checks,
    only: selection?.only,
  });
  progress.done();
  if (o.emit !== false) {
    await emitReport(report, { formats: o.formats, outDir: o.out, color: o.color, quiet: o.quiet, verbose: o.verbose, stdout: o.stdout ?? process.stdout });
  }
  return { report, exitCode: auditExitCode(report, o.failOn) };
}

function findDefaultConfig(): string {
  // When none exists, loadConfig reports the first name as missing.
  return DEFAULT_CONFIG_NAMES.find((n) => existsSync(n)) ?? DEFAULT_CONFIG_NAMES[0]!;
}
