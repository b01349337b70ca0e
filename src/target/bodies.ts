// Request bodies the app accepts (issue 11): every documented property (a
// spec's `required` list is often incomplete or missing), the document's own
// examples where it gives them, wrappers as the schema says ({"article":
// {...}} is just a property), and every unique-looking field (titles, slugs,
// names, emails, usernames) unique per request: a marker plus a random
// suffix, never a constant, so a second create is not refused as a
// duplicate. The probes send `body(op, 'documented')` first and, when a
// create is refused with 400/422, `body(op, 'everything')` once.
import type { ApiOperation } from '../evidence/types.js';
import { merged, PROBE_MARK, validValue } from '../probe/schema-bodies.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Property names whose values apps commonly keep unique (a second create with the same value is refused). */
export const UNIQUE_NAME = /(^|_|-|[a-z])(title|slug|name|username|user_?name|login|handle|email|e_?mail|code|key|sku|isbn|domain|subdomain|phone|label|nickname)$/i;

const suffix = () => Math.random().toString(36).slice(2, 8);

/** A fresh unique value for a string property, within its schema's length bounds. */
export function uniqueString(name: string, schema: Obj = {}): string {
  if (schema.format === 'email' || /e_?mail/i.test(name)) return `${PROBE_MARK}+${suffix()}@example.com`;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : 64;
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const tail = `-${suffix()}`;
  // Slugs and usernames are often lower-case letters, digits and dashes only.
  let v = `${PROBE_MARK}${tail}`;
  if (v.length > max) v = `lp${tail}`.slice(0, Math.max(max, 1));
  while (v.length < min) v += 'x';
  return v;
}

/**
 * A value with every documented (writable) property: the property's
 * example or default where the document gives one, else a valid value of
 * its type (see validValue). Arrays get one item.
 */
export function documentedValue(schema: unknown, depth = 0): unknown {
  const s = merged(schema);
  const props = isObj(s.properties) ? s.properties : undefined;
  if (!props || depth > 6) {
    if (depth > 0 && s.example !== undefined) return s.example;
    return validValue(s, depth);
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(props)) {
    if (isObj(v) && v.readOnly === true) continue;
    const ps = merged(v);
    if (ps.type === 'array' || ps.items !== undefined) {
      out[k] = ps.example !== undefined ? ps.example : [documentedValue(ps.items, depth + 1)];
    } else {
      out[k] = documentedValue(ps, depth + 1);
    }
  }
  return out;
}

/** Replaces every unique-looking string (by property name) with a fresh value, deep. */
export function uniquify(value: unknown, schema?: unknown): unknown {
  const s = merged(schema);
  if (Array.isArray(value)) return value.map((v) => uniquify(v, s.items));
  if (!isObj(value)) return value;
  const props = isObj(s.properties) ? s.properties : {};
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    const ps = merged(props[k]);
    const enumerated = Array.isArray(ps.enum);
    if (typeof v === 'string' && UNIQUE_NAME.test(k) && !enumerated && ps.format !== 'uri' && ps.format !== 'date-time') out[k] = uniqueString(k, ps);
    else out[k] = uniquify(v, ps);
  }
  return out;
}

export type BodyAttempt = 'documented' | 'everything';

/**
 * The body of a write: 'documented' is the document's own example when it
 * has one, else every documented property; 'everything' is every documented
 * property with the example's values laid over it. Both with fresh unique
 * values. Undefined for an operation that takes no body.
 */
export function bodyFor(op: Pick<ApiOperation, 'requestSchema' | 'requestExample' | 'hasJsonBody'>, attempt: BodyAttempt = 'documented'): Obj | undefined {
  if (op.requestSchema === undefined && op.requestExample === undefined) return op.hasJsonBody ? {} : undefined;
  const documented = op.requestSchema !== undefined ? documentedValue(op.requestSchema) : {};
  const example = isObj(op.requestExample) ? op.requestExample : undefined;
  let base: unknown;
  if (attempt === 'documented') base = example ?? documented;
  else base = isObj(documented) && example ? deepMerge(documented, example) : (example ?? documented);
  const body = uniquify(base, op.requestSchema);
  return isObj(body) ? body : {};
}

function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k], v) : v;
  return out;
}

/** The body as the operation's media type wants it: JSON, or a form (nested objects as a[b]). */
export function encodeBody(op: Pick<ApiOperation, 'requestContentType'>, body: Obj): { headers: Record<string, string>; body: string } {
  const type = op.requestContentType;
  if (type && type.includes('x-www-form-urlencoded')) return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formPairs(body).join('&') };
  return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function formPairs(obj: Obj, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (isObj(v)) return formPairs(v, key);
    if (Array.isArray(v)) return v.map((x) => `${encodeURIComponent(`${key}[]`)}=${encodeURIComponent(String(x))}`);
    return v === undefined || v === null ? [] : [`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`];
  });
}

/** Free-text fields, best first: a title or name often derives the item's key (a slug), so it comes last. */
const MARKER_NAMES = ['description', 'body', 'bio', 'note', 'notes', 'memo', 'comment', 'message', 'text', 'content', 'summary', 'customer', 'label', 'name', 'title'];
/** Never a marker field: changing these on one's own account changes how it signs in. */
const CREDENTIAL_NAME = /(password|passwd|email|e_?mail|username|user_?name|login|token|secret)/i;

/**
 * Where a write's recognisable marker goes: a free-text property (name,
 * title, description, bio…), at the top level or inside a one-property
 * wrapper ({"user": {"bio": …}} → ['user', 'bio']). Never a credential
 * property. Undefined when the schema has no such text field.
 */
export function markerPath(schema: unknown): string[] | undefined {
  const s = merged(schema);
  const props = isObj(s.properties) ? s.properties : {};
  const text = ([k, v]: [string, unknown]) => {
    const p = merged(v);
    return !CREDENTIAL_NAME.test(k) && p.readOnly !== true && (p.type === 'string' || p.type === undefined) && p.enum === undefined && p.format === undefined && !isObj(p.properties);
  };
  const entries = Object.entries(props);
  const rank = (k: string) => {
    const i = MARKER_NAMES.indexOf(k.toLowerCase());
    return i < 0 ? MARKER_NAMES.length : i;
  };
  const here = entries.filter(text).sort((a, b) => rank(a[0]) - rank(b[0]))[0];
  if (here) return [here[0]];
  if (entries.length === 1 && isObj(merged(entries[0]![1]).properties)) {
    const inner = markerPath(entries[0]![1]);
    return inner ? [entries[0]![0], ...inner] : undefined;
  }
  return undefined;
}

/** The one-property wrapper a schema puts its fields in ({"article": {...}} → 'article'), if it does. */
export function wrapperOf(schema: unknown): string | undefined {
  const s = merged(schema);
  const props = isObj(s.properties) ? Object.entries(s.properties) : [];
  return props.length === 1 && isObj(merged(props[0]![1]).properties) ? props[0]![0] : undefined;
}

/** Sets a value at a path, creating objects on the way; returns the body. */
export function setAt(body: Obj, path: readonly string[], value: unknown): Obj {
  let cur = body;
  path.forEach((k, i) => {
    if (i === path.length - 1) cur[k] = value;
    else {
      if (!isObj(cur[k])) cur[k] = {};
      cur = cur[k] as Obj;
    }
  });
  return body;
}

/** Property names a schema (or its one wrapper) requires. */
export function requiredOf(schema: unknown): string[] {
  const s = merged(schema);
  const own = Array.isArray(s.required) ? s.required.map(String) : [];
  const w = wrapperOf(s);
  const inner = w && isObj(s.properties) ? merged(s.properties[w]) : undefined;
  return [...own, ...(inner && Array.isArray(inner.required) ? inner.required.map(String) : [])];
}
