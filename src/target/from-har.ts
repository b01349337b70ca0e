// The HAR builder of the target model (issue 12): operations from recordings
// of the app in use, one per role (see har/traffic.ts for how they are read).
// Each operation carries the body the app accepted (as its sample and an
// inferred schema), whether it answered without credentials, and which
// roles' recordings did it (observedBy); the ids each role used become seeds.
// With an API document as well, a recorded path takes the document's own
// template (/invoices/{invoiceId} for /invoices/17) so both inputs describe
// one operation, and the recorded operations the document lacks are listed.
import type { ApiOperation } from '../evidence/types.js';
import { inferSchema } from './har/bodies.js';
import { ANONYMOUS_RECORDING, type Traffic, type TrafficOperation } from './har/traffic.js';
import { subjectOf } from './identifiers.js';
import type { Contribution, IdSeed } from './model.js';

const shape = (path: string): string => path.replace(/\/+$/, '').replace(/\{[^}]+\}/g, '{}');

/** The document operation a recorded one is, by method and path shape ({id} and {invoiceId} alike), with or without the base path. */
export function documentedAs(op: { method: string; path: string }, documented: readonly ApiOperation[], basePath = ''): ApiOperation | undefined {
  const s = shape(op.path);
  return documented.find((d) => d.method === op.method && (shape(d.path) === s || (basePath !== '' && shape(basePath + d.path) === s)));
}

function toOperation(op: TrafficOperation): ApiOperation {
  const accepted = op.calls.filter((c) => c.status >= 200 && c.status < 400 && c.body !== undefined);
  const bodies = accepted.map((c) => c.body!);
  const schema = inferSchema(bodies);
  const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const form = accepted.some((c) => c.form);
  return {
    method: op.method,
    path: op.path,
    publicInSpec: op.anonymousOk,
    hasJsonBody: bodies.length > 0 && !form,
    expectationFrom: 'spec',
    ...(params.length ? { parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) } : {}),
    ...(schema ? { requestSchema: schema } : {}),
    ...(bodies[0] ? { requestExample: bodies[0] } : {}),
    ...(form ? { requestContentType: 'application/x-www-form-urlencoded' } : {}),
    observedBy: [...op.observedBy],
  };
}

/** Ids each role really used: the first path parameter of each successful call, with the object a read returned. `path` is the operation's template in the model. */
function seedsOf(op: TrafficOperation, path: string): IdSeed[] {
  const first = /^(.*?)\/\{([^}]+)\}/.exec(op.path);
  const collection = /^(.*?)\/\{/.exec(path)?.[1];
  if (!first || collection === undefined) return [];
  const out: IdSeed[] = [];
  for (const c of op.calls) {
    const value = c.values[first[2]!];
    if (!c.role || c.role === ANONYMOUS_RECORDING || value === undefined || c.status < 200 || c.status >= 300) continue;
    if (out.some((s) => s.role === c.role && s.value === value)) continue;
    const item = op.method === 'GET' && op.path.endsWith('}') ? subjectOf(c.response) : undefined;
    out.push({ collection: collection || '/', role: c.role, value, ...(item ? { item } : {}) });
  }
  return out;
}

export interface HarContribution {
  contribution: Contribution;
  /** "METHOD /path" of recorded operations the API document does not have (empty without a document). */
  undocumented: string[];
}

/**
 * The recordings as a contribution to the target model. `documented` are
 * the operations of the API document, when there is one (its templates win).
 */
export function fromTraffic(traffic: Traffic, documented: readonly ApiOperation[] = [], basePath = ''): HarContribution {
  const undocumented: string[] = [];
  const seeds: IdSeed[] = [];
  const operations = traffic.operations.map((t) => {
    const op = toOperation(t);
    const doc = documented.length ? documentedAs(op, documented, basePath) : undefined;
    if (documented.length && !doc) undocumented.push(`${op.method} ${op.path}`);
    const aligned = doc ? { ...op, path: doc.path, ...(doc.parameters ? { parameters: doc.parameters } : {}) } : op;
    seeds.push(...seedsOf(t, aligned.path));
    return aligned;
  });
  // An object the recording deleted is no id to probe with.
  const gone = new Set(traffic.operations.filter((o) => o.method === 'DELETE').flatMap((o) => o.calls.filter((c) => c.status >= 200 && c.status < 300).flatMap((c) => Object.values(c.values))));
  const live = seeds.filter((s) => !gone.has(s.value));
  const roles = [...new Set(traffic.recordings.map((r) => r.role).filter((r): r is string => Boolean(r) && r !== ANONYMOUS_RECORDING))];
  const notes = [...traffic.notes];
  if (traffic.authFlows.length) notes.push(`recorded sign-in and account requests are not probed as operations: ${traffic.authFlows.join(', ')}`);
  return {
    contribution: {
      source: `har ${traffic.recordings.map((r) => r.file).join(', ')}`,
      operations,
      seeds: live,
      notes,
      recordedRoles: roles,
    },
    undocumented: undocumented.sort(),
  };
}
