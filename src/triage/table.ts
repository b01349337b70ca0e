// Severity × stage profile → triage, in one table so it can be tuned without
// touching a check. Read a row as: "for a team at this stage, a finding of this
// severity is…". A prototype shown to friendly users tolerates more than an app
// taking its first paying customers, which tolerates more than one at scale.
import type { Severity, StageProfile, Triage } from '../report/model.js';

export const TRIAGE_TABLE: Record<StageProfile, Record<Severity, Triage>> = {
  prototype: { critical: 'fix-first', high: 'launch-now', medium: 'defer', low: 'defer', info: 'defer' },
  'first-customers': { critical: 'fix-first', high: 'fix-first', medium: 'launch-now', low: 'defer', info: 'defer' },
  scale: { critical: 'fix-first', high: 'fix-first', medium: 'fix-first', low: 'launch-now', info: 'defer' },
};

export function triage(severity: Severity, profile: StageProfile): Triage {
  return TRIAGE_TABLE[profile][severity];
}
