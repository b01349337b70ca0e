// The target model: one picture of the app that every prober reads (access,
// abuse and AI probes alike): its operations (method, path with the base
// path, body schema and sample), the API's base path, the collections its
// items live in (which path parameter names an item, which property names
// its owner), and ids known before probing. Builders turn an input into a
// Contribution (today the OpenAPI/Swagger document, see from-openapi.ts;
// HAR recordings and the policy's own lines are more builders of the same
// shape) and buildTarget merges them, so a prober never re-derives these
// facts and never special-cases one input.
import { ANONYMOUS, expectedCallers } from '../config/policy.js';
import type { LaunchConfig } from '../config/schema.js';
import type { ApiOperation, Gathered } from '../evidence/types.js';
import { failed, notTested, ok } from '../evidence/types.js';
import { withoutBase } from './url.js';

/** An id one role is known to own before probing (e.g. seen in its HAR recording). */
export interface IdSeed {
  /** The collection path it belongs to (/api/invoices). */
  collection: string;
  role: string;
  value: string;
  /** The object itself, where the input carried it. */
  item?: Record<string, unknown>;
}

/** What one input says about the app. Operation paths include the base path. */
export interface Contribution {
  /** "openapi demo/openapi.json", "har owner.har", "policy". */
  source: string;
  basePath?: string;
  operations: ApiOperation[];
  seeds?: IdSeed[];
  notes?: string[];
  /** Roles that have a recording (HAR builder): an operation none of them did is, for the others, not theirs to do (see trafficCallers). */
  recordedRoles?: string[];
}

/** A collection of items addressed by one path parameter. */
export interface Collection {
  /** /api/articles (base path included). */
  path: string;
  /** /api/articles/{slug}, where the API has an item route. */
  item?: string;
  /** The parameter naming an item (slug); 'id' when the API has no item route. */
  param: string;
  /** The item property that fills the parameter, when the config names it (api.collections.*.id). */
  idProperty?: string;
  /** The property naming the owner, when the config names it (api.collections.*.owner); otherwise learned at run time. */
  ownerProperty?: string;
}

export interface TargetModel {
  sources: string[];
  /** '' for the origin root, else /api or /api/v1. */
  basePath: string;
  operations: ApiOperation[];
  collections: Collection[];
  /** The "who am I" read (GET /me, /user, /whoami, /session, /profile, /account), where the API has one. */
  me?: ApiOperation;
  seeds: IdSeed[];
  notes: string[];
}

const ME_PATH = /\/(me|whoami|session|user|profile|account)\/?$/i;

/** Builds the model from whichever inputs succeeded; not-tested or error (with every input's reason) when none did. */
export function buildTarget(config: LaunchConfig, inputs: readonly Gathered<Contribution>[]): Gathered<TargetModel> {
  const usable = inputs.filter((i): i is { state: 'ok'; value: Contribution } => i.state === 'ok');
  if (usable.length === 0) {
    const errors = inputs.filter((i) => i.state === 'error');
    const reasons = inputs.map((i) => (i.state === 'ok' ? '' : i.reason)).filter(Boolean);
    if (errors.length) return failed(errors.map((e) => (e.state === 'error' ? e.reason : '')).join('; '));
    return notTested(reasons.join('; ') || 'no API document, recording or policy to build the operations from');
  }
  const documented = usable.map((u) => u.value.basePath ?? '').find(Boolean) ?? '';
  // api.basePath (this deployment's) replaces the document's: every path is rebased once, here.
  const override = config.api.basePath === undefined ? undefined : config.api.basePath.replace(/\/+$/, '');
  const basePath = override ?? documented;
  const rebase = (p: string) => (override === undefined ? p : `${override}${withoutBase(p, documented)}`);
  const roles = Object.keys(config.auth.roles);
  const byKey = new Map<string, ApiOperation>();
  const describedBy = new Map<string, string>();
  for (const { value } of usable) {
    for (const raw of value.operations) {
      const op = { ...raw, path: rebase(raw.path) };
      const key = `${op.method} ${op.path.replace(/\/+$/, '') || '/'}`;
      const seen = byKey.get(key);
      if (!seen) describedBy.set(key, value.source);
      // The first input that names an operation describes it; later ones fill what it left out (a body schema, a sample, who was seen calling it).
      byKey.set(key, seen ? { ...op, ...seen, requestSchema: seen.requestSchema ?? op.requestSchema, requestExample: seen.requestExample ?? op.requestExample, ...((seen.observedBy ?? op.observedBy) ? { observedBy: seen.observedBy ?? op.observedBy } : {}) } : op);
    }
  }
  const recorded = [...new Set(usable.flatMap((u) => u.value.recordedRoles ?? []))];
  // Every input's operations judged by the same policy, the same way; an operation only recordings know is judged by them where no rule covers it.
  const operations = [...byKey.entries()].map(([key, op]) => {
    const callers = expectedCallers(config.policy, op, roles, basePath);
    const fromTraffic = callers.expectationFrom === 'spec' && describedBy.get(key)?.startsWith('har ') ? trafficCallers(op, roles, recorded) : undefined;
    return { ...op, ...(fromTraffic ?? callers) };
  });
  const me = operations.find((o) => o.method === 'GET' && !o.path.includes('{') && ME_PATH.test(o.path));
  return ok({
    sources: usable.map((u) => u.value.source),
    basePath,
    operations,
    collections: collectionsOf(operations, basePath, config.api.collections ?? {}),
    ...(me ? { me } : {}),
    seeds: usable.flatMap((u) => u.value.seeds ?? []),
    notes: usable.flatMap((u) => u.value.notes ?? []),
  });
}

/**
 * Who may call an operation that only recordings describe and no policy rule
 * covers: anyone when a call without credentials succeeded; for a write,
 * the recorded roles that did it, when at least two roles were recorded
 * (one recording alone says nothing about what others may not do); for a
 * read, every role (not visiting a page in one recording is no rule). The
 * report says these rules were inferred from the recordings; a policy line
 * (launchready init --har drafts them) replaces the inference.
 */
export function trafficCallers(op: ApiOperation, roles: readonly string[], recorded: readonly string[]): Pick<ApiOperation, 'allowedRoles' | 'expectationFrom'> {
  if (op.publicInSpec) return { allowedRoles: [ANONYMOUS, ...roles], expectationFrom: 'traffic' };
  const write = op.method !== 'GET' && op.method !== 'HEAD';
  const seen = (op.observedBy ?? []).filter((r) => roles.includes(r));
  const judged = recorded.filter((r) => roles.includes(r));
  if (write && judged.length >= 2 && seen.length > 0) {
    // Roles without a recording are not judged by one: they keep the benefit of the doubt.
    return { allowedRoles: [...new Set([...seen, ...roles.filter((r) => !judged.includes(r))])], expectationFrom: 'traffic' };
  }
  return { allowedRoles: [...roles], expectationFrom: 'traffic' };
}

/**
 * The collections of the API: every path whose next segment is a parameter
 * (/api/articles for /api/articles/{slug} and /api/articles/{slug}/favorite;
 * /api/articles/{slug}/comments, a nested one, for …/comments/{id}),
 * plus lists and creates with no item route (param 'id'), and the config's
 * hints keyed by either the collection or its item path, with or without
 * the base path.
 */
export function collectionsOf(ops: readonly ApiOperation[], basePath: string, hints: Record<string, { id?: string; owner?: string }>): Collection[] {
  const out = new Map<string, Collection>();
  // The item route as the API writes it (Django's trailing slash included): from an operation that ends at the parameter.
  const sorted = [...ops].sort((a, b) => Number(/\}\/?$/.test(b.path)) - Number(/\}\/?$/.test(a.path)));
  // Every parameter indexes a collection: /articles/{slug}/comments/{id} gives /articles and the nested /articles/{slug}/comments.
  for (const op of sorted) {
    for (const m of op.path.matchAll(/\/\{([^}]+)\}/g)) {
      const prefix = op.path.slice(0, m.index);
      const path = prefix || '/';
      const endsHere = /^\/?$/.test(op.path.slice(m.index + m[0].length));
      if (!out.has(path)) out.set(path, { path, item: endsHere ? op.path : `${prefix}/{${m[1]}}`, param: m[1] ?? 'id' });
    }
  }
  for (const op of ops) {
    const path = op.path.replace(/\/+$/, '');
    if (!path.includes('{') && (op.method === 'GET' || op.method === 'POST') && !out.has(path)) out.set(path, { path, param: 'id' });
  }
  for (const [key, hint] of Object.entries(hints)) {
    const k = key.replace(/\/+$/, '');
    const c = [...out.values()].find((x) => [x.path, x.item].some((p) => p !== undefined && (p === k || withoutBase(p, basePath) === k)));
    if (!c) continue;
    if (hint.id) c.idProperty = hint.id;
    if (hint.owner) c.ownerProperty = hint.owner;
  }
  return [...out.values()];
}
