// The access policy: which roles may call which operations. The most
// specific rule that matches an operation decides, wherever it is listed: a
// literal segment beats a {param}, which beats a * wildcard (so
// `GET /users/_debug` is decided by its own rule even when
// `GET /users/{username}` comes first). Among equally specific rules the
// first listed wins, and the audit warns about it (policyWarnings).
// `anonymous` in `allow` adds callers: signed-in roles may call a public
// operation too.
import type { PolicyRule } from './schema.js';

export const ANONYMOUS = 'anonymous';

export interface OperationRef {
  method: string;
  path: string;
  operationId?: string;
}

interface Compiled {
  methods: Set<string> | '*';
  path: RegExp;
  /** Per segment: 3 literal, 2 {param}, 1 wildcard; compared left to right. */
  rank: number[];
}

const compiled = new WeakMap<PolicyRule, Compiled | null>();

function compile(rule: PolicyRule): Compiled | null {
  if (!rule.operation) return null;
  const m = /^\s*([A-Za-z*|,]+)\s+([/*]\S*)\s*$/.exec(rule.operation);
  if (!m) return null;
  const methodPart = (m[1] ?? '').toUpperCase();
  const methods = methodPart === '*' ? '*' : new Set(methodPart.split(/[|,]/).filter(Boolean));
  const pattern = (m[2] ?? '').replace(/\/+$/, '');
  const source = pattern
    .split(/(\{[^}]+\}|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (/^\{[^}]+\}$/.test(part)) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  const rank = pattern
    .split('/')
    .filter(Boolean)
    .map((seg) => (seg.includes('*') ? 1 : /^\{[^}]+\}$/.test(seg) ? 2 : 3));
  return { methods, path: new RegExp(`^${source}/?$`), rank };
}

function compiledOf(rule: PolicyRule): Compiled | null {
  let c = compiled.get(rule);
  if (c === undefined) {
    c = compile(rule);
    compiled.set(rule, c);
  }
  return c;
}

/**
 * Whether a rule covers an operation. With a base path (OpenAPI 3 servers,
 * Swagger 2 basePath) a rule may name the operation with or without it:
 * `GET /articles` and `GET /api/articles` both cover /api/articles.
 */
export function ruleMatches(rule: PolicyRule, op: OperationRef, basePath = ''): boolean {
  if (rule.operationId) return rule.operationId === op.operationId;
  const c = compiledOf(rule);
  if (!c) return false;
  if (c.methods !== '*' && !c.methods.has(op.method.toUpperCase())) return false;
  const path = op.path.replace(/\/+$/, '');
  if (c.path.test(path)) return true;
  const base = basePath.replace(/\/+$/, '');
  return base !== '' && path.startsWith(`${base}/`) && c.path.test(path.slice(base.length));
}

/** Positive when a is more specific than b: operationId, then segment by segment, then more segments, then a named method. */
export function compareSpecificity(a: PolicyRule, b: PolicyRule): number {
  if (a.operationId || b.operationId) return Number(Boolean(a.operationId)) - Number(Boolean(b.operationId));
  const ca = compiledOf(a);
  const cb = compiledOf(b);
  if (!ca || !cb) return Number(Boolean(ca)) - Number(Boolean(cb));
  for (let i = 0; i < Math.min(ca.rank.length, cb.rank.length); i++) {
    const d = (ca.rank[i] ?? 0) - (cb.rank[i] ?? 0);
    if (d !== 0) return d;
  }
  // A trailing wildcard reaches further than the segments it sits in: fewer segments before it is less specific.
  if (ca.rank.length !== cb.rank.length) return ca.rank.length - cb.rank.length;
  return Number(ca.methods !== '*') - Number(cb.methods !== '*');
}

/** The rule that decides an operation: the most specific match, the first listed among equals. */
export function decidingRule(rules: readonly PolicyRule[], op: OperationRef, basePath = ''): PolicyRule | undefined {
  let best: PolicyRule | undefined;
  for (const r of rules) {
    if (!ruleMatches(r, op, basePath)) continue;
    if (!best || compareSpecificity(r, best) > 0) best = r;
  }
  return best;
}

/** Roles the policy allows for an operation, or undefined when no rule covers it. */
export function allowedRoles(rules: readonly PolicyRule[], op: OperationRef, basePath = ''): string[] | undefined {
  return decidingRule(rules, op, basePath)?.allow;
}

/**
 * Who may call an operation, as the probes judge it: the deciding rule's
 * roles, else the API document's security (public: anyone; otherwise every
 * role). `anonymous` adds every configured role: signed-in users may call a
 * public operation too (and harvest ids from public lists).
 */
export function expectedCallers(
  rules: readonly PolicyRule[],
  op: OperationRef & { publicInSpec: boolean },
  roles: readonly string[],
  basePath = '',
): { allowedRoles: string[]; expectationFrom: 'policy' | 'spec'; anyObject?: true } {
  const rule = decidingRule(rules, op, basePath);
  const allow = rule?.allow ?? (op.publicInSpec ? [ANONYMOUS] : [...roles]);
  const withSignedIn = allow.includes(ANONYMOUS) ? [...new Set([...allow, ...roles])] : allow;
  return { allowedRoles: withSignedIn, expectationFrom: rule ? 'policy' : 'spec', ...(rule?.objects === 'any' ? { anyObject: true as const } : {}) };
}

/**
 * Rules that cannot do what their author meant, said before the audit
 * trusts them: a rule that matches no operation of the API (a typo, a path
 * without the base path or with a stale one), two equally specific rules
 * over the same operation with different roles (the later never decides),
 * and a rule listed before a more specific one that now decides in its place
 * (the order no longer matters; the author may have relied on it).
 */
export function policyWarnings(rules: readonly PolicyRule[], ops: readonly OperationRef[], basePath = ''): string[] {
  const out: string[] = [];
  const label = (r: PolicyRule) => `policy rule ${rules.indexOf(r) + 1} (${r.operation ?? `operationId ${r.operationId}`})`;
  for (const r of rules) {
    if (r.operation && !compiledOf(r)) out.push(`${label(r)} is not "METHOD /path": it can never match`);
  }
  if (ops.length === 0) return out;
  const decided = new Map<PolicyRule, string[]>();
  const reported = new Set<string>();
  for (const r of rules) {
    const covered = ops.filter((o) => ruleMatches(r, o, basePath));
    if (covered.length === 0) {
      if (!r.operation || compiledOf(r)) out.push(`${label(r)} matches no operation of the API${basePath ? ` (paths are ${basePath}/…, with or without ${basePath})` : ''}: it can never match`);
      continue;
    }
    for (const o of covered) {
      const winner = decidingRule(rules, o, basePath)!;
      // Appended in place (issue 10): copying the list per operation was quadratic on a 5,000-operation document.
      const list = decided.get(winner) ?? [];
      list.push(`${o.method} ${o.path}`);
      decided.set(winner, list);
      if (winner === r) continue;
      const key = `${rules.indexOf(r)}>${rules.indexOf(winner)}`;
      if (reported.has(key)) continue;
      if (compareSpecificity(winner, r) === 0 && !sameRoles(winner.allow, r.allow)) {
        reported.add(key);
        out.push(`${label(r)} is shadowed by ${label(winner)}: both are as specific for ${o.method} ${o.path}, so the first listed decides; merge them or make one more specific`);
      } else if (rules.indexOf(r) < rules.indexOf(winner) && !sameRoles(winner.allow, r.allow)) {
        reported.add(key);
        out.push(`${label(r)} comes before the more specific ${label(winner)}, which decides ${o.method} ${o.path} (the most specific rule wins, whatever the order)`);
      }
    }
  }
  for (const r of rules) {
    if (decided.has(r) || !ops.some((o) => ruleMatches(r, o, basePath))) continue;
    out.push(`${label(r)} decides nothing: every operation it matches is decided by a more specific rule`);
  }
  return out;
}

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
