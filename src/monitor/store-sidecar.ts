// FILE.id, next to the database: the database's id and the incidents open at
// the last state change, with their alert state. Written atomically after
// every incident that opens or resolves (rare), read once at start. It is how
// a database deleted or swapped between two runs is noticed, and how the
// incidents that were open then survive it: restored, they are neither
// alerted a second time nor left without their RESOLVED.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
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

export function readSidecar(file: string): Sidecar {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch {
    return { open: [] };
  }
  try {
    const j = JSON.parse(text) as Partial<Sidecar>;
    return { id: typeof j.id === 'string' ? j.id : undefined, open: Array.isArray(j.open) ? j.open.filter((o) => o?.incident?.id && typeof o.state === 'string') : [] };
  } catch {
    // An older launchready wrote the id alone.
    return { id: text || undefined, open: [] };
  }
}

export function writeSidecar(file: string, s: Sidecar): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s)}\n`);
  renameSync(tmp, file);
}
