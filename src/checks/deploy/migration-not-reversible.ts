// A release that runs a migration can only be rolled back if the migration
// can: without a down path the rollback plan is "restore last night's backup",
// and a destructive statement (DROP, TRUNCATE, DELETE without WHERE) loses
// data that no down migration brings back.
import type { Migration } from '../../evidence/hygiene-types.js';
import type { Severity } from '../../report/model.js';
import { codeOf, isOutcome } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

export default defineCheck({
  meta: {
    id: 'migration-not-reversible',
    stage: 4,
    title: 'Database migrations can be rolled back',
    failureTitle: 'A database migration cannot be rolled back or destroys data',
    severity: 'medium',
    minimumBar: 'Confirm database migrations are reversible.',
    remediation:
      'Give every migration a down path (a `.down.sql`, `exports.down`, `-- +migrate Down`) and test it on staging. Split destructive changes: first stop using the column or table, release, back it up, and drop it in a later migration.',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const forward = code.migrations.filter((m) => !m.isDown);
    if (forward.length === 0) return { status: 'not-applicable', reason: 'no migration files found (folders named migrations/ or migrate/)' };
    const findings = forward.map(findingOf).filter((f): f is FindingInput => f !== undefined);
    return findings.length
      ? { status: 'fail', findings }
      : { status: 'pass', reason: `${forward.length} migrations, each with a down path and no destructive statement` };
  },
});

function findingOf(m: Migration): FindingInput | undefined {
  if (m.hasDown && m.destructive.length === 0) return undefined;
  const kinds = [...new Set(m.destructive.map((d) => d.statement))];
  const severity: Severity = m.destructive.length ? (m.hasDown ? 'medium' : 'high') : 'low';
  const problems = [m.hasDown ? undefined : 'has no down path', kinds.length ? `runs ${kinds.join(', ')}` : undefined].filter(Boolean);
  return {
    title: `${m.path} ${problems.join(' and ')}`,
    severity,
    detail: m.destructive.length
      ? `Rolling back cannot bring back what ${kinds.join(' and ')} removes${m.hasDown ? '' : ', and there is no down migration at all'}: the only way back is a backup restore, losing everything written since.`
      : 'Without a down migration, rolling back this release means restoring a backup or writing the reverse under pressure during an outage.',
    evidence: [
      m.destructive.length
        ? { kind: 'file', summary: `Destructive statements on the forward path of ${m.path}`, excerpt: m.destructive.map((d) => `${m.path}:${d.line}  ${d.excerpt}`).join('\n') }
        : { kind: 'file', summary: `${m.path}: no down section and no sibling down file` },
    ],
    reproduction: m.destructive.length ? `grep -nEi 'drop|truncate|delete' ${m.path}` : `ls ${m.path.replace(/[^/]+$/, '')}`,
    location: { path: m.path, line: m.destructive[0]?.line },
    identity: [m.path, ...kinds],
  };
}
