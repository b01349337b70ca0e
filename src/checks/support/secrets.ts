// Shared wording for the secret checks: how a secret finding reads, and
// which state of the scan evidence answers the question at all.
import type { SecretFinding } from '../../evidence/secret-scan-types.js';
import type { Gathered } from '../../evidence/types.js';
import type { EvidenceItem, Severity } from '../../report/model.js';
import type { CheckOutcome } from '../types.js';

export function secretSummary(f: SecretFinding): string {
  return `${secretName(f)}: ${f.masked} (${f.fingerprint})`;
}

/** The secret's description with what is known of it: `(live mode)`, `(expired 2019-03-01)`. */
export function secretName(f: SecretFinding): string {
  const mode = f.mode ? ` (${f.mode} mode)` : '';
  const note = f.note ? ` (${f.note})` : '';
  return `${f.description}${mode}${note}`;
}

export function secretEvidence(f: SecretFinding, where: string): EvidenceItem {
  return { kind: 'file', summary: `${where}: ${secretSummary(f)}`, excerpt: f.context };
}

export const shQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * Severity of a secret in a place everyone can read: at least `base`, except
 * where the scan itself rated it lower for a reason it states (a test-mode
 * key, an expired JWT, a password hash rather than a password).
 */
export function exposedSeverity(f: SecretFinding, base: Severity): Severity {
  if (f.mode === 'test') return 'low';
  if (f.severity === 'critical') return 'critical';
  return f.severity === 'low' || f.severity === 'medium' || f.severity === 'info' ? f.severity : base;
}

/** The sub-result a check needs, or the outcome to return when it is missing. */
export function part<T>(g: Gathered<T>, what: string): { value: T } | { outcome: CheckOutcome } {
  if (g.state === 'ok') return { value: g.value };
  return { outcome: { status: g.state, reason: `${what}: ${g.reason}` } };
}

export const ROTATE =
  'Rotate the secret first (issue a new one at the provider and revoke the old one): deleting it from the code does not make it secret again. Then load it from the environment or a secret store, and add the file to .gitignore if it is an env file.';
