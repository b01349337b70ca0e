// Request bodies the app really accepted, as the target model keeps them:
// the first accepted body as the operation's sample (requestExample), and a
// JSON schema inferred from every accepted body (requestSchema), so the
// probes' body builders treat a recorded operation like a documented one.
// Credentials are taken out first (a recorded password never becomes a
// template), and values that must be fresh on every write (emails, and
// unique-looking names: titles, slugs, usernames) carry no example, so the
// builders make a new one each time instead of replaying the recorded one.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI = /^https?:\/\//i;
/** Names whose values apps commonly keep unique: a replayed value would be refused as a duplicate. */
const UNIQUE = /(^|_|-|[a-z])(title|slug|name|username|user_?name|login|handle|email|e_?mail|code|sku|subdomain|domain|phone|nickname)$/i;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** One property's schema from the values it had in several accepted bodies. */
function schemaOfValues(name: string, values: unknown[], depth: number): Obj {
  const present = values.filter((v) => v !== undefined);
  const types = [...new Set(present.map(typeName))].filter((t) => t !== 'null');
  const nullable = present.some((v) => v === null);
  const type = types.includes('number') && types.includes('integer') ? 'number' : types[0];
  const out: Obj = {};
  if (type) out.type = nullable ? [type, 'null'] : type;
  if (type === 'object') return { ...out, ...schemaOfObjects(present.filter(isObj), depth + 1) };
  if (type === 'array') {
    const items = present.filter(Array.isArray).flat();
    out.items = items.length ? schemaOfValues(name, items, depth + 1) : {};
    if (Array.isArray(present[0])) out.example = present[0];
    return out;
  }
  const first = present.find((v) => v !== null);
  if (type === 'string' && typeof first === 'string') {
    if (EMAIL.test(first)) return { ...out, format: 'email' };
    if (UUID.test(first)) out.format = 'uuid';
    else if (DATE_TIME.test(first)) out.format = 'date-time';
    else if (DATE.test(first)) out.format = 'date';
    else if (URI.test(first)) out.format = 'uri';
    // A fresh value per write for names that are usually unique; the rest (a status, a currency, a foreign key) replayed as recorded.
    if (UNIQUE.test(name) && !out.format) return out;
  }
  if (first !== undefined) out.example = first;
  return out;
}

function schemaOfObjects(objs: Obj[], depth: number): Obj {
  if (depth > 6 || objs.length === 0) return { type: 'object' };
  const keys = [...new Set(objs.flatMap((o) => Object.keys(o)))];
  const properties: Obj = {};
  for (const k of keys) properties[k] = schemaOfValues(k, objs.map((o) => o[k]), depth);
  // Required: what every accepted body had (a field the app needed was in all of them).
  const required = keys.filter((k) => objs.every((o) => k in o));
  return { type: 'object', properties, required };
}

/** A JSON schema that every one of `bodies` satisfies, with examples from the first. Undefined when none is an object. */
export function inferSchema(bodies: readonly unknown[]): Obj | undefined {
  const objs = bodies.filter(isObj);
  return objs.length ? schemaOfObjects(objs, 0) : undefined;
}
