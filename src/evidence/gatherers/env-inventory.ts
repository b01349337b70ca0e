// The env-var inventory for the handover: every variable the code reads,
// where, and which env files (of which environments) set it.
import type { EnvFile } from '../types.js';
import type { EnvRead, EnvVarInventoryEntry } from '../hygiene-types.js';
import { tierOfFile } from './env-values.js';

const MAX_READS_LISTED = 20;

// Set by the platform, the runtime or the framework rather than by the team.
const PLATFORM_VARS = new Set([
  'NODE_ENV', 'PORT', 'HOST', 'HOSTNAME', 'HOME', 'PATH', 'PWD', 'TZ', 'CI', 'USER', 'SHELL', 'TMPDIR', 'LANG', 'TERM',
  'npm_package_version', 'npm_package_name', 'npm_lifecycle_event', 'INIT_CWD',
  'VERCEL', 'VERCEL_ENV', 'VERCEL_URL', 'NETLIFY', 'RENDER', 'FLY_APP_NAME', 'FLY_REGION', 'RAILWAY_ENVIRONMENT',
  'HEROKU_APP_NAME', 'DYNO', 'K_SERVICE', 'AWS_REGION', 'AWS_LAMBDA_FUNCTION_NAME', 'GITHUB_ACTIONS', 'GITHUB_SHA',
  // Vite's import.meta.env built-ins.
  'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL',
]);

export const isPlatformVar = (name: string): boolean => PLATFORM_VARS.has(name);

export function buildInventory(reads: readonly EnvRead[], envFiles: readonly EnvFile[]): EnvVarInventoryEntry[] {
  const byName = new Map<string, EnvRead[]>();
  for (const r of reads) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, rs]) => ({
      name,
      reads: rs.slice(0, MAX_READS_LISTED).map((r) => ({ path: r.path, line: r.line })),
      hasDefault: rs.some((r) => r.hasDefault),
      setIn: envFiles.flatMap((f) => {
        const e = f.entries.find((x) => x.key === name);
        return e ? [{ file: f.path, tier: f.tier ?? tierOfFile(f.path, f.environments ?? []), environments: f.environments ?? [], empty: e.empty }] : [];
      }),
      platform: isPlatformVar(name),
    }));
}
