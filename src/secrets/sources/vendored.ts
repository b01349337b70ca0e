// Third-party code and build caches: folders a package manager or a build
// fills, whose secrets (test keys in a dependency's fixtures) are not the
// project's. Left out of the scan unless git tracks them (a committed Go
// vendor/ folder is the project's own responsibility).

/** Folder names that hold installed dependencies or caches, wherever they sit. */
const VENDORED_NAMES = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  '.venv',
  'venv',
  'site-packages',
  'dist-packages',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.gradle',
  '.m2',
  '.cache',
  '.parcel-cache',
  '.turbo',
  '.pnpm-store',
  '.terraform',
  'Pods',
  '.bundle',
]);
/** Two-level caches: only this parent/child pair is a cache (`.next/cache`, not every `.next`). */
const VENDORED_PAIRS = new Set(['.next/cache', '.angular/cache', '.yarn/cache', '.yarn/unplugged', '.nuxt/cache', 'Carthage/Checkouts']);

/** The outermost vendored or cache folder on a relative '/'-path, or undefined when the path is outside all of them. */
export function vendoredRoot(rel: string): string | undefined {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (VENDORED_NAMES.has(parts[i]!)) return parts.slice(0, i + 1).join('/');
    if (i + 1 < parts.length - 1 && VENDORED_PAIRS.has(`${parts[i]}/${parts[i + 1]}`)) return parts.slice(0, i + 2).join('/');
  }
  return undefined;
}
