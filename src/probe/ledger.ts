// Every request the probe engine sends is written here, masked, and ships
// with the report: the team can see exactly what the tool did to their app.
import type { LedgerEntry } from '../report/model.js';

export class Ledger {
  private readonly entries: LedgerEntry[] = [];

  /** Appends the entry; returns its number. */
  record(entry: Omit<LedgerEntry, 'seq'>): number {
    const seq = this.entries.length + 1;
    this.entries.push({ seq, ...entry });
    return seq;
  }

  all(): LedgerEntry[] {
    return [...this.entries];
  }
}
