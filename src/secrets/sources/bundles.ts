// Built client bundles and source maps, and the env variables frameworks
// inline into them. Anything in these files is downloaded by every visitor,
// so a secret here is public the moment the site is deployed. Bundle folders
// are usually git-ignored, so they are read from disk whatever .gitignore says.
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SecretEngine } from '../engine.js';
import { shannonEntropy } from '../entropy.js';
import { fingerprintSecret, maskSecret } from '../mask.js';
import { readEnvFile } from '../env-file.js';
import { isPlaceholder } from '../placeholders.js';
import { scanFiles } from './tree.js';
import type { BundleScanResult, ExposedEnvVar } from './types.js';

/** Folders that hold what the browser downloads (`.next/static` only: `.next/server` stays on the server). */
export const BUNDLE_DIRS = ['dist', 'build', '.next/static', 'out', 'public', '.output/public', '.svelte-kit/output/client'];

/** Prefixes that make a framework ship a variable to the browser. */
export const BROWSER_ENV_PREFIXES = ['NEXT_PUBLIC_', 'VITE_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'PUBLIC_', 'GATSBY_', 'VUE_APP_', 'STORYBOOK_'];

const ENV_FILE_RE = /^(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env)$/;
const SECRET_NAME_RE = /SECRET|PASSWORD|PASSWD|PRIVATE|TOKEN|API_?KEY|ACCESS_?KEY|CREDENTIAL|DSN|DATABASE_URL/i;
// Meant to be public: publishable/anon keys, site keys, public DSNs.
const PUBLIC_NAME_RE = /PUBLISHABLE|PUBLIC_?KEY|ANON|SITE_?KEY|CLIENT_?ID|MEASUREMENT|_URL$|SENTRY_DSN/i;
const MAX_WALK_FILES = 200_000;

export interface BundleScanOptions {
  maxFileBytes?: number;
}

export function isBundlePath(rel: string): boolean {
  return BUNDLE_DIRS.some((d) => rel === d || rel.startsWith(d + '/'));
}

export async function scanBundles(engine: SecretEngine, root: string, opts: BundleScanOptions = {}): Promise<BundleScanResult> {
  const dirs: string[] = [];
  const files: string[] = [];
  for (const d of BUNDLE_DIRS) {
    const listed = await walk(root, d);
    if (listed === undefined) continue;
    dirs.push(d);
    files.push(...listed);
  }
  const scanned = await scanFiles(engine, root, files, { maxFileBytes: opts.maxFileBytes });
  return { dirs, ...scanned, exposedEnv: await exposedEnvVars(engine, root) };
}

async function walk(root: string, dir: string): Promise<string[] | undefined> {
  const top = await readdir(path.join(root, dir), { withFileTypes: true }).catch(() => undefined);
  if (!top) return undefined;
  const out: string[] = [];
  const visit = async (rel: string, entries: Dirent[] | undefined): Promise<void> => {
    for (const e of entries ?? []) {
      if (out.length >= MAX_WALK_FILES) return;
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name === 'node_modules') continue;
        await visit(child, await readdir(path.join(root, child), { withFileTypes: true }).catch(() => undefined));
      } else if (e.isFile()) out.push(child);
    }
  };
  await visit(dir, top);
  return out;
}

/** Env files at the root whose browser-exposed variables hold a secret. */
export async function exposedEnvVars(engine: SecretEngine, root: string): Promise<ExposedEnvVar[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const out: ExposedEnvVar[] = [];
  for (const e of entries) {
    if (!e.isFile() || !ENV_FILE_RE.test(e.name)) continue;
    const text = await readFile(path.join(root, e.name), 'utf8').catch(() => '');
    if (text.length > 1024 * 1024) continue;
    for (const { key, value, line } of readEnvFile(text)) {
      const prefix = BROWSER_ENV_PREFIXES.find((p) => key.startsWith(p));
      if (!prefix || !value || isPlaceholder(value)) continue;
      const hit = engine.scan(`${key}=${value}`, e.name).find((f) => f.category !== 'generic');
      const base = { file: e.name, key, line, masked: maskSecret(value), fingerprint: fingerprintSecret(value) };
      if (hit) {
        out.push({ ...base, reason: hit.ruleId, severity: hit.mode === 'test' ? 'low' : 'critical' });
        continue;
      }
      const name = key.slice(prefix.length);
      if (SECRET_NAME_RE.test(name) && !PUBLIC_NAME_RE.test(name) && value.length >= 8 && shannonEntropy(value) >= 3) {
        out.push({ ...base, reason: 'secret-like-name', severity: 'high' });
      }
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
