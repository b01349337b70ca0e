// The policy builder of the target model (issue 12): with no API document
// and no recording, every `METHOD /path` line of the policy is an operation
// to probe. A line that names no single operation (a * wildcard, method *,
// an operationId without a document) is said in the notes, with why. Bodies
// are not known from the policy: learnBodies (learn-bodies.ts) fills them
// from what the app's own reads return.
import type { LaunchConfig } from '../config/schema.js';
import { ANONYMOUS } from '../config/policy.js';
import type { ApiOperation, Gathered } from '../evidence/types.js';
import { notTested, ok } from '../evidence/types.js';
import type { Contribution } from './model.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);

export function fromPolicy(config: LaunchConfig): Gathered<Contribution> {
  const operations: ApiOperation[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const [i, rule] of config.policy.entries()) {
    const label = `policy rule ${i + 1} (${rule.operation ?? `operationId ${rule.operationId}`})`;
    if (!rule.operation) {
      notes.push(`${label} names an operationId: without an API document it is not an operation to probe; write it as "METHOD /path"`);
      continue;
    }
    const m = /^\s*([A-Za-z*|,]+)\s+(\/\S*)\s*$/.exec(rule.operation);
    if (!m) continue; // policyWarnings says why it can never match.
    const path = (m[2] ?? '').replace(/\/+$/, '') || '/';
    if (path.includes('*')) {
      notes.push(`${label} has a * wildcard: it judges operations other inputs describe, but names none to probe; list the paths it covers`);
      continue;
    }
    const methods = (m[1] ?? '').toUpperCase().split(/[|,]/).filter(Boolean);
    if (methods.includes('*')) {
      notes.push(`${label} covers every method: name the methods (GET|DELETE …) to probe them`);
      continue;
    }
    for (const method of methods) {
      if (!METHODS.has(method)) continue;
      const key = `${method} ${path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const params = [...path.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]!);
      operations.push({
        method,
        path,
        publicInSpec: rule.allow.includes(ANONYMOUS),
        // Creates and updates take a JSON body (learnBodies fills it from the app's reads where it can); an action on an item
        // (POST /invoices/{id}/approve) and a DELETE take none.
        hasJsonBody: method === 'PUT' || method === 'PATCH' || (method === 'POST' && !/\}\/[^/{}]+$/.test(path)),
        expectationFrom: 'policy',
        ...(params.length ? { parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) } : {}),
      });
    }
  }
  if (operations.length === 0) {
    return notTested(config.policy.length ? `no policy rule names a single operation (${notes.length} need a document or a list of paths)` : 'no API document, HAR recording or policy rule names an operation', 'set api.openapi to your OpenAPI document, api.har to recordings of each role, or list "METHOD /path" rules under policy');
  }
  return ok({ source: 'policy', operations, notes });
}
