// Database migrations: which files are migrations, whether each has a way
// back (a down section or a sibling down file), and which destructive
// statements run on the forward path. Down files are expected to drop what
// their up created, so their statements are never called destructive.
import type { DestructiveStatement, Migration } from '../hygiene-types.js';
import { maskExcerpt } from './code-rules.js';

const MIGRATION_DIR_RE = /(^|\/)(migrations?|migrate|alembic\/versions|db\/versions)\//i;
const MIGRATION_EXT_RE = /\.(sql|js|mjs|cjs|ts|mts|cts|py|rb)$/i;
const NOT_MIGRATION_RE = /(^|\/)(index|config|knexfile|env|script\.py|README)[^/]*$|\.d\.ts$|(^|\/)migration_lock\.toml$/i;
const DOWN_FILE_RE = /(^|[._-])(down|rollback|revert|undo)\.(sql|js|mjs|cjs|ts|py|rb)$|(^|\/)(down|rollback|revert)\/[^/]+$/i;
// Flyway: V3__x.sql is undone by U3__x.sql.
const FLYWAY_RE = /(^|\/)V(\d+(?:[._]\d+)*)__([^/]+)$/;

const DOWN_MARKER_RE =
  /^\s*(--|#|\/\/)\s*(\+migrate\s+down|\+goose\s+down|migrate:down|down\b)|\bexports\.down\s*=|\bmodule\.exports\.down\b|^\s*(public\s+|export\s+)?(async\s+)?(function\s+)?down\s*\(|\bexport\s+(async\s+)?function\s+down\b|\bexport\s+const\s+down\b|^\s*def\s+(downgrade|down)\b|^\s*def\s+change\b|^\s*(async\s+)?down\s*:\s*(async\s*)?(function|\()/i;
const UP_MARKER_RE =
  /^\s*(--|#|\/\/)\s*(\+migrate\s+up|\+goose\s+up|migrate:up|up\b)|\bexports\.up\s*=|^\s*(public\s+|export\s+)?(async\s+)?(function\s+)?up\s*\(|\bexport\s+(async\s+)?function\s+up\b|^\s*def\s+(upgrade|up)\b/i;

const DESTRUCTIVE: { statement: string; re: RegExp }[] = [
  { statement: 'DROP TABLE', re: /\bDROP\s+TABLE\b|\.dropTable(IfExists)?\s*\(|\bdrop_table\b|\bop\.drop_table\s*\(/i },
  { statement: 'DROP COLUMN', re: /\bDROP\s+COLUMN\b|\.dropColumns?\s*\(|\bremoveColumn\s*\(|\bremove_column\b|\bop\.drop_column\s*\(/i },
  { statement: 'DROP SCHEMA', re: /\bDROP\s+(SCHEMA|DATABASE)\b/i },
  { statement: 'TRUNCATE', re: /\bTRUNCATE\s+(TABLE\s+)?["`\w]|\.truncate\s*\(/i },
];
const DELETE_RE = /\bDELETE\s+FROM\b/i;

export function isMigrationPath(p: string): boolean {
  return MIGRATION_DIR_RE.test(p) && MIGRATION_EXT_RE.test(p) && !NOT_MIGRATION_RE.test(p);
}

/** Possible down-file paths for an up file. */
function downSiblings(p: string): string[] {
  const out: string[] = [];
  const swaps: [RegExp, string][] = [
    [/([._-])up(\.\w+)$/i, '$1down$2'],
    [/(^|\/)up(\.\w+)$/i, '$1down$2'],
  ];
  for (const [re, to] of swaps) if (re.test(p)) out.push(p.replace(re, to));
  const fly = FLYWAY_RE.exec(p);
  if (fly) out.push(p.replace(FLYWAY_RE, `$1U$2__$3`));
  return out;
}

export function analyseMigration(p: string, text: string, allPaths: ReadonlySet<string>): Migration {
  const lines = text.split(/\r?\n/);
  if (DOWN_FILE_RE.test(p)) return { path: p, isDown: true, hasDown: true, downPath: p, destructive: [] };
  const sibling = downSiblings(p).find((s) => allPaths.has(s));
  const downAt = lines.findIndex((l) => DOWN_MARKER_RE.test(l));
  const upAt = lines.findIndex((l) => UP_MARKER_RE.test(l));
  // The forward path: from the up marker on if it comes after the down one, else everything before the down marker.
  let from = 0;
  let to = lines.length;
  if (downAt >= 0) {
    if (upAt > downAt) from = upAt;
    else to = downAt;
  }
  return {
    path: p,
    isDown: false,
    hasDown: downAt >= 0 || sibling !== undefined,
    downPath: downAt >= 0 ? p : sibling,
    destructive: destructiveStatements(lines, from, to),
  };
}

function destructiveStatements(lines: readonly string[], from: number, to: number): DestructiveStatement[] {
  const found: DestructiveStatement[] = [];
  for (let i = from; i < to; i++) {
    const raw = lines[i] ?? '';
    if (raw.length > 5_000) continue;
    const line = raw.replace(/--.*$/, '').replace(/\/\/.*$/, '').replace(/^\s*#.*$/, '');
    for (const d of DESTRUCTIVE) {
      if (d.re.test(line)) found.push({ line: i + 1, statement: d.statement, excerpt: maskExcerpt(raw) });
    }
    if (DELETE_RE.test(line)) {
      // The statement runs to the next semicolon (at most 20 lines on).
      let stmt = line;
      for (let j = i + 1; !stmt.includes(';') && j < Math.min(to, i + 20); j++) stmt += ' ' + (lines[j] ?? '');
      stmt = stmt.split(';')[0] ?? stmt;
      if (!/\bWHERE\b/i.test(stmt)) found.push({ line: i + 1, statement: 'DELETE without WHERE', excerpt: maskExcerpt(raw) });
    }
  }
  return found;
}
