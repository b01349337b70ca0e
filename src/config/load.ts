// Reads launchready.yml (or .json), validates it against the schema, resolves
// env: references and checks the rules that span fields. Every problem found
// at one stage is reported together, with file:line:column, so a user fixes
// the file in one pass.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { crossCheck } from './cross-check.js';
import { collectSecrets, resolveEnvRefs } from './env-refs.js';
import { ConfigError, formatKey, makeIssue, type ConfigIssue, type ConfigPath, type IssueDraft } from './errors.js';
import { notFoundProblem } from './nearest.js';
import { locate } from './positions.js';
import { configSchema, type EnvironmentConfig, type LaunchConfig, type LoadedConfig } from './schema.js';
import { draftsFromZod } from './zod-issues.js';

export const INLINE = '<inline>';

export interface LoadOptions {
  /** Where env: references are looked up; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * env: references the caller does not need (e.g. role passwords for
   * `launchready monitor`): left unresolved, as `env:NAME`, instead of being
   * an error when the variable is unset.
   */
  optionalEnv?: (path: ConfigPath, config: LaunchConfig) => boolean;
}

export function loadConfig(file: string, opts: LoadOptions = {}): LoadedConfig {
  const abs = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? notFoundProblem(abs) : `cannot read the file (${(err as Error).message})`;
    throw new ConfigError([makeIssue(abs, 0, 0, { path: [], expected: 'a readable config file', problem: reason, subject: '' })]);
  }
  return parseConfigText(text, abs, opts);
}

/** `file` names the source in messages and decides the format (.json or YAML); use '<inline>' for text with no file. */
export function parseConfigText(text: string, file: string, opts: LoadOptions = {}): LoadedConfig {
  const abs = file === INLINE ? INLINE : path.resolve(file);
  const isJson = /\.json$/i.test(file);
  const lc = new LineCounter();
  // The JSON schema rejects YAML's unquoted strings, the commonest way YAML creeps into a .json file.
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, ...(isJson ? { schema: 'json' as const } : {}) });
  const issue = (d: IssueDraft): ConfigIssue => {
    const { line, column } = locate(doc, lc, d.path);
    return makeIssue(abs, line, column, d);
  };
  const fail = (issues: ConfigIssue[]): never => {
    throw new ConfigError(issues.sort((a, b) => a.line - b.line || a.column - b.column));
  };

  if (doc.errors.length > 0) {
    const format = isJson ? 'JSON' : 'YAML';
    fail(
      doc.errors.map((e) => {
        const { line, col } = lc.linePos(e.pos[0]);
        // yaml quotes the offending text in this one; it may be a literal credential, so say what is wrong instead.
        const problem = e.code === 'TAG_RESOLVE_FAILED' && isJson ? 'unquoted value; JSON strings need double quotes' : e.message;
        return makeIssue(abs, Math.max(1, line), Math.max(1, col), { path: [], expected: `valid ${format}`, problem, subject: `${format} syntax error` });
      }),
    );
  }
  if (doc.contents === null) {
    fail([issue({ path: [], expected: 'a mapping', problem: 'the file is empty; expected a mapping with at least project and environments' })]);
  }

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // e.g. an alias bomb: yaml refuses to expand it.
    fail([issue({ path: [], expected: `valid ${isJson ? 'JSON' : 'YAML'}`, problem: (err as Error).message })]);
  }

  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return fail(parsed.error.issues.flatMap((i) => draftsFromZod(i, raw, configSchema)).map(issue));
  const env = opts.env ?? process.env;
  const { value: config, refs } = resolveEnvRefs(parsed.data, env);

  const refAt = new Map(refs.map((r) => [formatKey(r.path), r]));
  const drafts: IssueDraft[] = refs
    .filter((r) => r.value === undefined && !opts.optionalEnv?.(r.path, parsed.data))
    .map((r) => ({
      path: r.path,
      expected: `environment variable ${r.name} to be set`,
      problem: `env:${r.name} is ${env[r.name] === '' ? 'set but empty' : 'not set'}`,
    }));
  drafts.push(
    ...crossCheck(config, {
      // Name the variable, never its value: env values are often credentials.
      show: (p: ConfigPath, v: string) => {
        const r = refAt.get(formatKey(p));
        return r ? `the value of env:${r.name}` : JSON.stringify(v);
      },
      resolved: (p: ConfigPath) => refAt.get(formatKey(p))?.value !== undefined || !refAt.has(formatKey(p)),
    }),
  );
  if (drafts.length > 0) fail(drafts.map(issue));

  return {
    config,
    file: abs,
    baseDir: abs === INLINE ? process.cwd() : path.dirname(abs),
    secrets: collectSecrets(config),
    healthPathDeclared: isRecord(raw) && isRecord(raw.api) && raw.api.healthPath !== undefined,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A path written in the config, made absolute against the config's folder. URLs pass through. */
export function resolveFromConfig(loaded: LoadedConfig, p: string): string {
  if (/^https?:\/\//i.test(p)) return p;
  return path.resolve(loaded.baseDir, p);
}

/** The environment dynamic checks run against: api.target, or the first one listed. */
export function targetEnvironment(loaded: LoadedConfig): { name: string; env: EnvironmentConfig } {
  const envs = loaded.config.environments;
  const name = loaded.config.api.target ?? Object.keys(envs)[0];
  const env = name === undefined ? undefined : envs[name];
  // The loader guarantees both; this guards a hand-built LoadedConfig.
  if (name === undefined || env === undefined) throw new Error(`no environment ${name ?? ''} in ${loaded.file}`);
  return { name, env };
}
