// "File not found" that a newcomer can act on (issue 12): the folder that was
// searched and the nearest config there is — the other extension
// (launchready.yaml for .yml), a near-miss name (launch-ready.yml,
// launchready.yml.example), or the same file one folder up or down.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The names a config may have, in the order `launchready audit` looks for them. */
export const CONFIG_NAMES = ['launchready.yml', 'launchready.yaml', 'launchready.json'];

const CONFIG_EXT = /\.(ya?ml|json)$/i;

/** Levenshtein distance, capped: names are short, and anything past `cap` is no match anyway. */
function distance(a: string, b: string, cap = 4): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

const isFile = (p: string): boolean => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
};

/**
 * The file a user most likely meant when `wanted` (absolute) does not
 * exist, as a path relative to `wanted`'s folder; undefined when nothing is
 * close. Reads at most three folder listings.
 */
export function nearestConfig(wanted: string): string | undefined {
  const dir = path.dirname(wanted);
  const base = path.basename(wanted).toLowerCase();
  const stem = base.replace(CONFIG_EXT, '');
  const names = new Set([base, ...CONFIG_NAMES]);
  // Same folder: the other extension, then the nearest name that looks like a config.
  const here = entries(dir).filter((n) => isFile(path.join(dir, n)));
  const scored = here
    .map((n) => {
      const l = n.toLowerCase();
      const sameStem = l.replace(CONFIG_EXT, '') === stem && CONFIG_EXT.test(l);
      const score = sameStem ? 0 : Math.min(distance(l, base), ...CONFIG_NAMES.map((c) => distance(l, c)), l.startsWith(`${stem}.`) || l.startsWith('launchready') ? 3 : 9);
      return { n, score };
    })
    .filter((x) => x.score <= 3 && x.n.toLowerCase() !== base)
    .sort((a, b) => a.score - b.score || a.n.localeCompare(b.n));
  if (scored[0]) return scored[0].n;
  const parent = path.dirname(dir);
  if (parent !== dir) for (const n of names) if (isFile(path.join(parent, n))) return path.join('..', n);
  for (const sub of entries(dir).sort()) {
    if (sub.startsWith('.') || sub === 'node_modules') continue;
    for (const n of names) if (isFile(path.join(dir, sub, n))) return path.join(sub, n);
  }
  return undefined;
}

/** "file not found in FOLDER" plus the nearest match, for the loader's message. */
export function notFoundProblem(wanted: string): string {
  const near = nearestConfig(wanted);
  const dir = path.dirname(wanted);
  const hint = near ? `; did you mean ${near}? (--config ${path.relative(process.cwd(), path.join(dir, near)) || near})` : `; create one with \`launchready init\``;
  return `file not found in ${dir}${hint}`;
}
