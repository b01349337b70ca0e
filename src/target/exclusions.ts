// Operations the audit must never call: the config's `exclude:` list, and by
// default any operation whose path or summary says it resets, seeds, drops,
// truncates or wipes data (or creates the database afresh), or deletes the
// caller's own account. A security tool that wipes the database it audits is
// worse than none (one run called `GET /createdb` about 15 times). The list
// is applied to the operations before any prober sees them, and the probe
// client refuses the same requests again as a last line of defence.
import type { ApiOperation } from '../evidence/types.js';

export interface Exclusion {
  /** "METHOD /path" of the operation. */
  operation: string;
  by: 'config' | 'default';
  /** In words: "exclude: POST /api/reset-db", "its path says reset". */
  reason: string;
}

// Words that name a destructive maintenance action. "reset" next to a
// password word is the password-reset flow, which the audit must test.
const DANGER = new Set(['reset', 'resetdb', 'reseed', 'seed', 'seeds', 'drop', 'dropdb', 'truncate', 'wipe', 'purge', 'nuke', 'createdb', 'flushdb', 'flushall']);
const CREDENTIAL_WORDS = new Set(['password', 'passwords', 'pwd', 'passcode', 'pin', 'otp', 'mfa', '2fa', 'token', 'email', 'verification']);
/** Summary phrases: the action and what it acts on, so "drop-down options" or "reset filters" stay in. */
const SUMMARY_DANGER = /\b(reset|reseed|seed|drop|truncate|wipe|purge|nuke|recreate|clear)s?\b[^.]{0,40}\b(database|db|tables?|all (data|records|rows)|everything|fixtures|test data)\b|\bcreatedb\b/i;
const SELF_DELETE_PATH = /(^|\/)(me|self|account|my-account|myaccount|profile|user|users\/me|users\/self)\/?$/i;
const SELF_DELETE_SUMMARY = /\b(delete|remove|close|destroy)s?\b[^.]{0,30}\b(your|my|own|the current user'?s?|the caller'?s?)\b[^.]{0,20}\baccount\b/i;

/** Lower-case words of a path or text: split on separators, camelCase and digits. */
export function words(text: string): string[] {
  return text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter(Boolean);
}

/** Why an operation is dangerous to call, or undefined. */
export function dangerOf(op: Pick<ApiOperation, 'method' | 'path' | 'summary'>, basePath = ''): string | undefined {
  const path = basePath && op.path.startsWith(basePath) ? op.path.slice(basePath.length) || '/' : op.path;
  const w = words(path);
  const credential = w.some((x) => CREDENTIAL_WORDS.has(x));
  const hit = w.find((x) => DANGER.has(x) && !(credential && (x === 'reset' || x === 'seed')));
  if (hit) return `its path says ${hit}`;
  if (op.summary && SUMMARY_DANGER.test(op.summary) && !(/\bpassword\b/i.test(op.summary) && /\breset\b/i.test(op.summary))) {
    return `its summary says "${SUMMARY_DANGER.exec(op.summary)![0]}"`;
  }
  if (op.method === 'DELETE' && (SELF_DELETE_PATH.test(path) || (op.summary && SELF_DELETE_SUMMARY.test(op.summary)))) {
    return "it deletes the caller's own account";
  }
  return undefined;
}

interface Pattern {
  text: string;
  method?: string;
  path?: RegExp;
  operationId?: string;
}

/** "METHOD /path" (method may be *; {param} and * wildcards) or an operationId. */
export function parsePattern(text: string): Pattern {
  const m = /^\s*([A-Za-z*]+)\s+(\/\S*)\s*$/.exec(text);
  if (!m) return { text, operationId: text.trim() };
  const method = m[1]!.toUpperCase();
  return { text, ...(method === '*' ? {} : { method }), path: templateRegex(m[2]!) };
}

/** A path template as a regex over a path's end (a base path may come before it). */
export function templateRegex(template: string): RegExp {
  const body = template
    .replace(/\/+$/, '')
    .split(/(\{[^}]*\}|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith('{') ? '[^/]+' : part.replace(/[.+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`${body}/?$`);
}

function matches(p: Pattern, method: string, path: string, operationId?: string): boolean {
  if (p.operationId !== undefined) return operationId === p.operationId;
  return (p.method === undefined || p.method === method) && p.path!.test(path);
}

/** The operations left to probe, and the ones taken out with why. */
export function applyExclusions(ops: readonly ApiOperation[], config: readonly string[], basePath = ''): { ops: ApiOperation[]; excluded: Exclusion[] } {
  const patterns = config.map(parsePattern);
  const kept: ApiOperation[] = [];
  const excluded: Exclusion[] = [];
  for (const op of ops) {
    const name = `${op.method} ${op.path}`;
    const p = patterns.find((x) => matches(x, op.method, op.path, op.operationId));
    if (p) {
      excluded.push({ operation: name, by: 'config', reason: `exclude: ${p.text}` });
      continue;
    }
    const danger = dangerOf(op, basePath);
    if (danger) {
      excluded.push({ operation: name, by: 'default', reason: danger });
      continue;
    }
    kept.push(op);
  }
  return { ops: kept, excluded };
}

/**
 * The probe client's guard: given a request's method and URL path, the
 * reason it must not be sent. Built from the excluded operations (their
 * templates) and the config's own patterns (an operation not in the spec).
 */
export function exclusionGuard(excluded: readonly Exclusion[], config: readonly string[]): (method: string, pathname: string) => string | undefined {
  const rules = [
    ...excluded.map((e) => ({ ...parsePattern(e.operation), why: e.by === 'config' ? e.reason : `excluded by default: ${e.reason}` })),
    ...config.map(parsePattern).filter((p) => p.operationId === undefined).map((p) => ({ ...p, why: `exclude: ${p.text}` })),
  ];
  if (rules.length === 0) return () => undefined;
  return (method, pathname) => rules.find((r) => matches(r, method.toUpperCase(), pathname))?.why;
}
