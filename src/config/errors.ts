// A config problem is reported with where it is (file:line:column), which key
// it is, and what was expected, so a user can fix every mistake in one pass
// instead of one per run. Values read from env: references never reach these
// messages: they are usually credentials.
import path from 'node:path';

export type ConfigPath = readonly (string | number)[];

export interface ConfigIssue {
  /** Absolute path of the config file, or '<inline>'. */
  file: string;
  /** 1-based; 0 when the problem concerns the whole file (e.g. it cannot be read). */
  line: number;
  column: number;
  /** Dotted path such as `environments.production.allowWrites` or `policy[2].allow`; '' for the file as a whole. */
  key: string;
  /** What would have been accepted, e.g. "a boolean" or "one of prototype, first-customers, scale". */
  expected: string;
  /** One display line: `launchready.yml:12:5: environments.production.allowWrites — expected a boolean, got "yes"`. */
  message: string;
}

/** An issue before it is given a position: the modules that find problems know paths, only the loader knows the source. */
export interface IssueDraft {
  path: ConfigPath;
  expected: string;
  /** The text after the key in the display line. */
  problem: string;
  /** Shown instead of the key, for problems that have none (a YAML syntax error); '' for none at all. */
  subject?: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(['Invalid config:', ...issues.map((i) => `  ${i.message}`)].join('\n'));
    this.issues = issues;
  }
}

export function formatKey(p: ConfigPath): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    // Environment and role names are free text; bracket the ones a dotted path would garble.
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Relative to the working directory when inside it: shorter, and what the user typed. */
export function displayFile(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

export function makeIssue(file: string, line: number, column: number, draft: IssueDraft): ConfigIssue {
  const key = formatKey(draft.path);
  const where = line > 0 ? `${displayFile(file)}:${line}:${column}` : displayFile(file);
  const label = draft.subject ?? (key || '(top level)');
  const message = label ? `${where}: ${label} — ${draft.problem}` : `${where} — ${draft.problem}`;
  return { file, line, column, key, expected: draft.expected, message };
}
