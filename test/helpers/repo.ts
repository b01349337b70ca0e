// Builders for inline repository evidence in the hygiene check tests.
import { parseEnv } from '../../src/evidence/gatherers/repo.js';
import type { CodeEvidence, CodeHit, EnvTier } from '../../src/evidence/hygiene-types.js';
import type { EnvFile, RepoEvidence } from '../../src/evidence/types.js';

export function envFile(path: string, text: string, opts: { tier?: EnvTier; tracked?: boolean; environments?: string[] } = {}): EnvFile {
  return {
    path,
    tracked: opts.tracked ?? false,
    ignored: !(opts.tracked ?? false),
    entries: parseEnv(text, { keepSafeValues: true }),
    environments: opts.environments ?? [],
    tier: opts.tier,
  };
}

export function code(part: Partial<CodeEvidence> = {}): CodeEvidence {
  return { filesScanned: 3, bytesScanned: 300, envReads: [], hits: [], migrations: [], pipelines: [], skipped: [], truncated: false, ...part };
}

export function repoEv(part: Partial<RepoEvidence> = {}): RepoEvidence {
  return { root: '/tmp/r', isGit: true, files: [], envFiles: [], code: code(), ...part };
}

export function hit(kind: CodeHit['kind'], rule: string, excerpt: string, extra: Partial<CodeHit> = {}): CodeHit {
  return { kind, rule, path: 'src/app.js', line: 12, excerpt, ...extra };
}

/** Built from pieces at run time: no credential-looking literal in the repository. */
export function fakeKey(prefix: string, mode: 'live' | 'test', body = 'Zq8WmP2xR7tYvB4nK9sLd3Fh'): string {
  return [prefix, mode, body].join('_');
}
export const randomish = (n = 40): string =>
  Array.from({ length: n }, (_, i) => 'aZ3kQ9xW7mPv2Lr8TbN5cY1d'[(i * 7 + 3) % 24]).join('') + 'X' + String(n);
