// The access policy: which roles may call which operations. Rules are tried
// in order and the first match wins, like a firewall, so a specific rule
// placed before a wildcard one overrides it.
import type { PolicyRule } from './schema.js';

export const ANONYMOUS = 'anonymous';

export interface OperationRef {
  method: string;
  path: string;
  operationId?: string;
}

const compiled = new WeakMap<PolicyRule, { methods: Set<string> | '*'; path: RegExp } | null>();

function compile(rule: PolicyRule): { methods: Set<string> | '*'; path: RegExp } | null {
  if (!rule.operation) return null;
  const m = /^\s*([A-Za-z*|,]+)\s+(\S+)\s*$/.exec(rule.operation);
  if (!m) return null;
  const methodPart = (m[1] ?? '').toUpperCase();
  const methods = methodPart === '*' ? '*' : new Set(methodPart.split(/[|,]/).filter(Boolean));
  const source = (m[2] ?? '')
    .replace(/\/+$/, '')
    .split(/(\{[^}]+\}|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (/^\{[^}]+\}$/.test(part)) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { methods, path: new RegExp(`^${source}/?$`) };
}

export function ruleMatches(rule: PolicyRule, op: OperationRef): boolean {
  if (rule.operationId) return rule.operationId === op.operationId;
  let c = compiled.get(rule);
  if (c === undefined) {
    c = compile(rule);
    compiled.set(rule, c);
  }
  if (!c) return false;
  if (c.methods !== '*' && !c.methods.has(op.method.toUpperCase())) return false;
  return c.path.test(op.path.replace(/\/+$/, ''));
}

/** Roles the policy allows for an operation, or undefined when no rule covers it. */
export function allowedRoles(rules: readonly PolicyRule[], op: OperationRef): string[] | undefined {
  return rules.find((r) => ruleMatches(r, op))?.allow;
}
