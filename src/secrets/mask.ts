// The one way a secret is ever shown: a masked form and a fingerprint.
// Short values are fully starred: showing 4+4 characters of a 10-character
// password would reveal most of it.
import { createHash } from 'node:crypto';

export function fingerprintSecret(value: string): string {
  return 'sha256:' + createHash('sha256').update(value).digest('hex').slice(0, 16);
}

export function maskSecret(value: string): string {
  if (value.length >= 16) return `${value.slice(0, 4)}…${value.slice(-4)}`;
  if (value.length >= 10) return `${value.slice(0, 2)}…${value.slice(-2)}`;
  return '*'.repeat(Math.max(value.length, 3));
}

/** "sk_l…9fQa (sha256:1a2b…)" — what reports print in place of a secret. */
export function describeSecret(value: string): string {
  return `${maskSecret(value)} (${fingerprintSecret(value)})`;
}
