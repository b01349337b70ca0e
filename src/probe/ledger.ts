// Every request the probe engine sends is written here, masked, and ships
// with the report: the team can see exactly what the tool did to their app.
import type { LedgerEntry } from '../report/model.js';

export class Ledger {
  private readonly entries: LedgerEntry[] = [];

  record(entry: Omit<LedgerEntry, 'seq'>): void {
    this.entries.push({ seq: this.entries.length + 1, ...entry });
  }

  all(): LedgerEntry[] {
    return [...this.entries];
  }
}
