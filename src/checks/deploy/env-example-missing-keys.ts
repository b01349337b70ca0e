// A variable the code reads but `.env.example` does not list is one the next
// person to deploy will not know to set: the app starts, then fails on the
// first request that needs it (or, worse, runs with an insecure fallback).
import { isPlatformVar } from '../../evidence/gatherers/env-inventory.js';
import type { EnvRead } from '../../evidence/hygiene-types.js';
import { codeOf, filesOfTier, isOutcome, plural } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

export default defineCheck({
  meta: {
    id: 'env-example-missing-keys',
    stage: 4,
    title: 'The env example lists every variable the code reads',
    failureTitle: 'The code reads env variables the env example does not list',
    severity: 'low',
    minimumBar: 'Production and staging are configured from a documented list of variables.',
    remediation:
      'Add every variable the code reads to `.env.example` with an empty value or a placeholder (never a real value), and a comment saying what it is for.',
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const byName = new Map<string, EnvRead[]>();
    for (const r of code.envReads) if (!isPlatformVar(r.name)) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    if (byName.size === 0) return { status: 'not-applicable', reason: `the code reads no env variables (${code.filesScanned} files scanned)` };
    const examples = filesOfTier(repo, 'example');
    const where = (reads: EnvRead[]) => reads.slice(0, 5).map((r) => `${r.path}:${r.line}`).join('\n');
    if (examples.length === 0) {
      const names = [...byName.keys()].sort();
      return {
        status: 'fail',
        findings: [
          {
            title: `No env example file documents the ${plural(names.length, 'variable')} the code reads`,
            detail: `The code reads ${names.join(', ')}, and the repository has no .env.example (or .sample/.template) listing them.`,
            evidence: [{ kind: 'text', summary: 'Variables read by the code', excerpt: names.map((n) => `${n}  ← ${where(byName.get(n) ?? []).split('\n')[0]}`).join('\n') }],
            reproduction: `grep -rnoE "process\\.env\\.[A-Z0-9_]+|import\\.meta\\.env\\.[A-Z0-9_]+" --exclude-dir=node_modules --exclude-dir=dist . | sort -u`,
            identity: ['no-example-file'],
          },
        ],
      };
    }
    const documented = new Set(examples.flatMap((f) => f.entries.map((e) => e.key)));
    const exampleNames = examples.map((f) => f.path).join(', ');
    const findings: FindingInput[] = [];
    for (const [name, reads] of [...byName.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (documented.has(name)) continue;
      const first = reads[0];
      findings.push({
        title: `${name} is read by the code but missing from ${exampleNames}`,
        detail: `Whoever deploys from ${exampleNames} will not know ${name} exists${reads.some((r) => r.hasDefault) ? ' (the code falls back to a default, which may not be what production needs)' : ''}.`,
        evidence: [{ kind: 'file', summary: `Read in ${plural(reads.length, 'place')}`, excerpt: where(reads) }],
        reproduction: `grep -n '^${name}=' ${examples[0]?.path ?? '.env.example'} || echo 'not documented'`,
        location: first ? { path: first.path, line: first.line } : undefined,
        identity: [name],
      });
    }
    return findings.length
      ? { status: 'fail', findings }
      : { status: 'pass', reason: `all ${byName.size} variables the code reads are listed in ${exampleNames}` };
  },
});
