// The handover list of configuration: every env variable the code reads,
// where, and which env files set it. Warns when production sets none of a
// variable the code needs and has no fallback for: the first request that
// reads it fails, or the code runs with `undefined` as a secret.
import { buildInventory } from '../../evidence/gatherers/env-inventory.js';
import type { EnvVarInventoryEntry } from '../../evidence/hygiene-types.js';
import { codeOf, filesOfTier, isOutcome, NO_PRODUCTION_FILES, plural } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const listing = (v: EnvVarInventoryEntry): string =>
  `${v.name}\n  read at: ${v.reads.map((r) => `${r.path}:${r.line}`).join(', ')}\n  set in: ${
    v.setIn.length ? v.setIn.map((s) => `${s.file} (${s.environments.join('/') || s.tier})${s.empty ? ' [empty]' : ''}`).join(', ') : 'no env file'
  }`;

export default defineCheck({
  meta: {
    id: 'env-var-inventory',
    stage: 7,
    title: 'Every env variable the code reads is set in production',
    failureTitle: 'The code reads env variables that no production env file sets',
    severity: 'info',
    minimumBar: 'Handover lists every env var with its owner and rotation notes.',
    remediation:
      'Set each listed variable in production (env file or the platform secret store), or remove the read; then list it under handover.envVars with an owner and rotation note.',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const inventory = repo.inventory ?? buildInventory(code.envReads, repo.envFiles);
    if (inventory.length === 0) return { status: 'pass', reason: `the code reads no env variables (${code.filesScanned} files scanned)` };
    if (filesOfTier(repo, 'production').length === 0) {
      return { status: 'not-tested', reason: `${NO_PRODUCTION_FILES}; the inventory of ${plural(inventory.length, 'variable')} is in the evidence` };
    }
    const unset = inventory.filter((v) => !v.platform && !v.hasDefault && !v.setIn.some((s) => s.tier === 'production' && !s.empty));
    if (unset.length === 0) {
      return { status: 'pass', reason: `${plural(inventory.length, 'variable')} read by the code; every one without a default is set in production` };
    }
    const findings: FindingInput[] = unset.map((v) => ({
      title: `${v.name} is read by the code but set in no production env file`,
      detail: `Production must provide ${v.name} some other way (the platform's secret store) or the code reads undefined. Record where it comes from in the handover.`,
      evidence: [{ kind: 'file', summary: `Where ${v.name} is read and set`, excerpt: listing(v) }],
      location: v.reads[0] ? { path: v.reads[0].path, line: v.reads[0].line } : undefined,
      identity: [v.name],
    }));
    return { status: 'warn', reason: `${plural(unset.length, 'variable')} of ${inventory.length} not set in production env files`, findings };
  },
});
