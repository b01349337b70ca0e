// Request bodies from JSON schemas: one valid body, and the schema-negative
// variants request validation must refuse. Our own small generator rather than
// a faker library: we need deterministic, minimal bodies (so a created object is
// easy to recognise and clean up) and exact control over each broken variant.
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Marker written into generated strings, so objects the probes create are recognisable. */
export const PROBE_MARK = 'launchready-probe';

export interface BodyVariant {
  variant: string;
  /** Which property it breaks, where one applies. */
  property?: string;
  body: string;
  contentType: string;
}

function typeOf(schema: Obj): string | undefined {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  if (typeof t === 'string') return t;
  if (isObj(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}

/** A schema with its allOf parts and first oneOf/anyOf branch folded in: one object to read properties and required from. */
export function merged(schema: unknown): Obj {
  if (!isObj(schema)) return {};
  const all = Array.isArray(schema.allOf) ? schema.allOf.filter(isObj) : [];
  const first = [schema.oneOf, schema.anyOf].find(Array.isArray)?.find(isObj);
  if (!all.length && !first) return schema;
  const parts = [schema, ...all.map(merged), ...(first ? [merged(first)] : [])];
  return {
    ...Object.assign({}, ...parts),
    properties: Object.assign({}, ...parts.map((p) => (isObj(p.properties) ? p.properties : {}))),
    required: [...new Set(parts.flatMap((p) => (Array.isArray(p.required) ? p.required : [])))],
  };
}

/** A minimal valid value: required properties only (plus none optional), honouring enums, formats and bounds. */
export function validValue(schema: unknown, depth = 0): unknown {
  const s = merged(schema);
  if (s.example !== undefined && depth > 0) return s.example;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  if (s.const !== undefined) return s.const;
  switch (typeOf(s)) {
    case 'object': {
      if (depth > 6) return {};
      const props = isObj(s.properties) ? s.properties : {};
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      const out: Obj = {};
      for (const [k, v] of Object.entries(props)) {
        if (isObj(v) && v.readOnly === true) continue;
        if (required.includes(k)) out[k] = validValue(v, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: Math.max(min, 1) }, () => validValue(s.items, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : Infinity;
      return Math.min(Math.max(min, 1), max);
    }
    case 'boolean':
      return false;
    case 'string':
      return stringFor(s);
    default:
      return PROBE_MARK;
  }
}

function stringFor(s: Obj): string {
  const format = typeof s.format === 'string' ? s.format : '';
  if (format === 'email') return `${PROBE_MARK}+${Math.random().toString(36).slice(2, 8)}@example.com`;
  if (format === 'date-time') return '2030-01-01T00:00:00Z';
  if (format === 'date') return '2030-01-01';
  if (format === 'uri' || format === 'url') return 'https://example.com/';
  if (format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : 64;
  let v = PROBE_MARK;
  while (v.length < min) v += '-x';
  return v.slice(0, Math.max(max, min));
}

export function propertiesOf(schema: unknown): { name: string; schema: Obj; required: boolean }[] {
  const s = merged(schema);
  const props = isObj(s.properties) ? s.properties : {};
  const required = Array.isArray(s.required) ? (s.required as string[]) : [];
  return Object.entries(props).map(([name, v]) => ({ name, schema: merged(v), required: required.includes(name) }));
}

function wrongTypeValue(s: Obj): unknown {
  switch (typeOf(s)) {
    case 'string':
      return { [PROBE_MARK]: true };
    case 'integer':
    case 'number':
      return 'not-a-number';
    case 'boolean':
      return 'not-a-boolean';
    case 'array':
      return 'not-an-array';
    case 'object':
      return 12345;
    default:
      return undefined;
  }
}

const OVERSIZE_STRING = 100_000;
let huge: string | undefined;
/** One 2 MB body, built once: a body-size limit is app-wide middleware, so a few operations prove it. */
function hugeBody(): string {
  huge ??= JSON.stringify({ padding: 'x'.repeat(HUGE_BODY_BYTES) });
  return huge;
}
const OVERSIZE_ARRAY = 10_000;
/** Larger than any sane JSON body limit (Express' default is 100 kB). */
export const HUGE_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The schema-negative variants, each of which a validating API must refuse
 * with 4xx: wrong types, missing required fields, unknown fields, oversize
 * strings and arrays, invalid JSON, a wrong content type, a huge body.
 * `base` is a valid body (e.g. with real ids filled in) the variants start from.
 */
export function negativeVariants(schema: unknown, base: Obj, opts: { hugeBody?: boolean } = {}): BodyVariant[] {
  const json = 'application/json';
  const out: BodyVariant[] = [];
  const props = propertiesOf(schema).filter((p) => p.schema.readOnly !== true);
  const typed = props.find((p) => p.required && wrongTypeValue(p.schema) !== undefined) ?? props.find((p) => wrongTypeValue(p.schema) !== undefined);
  if (typed) out.push({ variant: 'wrong-type', property: typed.name, body: JSON.stringify({ ...base, [typed.name]: wrongTypeValue(typed.schema) }), contentType: json });
  const req = props.find((p) => p.required);
  if (req) {
    const rest = { ...base };
    delete rest[req.name];
    out.push({ variant: 'missing-required', property: req.name, body: JSON.stringify(rest), contentType: json });
  }
  const str = props.find((p) => typeOf(p.schema) === 'string' && p.schema.enum === undefined && p.schema.format === undefined);
  if (str) {
    const limit = typeof str.schema.maxLength === 'number' ? str.schema.maxLength : undefined;
    out.push({
      variant: 'oversize-string',
      property: str.name,
      body: JSON.stringify({ ...base, [str.name]: 'x'.repeat(Math.max(OVERSIZE_STRING, (limit ?? 0) + 1)) }),
      contentType: json,
    });
  }
  const arr = props.find((p) => typeOf(p.schema) === 'array');
  if (arr) {
    const item = validValue(arr.schema.items);
    out.push({ variant: 'oversize-array', property: arr.name, body: JSON.stringify({ ...base, [arr.name]: Array.from({ length: OVERSIZE_ARRAY }, () => item) }), contentType: json });
  }
  out.push({ variant: 'invalid-json', body: '{"launchready": "malformed",', contentType: json });
  out.push({ variant: 'wrong-content-type', body: `<launchready>${PROBE_MARK}</launchready>`, contentType: 'application/xml' });
  if (opts.hugeBody !== false) out.push({ variant: 'huge-body', body: hugeBody(), contentType: json });
  return out;
}
