// The report JSON is the contract every other renderer reads, so it is written
// as-is: no reordering, no dropped fields.
import type { Report } from '../model.js';

export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
