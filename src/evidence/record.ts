// What one audit run gathered: everything the checks and the report need, and
// nothing secret (values are masked at the source). It can be saved with
// --save-evidence and replayed offline with --from-evidence.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DomainMapEntry, EnvironmentMapEntry, LedgerEntry } from '../report/model.js';
import type { Evidence, RunContext } from './types.js';

export const RECORD_FORMAT = 1;
export const RECORD_FILE = 'evidence.json';

export interface AuditRecord {
  format: typeof RECORD_FORMAT;
  gatheredAt: string;
  ctx: RunContext;
  evidence: Evidence;
  map: { domains: DomainMapEntry[]; environments: EnvironmentMapEntry[] };
  ledger: LedgerEntry[];
  notes: string[];
}

export async function saveRecord(dir: string, record: AuditRecord): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, RECORD_FILE);
  await writeFile(file, JSON.stringify(record, null, 2) + '\n');
  return file;
}

export async function loadRecord(dir: string): Promise<AuditRecord> {
  const file = path.join(dir, RECORD_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read saved evidence ${file}: ${(err as Error).message}`);
  }
  const rec = parsed as Partial<AuditRecord>;
  if (rec.format !== RECORD_FORMAT || !rec.evidence || !rec.ctx) {
    throw new Error(`${file} is not launchready evidence of format ${RECORD_FORMAT}`);
  }
  return rec as AuditRecord;
}
