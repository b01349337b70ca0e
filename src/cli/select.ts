// `--only`: audit part of the checks. A term is a check id, a family (the
// folder a check lives in: access, edge, mail…), a stage (`stage-3`, `3` or
// its name, `edge-and-domain`) or a named set (`smoke`). Only the evidence the
// selected checks need is gathered, so `--only mail` sends DNS queries and
// nothing else, and the smoke set is read-only by construction.
import { checkFamilies } from '../checks/families.js';
import { CHECKS } from '../checks/registry.js';
import type { Check } from '../checks/types.js';
import type { EvidenceKey } from '../evidence/types.js';
import { familyOf } from '../report/families.js';
import { STAGES } from '../report/stages.js';
import { UsageError } from './options.js';

export { checkFamilies };

/**
 * Named sets. `smoke` is what a post-deploy check of production may run: home,
 * login page and health answer; TLS is valid; plain HTTP and legacy URLs
 * redirect. None of it writes.
 */
export const NAMED_SETS: Record<string, { description: string; checks: readonly string[]; readOnly: boolean }> = {
  smoke: {
    description: 'post-deploy smoke check: home, login page, health, TLS, redirects (read-only)',
    checks: [
      'critical-page-unavailable',
      'tls-certificate-expiring',
      'tls-certificate-untrusted',
      'tls-hostname-mismatch',
      'http-not-redirected-to-https',
      'redirect-chain-broken',
      'legacy-redirect-wrong-target',
    ],
    readOnly: true,
  },
};

export interface Selection {
  /** The terms as given, normalised. */
  only: string[];
  checks: readonly Check[];
  /** Evidence the selected checks need; everything else is not gathered. */
  needs: ReadonlySet<EvidenceKey>;
  /** No request of this run may change state (the smoke set). */
  readOnly: boolean;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Parses `--only` terms (repeatable, comma-separated) into the checks to run. */
export function selectChecks(terms: readonly string[], all: readonly Check[] = CHECKS): Selection {
  const only = terms.flatMap((t) => t.split(',')).map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (only.length === 0) throw new UsageError('--only needs at least one check id, family, stage or set');
  const fam = checkFamilies();
  // The coverage block's families too ("access control" → access-control), so a gap it names can be rerun by name.
  const coverageFamily = (c: Check) => slug(familyOf(c.meta.requires, c.meta.family));
  const stageNames = new Map(Object.entries(STAGES).map(([n, s]) => [slug(s.name), Number(n)]));
  const picked = new Set<string>();
  for (const term of only) {
    const set = NAMED_SETS[term];
    const stageNo = /^(?:stage[-:]?)?([1-7])$/.exec(term)?.[1] ?? stageNames.get(term);
    const matched = set
      ? all.filter((c) => set.checks.includes(c.meta.id))
      : all.filter(
          (c) => c.meta.id === term || fam.get(c.meta.id) === term || coverageFamily(c) === term || (stageNo !== undefined && c.meta.stage === Number(stageNo)),
        );
    if (matched.length === 0) {
      const known = [...new Set(all.flatMap((c) => [fam.get(c.meta.id), coverageFamily(c)]).filter(Boolean))].sort().join(', ');
      throw new UsageError(
        `--only: "${term}" is not a check id, family (${known}), stage (stage-1 … stage-7) or set (${Object.keys(NAMED_SETS).join(', ')})`,
      );
    }
    for (const c of matched) picked.add(c.meta.id);
  }
  const checks = all.filter((c) => picked.has(c.meta.id));
  // Read-only only when every term asks for it: `--only smoke,access` still probes access.
  const readOnly = only.every((t) => NAMED_SETS[t]?.readOnly === true);
  return { only, checks, needs: new Set(checks.flatMap((c) => c.meta.requires)), readOnly };
}
