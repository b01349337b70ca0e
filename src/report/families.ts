// Which family a check belongs to in the coverage block. A family is named by
// the evidence it judges (the same evidence failing takes the whole family
// down together), so a new check lands in the right row without a table
// edit; a check may name its family itself (CheckMeta.family).
import type { EvidenceKey } from '../evidence/types.js';

export const AI_FAMILY = 'AI features';

/** Evidence key → family name. Keys not listed name their own family. */
export const FAMILY_OF_EVIDENCE: Partial<Record<EvidenceKey, string>> = {
  unauthProbes: 'access control',
  accessProbes: 'access control',
  httpProbes: 'app responses',
  dns: 'DNS',
  tls: 'TLS',
  edgeHttp: 'HTTPS and redirects',
  mail: 'mail',
  repo: 'repository',
  secretScan: 'secrets',
  monitoring: 'monitoring',
  liveness: 'target liveness',
  aiProbes: AI_FAMILY,
};

/** Families that make up "the edge" for the rule "an app with domains needs its edge tested". */
export const EDGE_FAMILIES: readonly string[] = ['DNS', 'TLS', 'HTTPS and redirects'];
export const ACCESS_FAMILY = 'access control';

/** The family of a check: its own, else that of the first evidence it requires. */
export function familyOf(requires: readonly string[], own?: string): string {
  if (own) return own;
  const first = requires[0];
  if (first === undefined) return 'other';
  return FAMILY_OF_EVIDENCE[first as EvidenceKey] ?? first;
}
