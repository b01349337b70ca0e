// FILE.id, next to the database: the database's id, then one line per
// incident that opened or resolved (JSON lines, appended: O(1) per change even
// when ten thousand checks fail at once), compacted to the open set at every
// start. It is how a database deleted or swapped between two runs is noticed,
// and how the incidents that were open then survive it: restored, they are
// neither alerted a second time nor left without their RESOLVED.
import { appendFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncidentRow } from './store.js';

export interface OpenIncidentRecord {
  incident: IncidentRow;
  /** The monitor's alert state (JSON), as in the alert_state table. */
  state: string;
}

export interface Sidecar {
  id?: string;
  open: OpenIncidentRecord[];
}

type Line = { id: string } | { open: OpenIncidentRecord } | { resolved: string };

export function readSidecar(file: string): Sidecar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return { open: [] };
  }
  const out: Sidecar = { open: [] };
  const open = new Map<string, OpenIncidentRecord>();
  for (const raw of text.split('\n')) {
    let line: Partial<Line & { open: unknown }>;
    try {
      line = JSON.parse(raw) as typeof line;
    } catch {
      // An older launchready wrote the id alone; a torn last line (a crash mid-append) is skipped.
      if (out.id === undefined && /^[\w-]+$/.test(raw)) out.id = raw;
      continue;
    }
    if ('id' in line && typeof line.id === 'string') out.id = line.id;
    else if ('open' in line && isRecord(line.open)) open.set(line.open.incident.id, line.open);
    else if ('resolved' in line && typeof line.resolved === 'string') open.delete(line.resolved);
  }
  out.open = [...open.values()];
  return out;
}

const isRecord = (o: unknown): o is OpenIncidentRecord => {
  const r = o as OpenIncidentRecord | null;
  return typeof r?.state === 'string' && typeof r.incident?.id === 'string' && typeof r.incident.monitor === 'string';
};

/** Rewrites the file as its id and the open set (atomically). */
export function writeSidecar(file: string, s: Sidecar): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, [JSON.stringify({ id: s.id }), ...s.open.map((o) => JSON.stringify({ open: o }))].join('\n') + '\n');
  renameSync(tmp, file);
}

export function appendSidecar(file: string, change: { open: OpenIncidentRecord } | { resolved: string }): void {
  appendFileSync(file, `${JSON.stringify(change)}\n`);
}
