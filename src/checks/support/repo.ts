// Shared reading of repository evidence for the deployment hygiene checks.
import { tierOfFile } from '../../evidence/gatherers/env-values.js';
import type { CodeEvidence, CodeHit, EnvTier } from '../../evidence/hygiene-types.js';
import type { EnvEntry, EnvFile, RepoEvidence } from '../../evidence/types.js';
import type { EvidenceItem } from '../../report/model.js';
import type { CheckOutcome } from '../types.js';

/** The tier of a file, also for evidence saved before tiers were recorded. */
export function tierOf(f: EnvFile): EnvTier {
  return f.tier ?? tierOfFile(f.path, f.environments ?? []);
}

export function filesOfTier(repo: RepoEvidence, ...tiers: EnvTier[]): EnvFile[] {
  return repo.envFiles.filter((f) => tiers.includes(tierOf(f)));
}

export const NO_PRODUCTION_FILES =
  'no production env file known: list them under environments.<production>.envFiles in launchready.yml (or name them .env.production)';

/** One env line as evidence shows it: the value where it may be shown, else masked with its fingerprint. */
export function envLine(f: EnvFile, e: EnvEntry): string {
  const shown = e.value ?? (e.empty ? '' : `${e.masked}  (${e.fingerprint})`);
  return `${f.path}:${e.line}  ${e.key}=${shown}`;
}

export function envEvidence(f: EnvFile, entries: readonly EnvEntry[], summary: string): EvidenceItem {
  return { kind: 'file', summary, excerpt: entries.map((e) => envLine(f, e)).join('\n') };
}

/** The code part of the evidence, or the outcome to return when it is absent. */
export function codeOf(repo: RepoEvidence): CodeEvidence | { status: 'not-tested'; reason: string; unlock?: string } {
  return repo.code ?? { status: 'not-tested' as const, reason: 'the repository evidence has no code scan (saved by an older launchready); gather it again' };
}

export function isOutcome(x: unknown): x is CheckOutcome {
  return typeof x === 'object' && x !== null && 'status' in x;
}

export function hitEvidence(hit: CodeHit, summary: string): EvidenceItem {
  return { kind: 'file', summary, excerpt: `${hit.path}:${hit.line}  ${hit.excerpt}` };
}

/** Identity of a code hit: file, rule and the line's text, so moving the line keeps it. */
export function hitIdentity(hit: CodeHit): string[] {
  return [hit.path, hit.rule, hit.excerpt.replace(/\s+/g, ' ')];
}

/** A reproduction that finds the line again: grep for its first distinctive words. */
export function grepFor(hit: CodeHit): string {
  // Up to the first masked part: the file holds the real value there.
  const needle = (hit.excerpt.split('…')[0] ?? '').slice(0, 60).trim();
  if (needle.length < 8) return `sed -n '${hit.line}p' ${hit.path}`;
  return `grep -nF '${needle.replace(/'/g, "'\\''")}' ${hit.path}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
