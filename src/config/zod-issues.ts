// Turns zod's issues into phrases a person can act on: "expected a boolean,
// got "yes"" rather than "Invalid input: expected boolean, received string".
import { z } from 'zod';
import type { ConfigPath, IssueDraft } from './errors.js';
import { isSecretKey } from './env-refs.js';

type ZodIssue = z.ZodError['issues'][number];

const TYPE_PHRASES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  // YAML words, since that is what users write.
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

export function draftsFromZod(issue: ZodIssue, raw: unknown, root: z.ZodType): IssueDraft[] {
  const p = toPath(issue.path);
  const value = valueAt(raw, p);
  const got = () => describeValue(value, looksSecret(p));

  switch (issue.code) {
    case 'invalid_type': {
      const expected = TYPE_PHRASES[issue.expected] ?? `a ${issue.expected}`;
      if (value === undefined) {
        const about = schemaAt(root, p)?.description;
        return [{ path: p, expected, problem: `missing; expected ${expected}${about ? ` (${about})` : ''}` }];
      }
      return [{ path: p, expected, problem: `expected ${expected}, got ${got()}` }];
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      const expected = values.length === 1 ? String(values[0]) : `one of ${values.join(', ')}`;
      return [{ path: p, expected, problem: `expected ${expected}, got ${got()}` }];
    }
    case 'unrecognized_keys': {
      const known = knownKeys(schemaAt(root, p));
      const expected = known.length ? `one of ${known.join(', ')}` : 'no other keys';
      return issue.keys.map((k) => {
        const guess = closest(k, known);
        const hint = guess ? ` (did you mean ${guess}?)` : '';
        return { path: [...p, k], expected, problem: `unknown key${hint}; expected ${expected}` };
      });
    }
    case 'invalid_key': {
      // A record key (environment or role name) was rejected; the reason is in the nested issue.
      const inner = issue.issues[0];
      const expected = inner ? expectedOf(inner) : 'a valid name';
      const name = String(p[p.length - 1]);
      return [{ path: p, expected, problem: `invalid name ${JSON.stringify(name)}; expected ${expected}` }];
    }
    case 'invalid_format':
    case 'too_small':
    case 'too_big': {
      const expected = expectedOf(issue);
      return [{ path: p, expected, problem: `expected ${expected}, got ${got()}` }];
    }
    default: {
      // Refinement messages are either an instruction ("give exactly one of ...") or a bare requirement.
      const m = issue.message;
      return [{ path: p, expected: m, problem: /^(give|must|needs?|use)\b/i.test(m) ? m : `expected ${m}` }];
    }
  }
}

function expectedOf(issue: ZodIssue | z.core.$ZodRawIssue): string {
  const isDefault = /^(Invalid|Too (small|big))\b/.test(issue.message ?? '');
  if (issue.code === 'invalid_format') {
    // A schema-supplied message (e.g. 'a lower-case role name') is already the phrase we want.
    if (issue.message && !isDefault) return issue.message;
    return issue.format === 'regex' && 'pattern' in issue ? `text matching ${String(issue.pattern)}` : `a valid ${issue.format}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const n = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const small = issue.code === 'too_small';
    const incl = issue.inclusive !== false;
    if (issue.origin === 'array') return small ? (n <= 1 ? 'a non-empty list' : `a list of at least ${n} items`) : `a list of at most ${n} items`;
    if (issue.origin === 'string') return small ? (n <= 1 ? 'a non-empty string' : `at least ${n} characters`) : `at most ${n} characters`;
    if (small && n === 0 && !incl) return 'a positive number';
    return `a number ${small ? (incl ? '>=' : '>') : incl ? '<=' : '<'} ${n}`;
  }
  return issue.message ?? 'a valid value';
}

/** How a wrong value is shown; secret-looking keys show only the kind of value. */
export function describeValue(v: unknown, secret: boolean): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'an empty value';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (secret) return `a ${typeof v}`;
  if (typeof v === 'string') return v.length > 60 ? `${JSON.stringify(v.slice(0, 57))}...` : JSON.stringify(v);
  return String(v);
}

function looksSecret(p: ConfigPath): boolean {
  const last = [...p].reverse().find((s): s is string => typeof s === 'string');
  return last !== undefined && isSecretKey(last);
}

function toPath(p: readonly PropertyKey[]): ConfigPath {
  return p.map((s) => (typeof s === 'number' ? s : String(s)));
}

function valueAt(raw: unknown, p: ConfigPath): unknown {
  let v = raw;
  for (const seg of p) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  return s;
}

/** The schema of the value at `p`, for known-key lists and descriptions. */
function schemaAt(root: z.ZodType, p: ConfigPath): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  for (const seg of p) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(seg)];
    else if (s instanceof z.ZodRecord) s = s.valueType as z.ZodType;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else return undefined;
  }
  return s;
}

function knownKeys(s: z.ZodType | undefined): string[] {
  const obj = unwrap(s);
  return obj instanceof z.ZodObject ? Object.keys(obj.shape as object) : [];
}

/** A likely intended key: same letters ignoring case, or at most two edits away. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const c of candidates) {
    const d = c.toLowerCase() === word.toLowerCase() ? 0 : editDistance(word, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
