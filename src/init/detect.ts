// What `launchready init` learns from a repository before drafting a config:
// the framework, OpenAPI documents (by name and by content), env files and
// the environment each belongs to, and the app/API URLs those files set.
// Read-only and bounded: at most MAX_FILES entries visited, files above
// MAX_READ_BYTES never opened, installed and vendored trees skipped.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ENV_FILE_RE, EXAMPLE_ENV_RE, parseEnv } from '../evidence/gatherers/repo.js';
import { detectFramework, type DetectedFramework, type FrameworkSignals } from './frameworks.js';
import { findLoginPage, findLoginRoute, servedDocumentIn, type ServedDocument, type SourceLogin, type SourceLoginPage } from './routes.js';

const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'vendor', '.venv', 'venv', '__pycache__', 'site-packages',
  'bower_components', 'dist', 'build', '.next', '.nuxt', 'coverage', 'tmp', '.cache', 'target', 'launchready-report',
]);
const MAX_DEPTH = 6;
const MAX_FILES = 20_000;
const MAX_READ_BYTES = 5 * 1024 * 1024;
const CODE_FILE = /\.(m?[jt]sx?|cjs|py|rb|php)$/i;
const MAX_CODE_FILES = 3_000;
/** Route files are small; a large code file is a bundle or generated. */
const MAX_CODE_BYTES = 256 * 1024;

export interface OpenApiCandidate {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  /** "file name" or "content" (the file's own openapi/swagger key). */
  foundBy: 'name' | 'content';
  version: string;
}

export interface UrlHint {
  key: string;
  value: string;
  /** The env file (relative path) and line that set it. */
  file: string;
  line: number;
  kind: 'app' | 'api';
}

export interface EnvFileHint {
  path: string;
  /** production, staging, development, test; undefined for files that name no environment. */
  environment?: string;
  example: boolean;
}

export interface ProjectFacts {
  root: string;
  /** package.json "name", or the folder's name. */
  name: string;
  framework?: DetectedFramework;
  /** The login route the code declares, where one was found. */
  sourceLogin?: SourceLogin;
  /** Where the code serves its OpenAPI document at run time, where it says so. */
  servedOpenApi?: ServedDocument;
  /** The login page (HTML) the app serves, where the code declares one; none for sign-in through an API only. */
  loginPage?: SourceLoginPage;
  signals: FrameworkSignals;
  openapi: OpenApiCandidate[];
  envFiles: EnvFileHint[];
  urls: UrlHint[];
  /** Entries visited; equals the cap when the walk stopped early. */
  visited: number;
  truncated: boolean;
}

/** Which kind of URL an env key holds, by the names frameworks and hosting platforms use. */
export function urlKind(key: string): 'app' | 'api' | undefined {
  const k = key.toUpperCase();
  if (/(^|_)(API|BACKEND|SERVER)(_BASE)?_(URL|ORIGIN|HOST)$/.test(k)) return 'api';
  if (/(^|_)(APP|SITE|PUBLIC|BASE|FRONTEND|WEB|CLIENT|CANONICAL)(_BASE)?_(URL|ORIGIN)$/.test(k)) return 'app';
  if (/^(NEXTAUTH_URL|AUTH_URL|URL|ORIGIN|HOST_URL|ROOT_URL|APP_HOST)$/.test(k)) return 'app';
  return undefined;
}

/** The environment an env file belongs to, from its name (.env.production, config/staging.env). */
export function environmentOfEnvFile(file: string): string | undefined {
  const base = path.posix.basename(file).toLowerCase();
  if (/prod/.test(base)) return 'production';
  if (/stag|preview|uat/.test(base)) return 'staging';
  if (/test|ci/.test(base.replace(/^\.env/, ''))) return 'test';
  if (/dev|local/.test(base) || base === '.env') return 'development';
  return undefined;
}

const OPENAPI_NAME = /(^|[/._-])(openapi|swagger)([._-][\w.-]*)?\.(json|ya?ml)$/i;

function openApiVersion(text: string): string | undefined {
  const head = text.slice(0, 4096);
  const m =
    /"(openapi|swagger)"\s*:\s*"(\d[\d.]*)"/.exec(head) ?? /^(openapi|swagger)\s*:\s*['"]?(\d[\d.]*)/m.exec(head);
  return m ? `${m[1] === 'swagger' ? 'Swagger' : 'OpenAPI'} ${m[2]}` : undefined;
}

export async function detectProject(root: string): Promise<ProjectFacts> {
  const abs = path.resolve(root);
  const files: string[] = [];
  let visited = 0;
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(path.join(abs, dir), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (visited >= MAX_FILES) return;
      visited++;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && depth < MAX_DEPTH) await walk(rel, depth + 1);
      } else if (e.isFile()) files.push(rel);
    }
  };
  await walk('', 0);

  const read = async (rel: string): Promise<string | undefined> => {
    const st = await stat(path.join(abs, rel)).catch(() => undefined);
    if (!st || st.size > MAX_READ_BYTES) return undefined;
    return readFile(path.join(abs, rel), 'utf8').catch(() => undefined);
  };

  const npm = new Set<string>();
  const composer = new Set<string>();
  let python = '';
  let gemfile = '';
  let name = path.basename(abs);
  for (const rel of files) {
    const base = path.posix.basename(rel);
    if (base === 'package.json') {
      const pkg = safeJson(await read(rel)) as { name?: unknown; dependencies?: object; devDependencies?: object } | undefined;
      if (!pkg) continue;
      for (const k of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) npm.add(k);
      if (rel === 'package.json' && typeof pkg.name === 'string' && pkg.name) name = pkg.name;
    } else if (/^requirements.*\.txt$|^pyproject\.toml$|^Pipfile$|^setup\.(py|cfg)$/.test(base)) {
      python += `${((await read(rel)) ?? '').toLowerCase()}\n`;
    } else if (base === 'Gemfile') {
      gemfile += `${((await read(rel)) ?? '').toLowerCase()}\n`;
    } else if (base === 'composer.json') {
      const c = safeJson(await read(rel)) as { require?: object } | undefined;
      for (const k of Object.keys(c?.require ?? {})) composer.add(k);
    }
  }
  const signals: FrameworkSignals = { npm, python, gemfile, composer };

  const openapi: OpenApiCandidate[] = [];
  for (const rel of files) {
    if (!/\.(json|ya?ml)$/i.test(rel) || /(^|\/)(package(-lock)?|tsconfig[\w.-]*|composer)\.json$/.test(rel)) continue;
    const byName = OPENAPI_NAME.test(rel);
    const text = await read(rel);
    const version = text === undefined ? undefined : openApiVersion(text);
    if (version) openapi.push({ path: rel, foundBy: byName ? 'name' : 'content', version });
  }
  // Hand-written documents before generated ones, shallow before deep.
  openapi.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));

  const envFiles: EnvFileHint[] = [];
  const urls: UrlHint[] = [];
  for (const rel of files.filter((f) => ENV_FILE_RE.test(f))) {
    const example = EXAMPLE_ENV_RE.test(rel);
    const environment = example ? undefined : environmentOfEnvFile(rel);
    envFiles.push({ path: rel, ...(environment ? { environment } : {}), example });
    if (example) continue;
    const text = await read(rel);
    for (const entry of text === undefined ? [] : parseEnv(text, { keepSafeValues: true })) {
      const kind = urlKind(entry.key);
      if (!kind || !entry.value || !/^https?:\/\/[^\s/]+/i.test(entry.value)) continue;
      urls.push({ key: entry.key, value: entry.value.replace(/\/+$/, ''), file: rel, line: entry.line, kind });
    }
  }

  const framework = detectFramework(signals);
  // The login route as the code declares it (routes.ts): read from the code files, small ones, a bounded number.
  const sources: { file: string; text: string }[] = [];
  for (const rel of files.filter((f) => CODE_FILE.test(f)).slice(0, MAX_CODE_FILES)) {
    const st = await stat(path.join(abs, rel)).catch(() => undefined);
    if (!st || st.size > MAX_CODE_BYTES) continue;
    const text = await readFile(path.join(abs, rel), 'utf8').catch(() => undefined);
    if (text !== undefined) sources.push({ file: rel, text });
  }
  const sourceLogin = findLoginRoute(sources);
  const servedOpenApi = servedDocumentIn(sources);
  const loginPage = findLoginPage(sources, files);
  return {
    root: abs,
    name,
    ...(framework ? { framework } : {}),
    ...(sourceLogin ? { sourceLogin } : {}),
    ...(servedOpenApi ? { servedOpenApi } : {}),
    ...(loginPage ? { loginPage } : {}),
    signals,
    openapi,
    envFiles,
    urls,
    visited,
    truncated: visited >= MAX_FILES,
  };
}

function safeJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
