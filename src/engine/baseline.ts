// A baseline lets a team adopt the gate on an existing app: today's findings
// are recorded by fingerprint and shown as accepted, not hidden, and only new
// findings fail the build.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Report } from '../report/model.js';

export const BASELINE_FORMAT = 1;
export const DEFAULT_BASELINE = '.launchready/baseline.json';

export interface Baseline {
  format: typeof BASELINE_FORMAT;
  createdAt: string;
  findings: { fingerprint: string; checkId: string; title: string; triage: string }[];
}

export function baselineFromReport(report: Report, now = new Date()): Baseline {
  return {
    format: BASELINE_FORMAT,
    createdAt: now.toISOString(),
    findings: report.checks
      .flatMap((c) => c.findings)
      .map((f) => ({ fingerprint: f.fingerprint, checkId: f.checkId, title: f.title, triage: f.triage })),
  };
}

export async function saveBaseline(file: string, baseline: Baseline): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, JSON.stringify(baseline, null, 2) + '\n');
}

/** Fingerprints in the baseline; a missing file is an empty baseline, a broken one an error. */
export async function loadAccepted(file: string, mustExist: boolean): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (!mustExist && (err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw new Error(`cannot read baseline ${file}: ${(err as Error).message}`);
  }
  let parsed: Partial<Baseline>;
  try {
    parsed = JSON.parse(text) as Partial<Baseline>;
  } catch (err) {
    throw new Error(`baseline ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed.format !== BASELINE_FORMAT || !Array.isArray(parsed.findings)) {
    throw new Error(`${file} is not a launchready baseline (format ${BASELINE_FORMAT})`);
  }
  return new Set(parsed.findings.map((f) => f.fingerprint));
}
