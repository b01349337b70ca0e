// Path templates from recorded paths: /api/invoices/17 and /api/invoices/18
// are one operation, /api/invoices/{id}. A segment becomes a parameter when
// it looks like an identifier on its own (a number, a UUID, a hash, an
// ObjectId or ULID, a long random token, an email), when the app's own
// answers carry it as a value (a slug or username listed by an earlier
// GET), or when requests that agree on every other segment differ in it
// and one of the values has digits or dashes (comparing requests: two
// slugs). Fixed words beside ids stay literal: /api/invoices/export is its
// own operation. A parameter is named after the property that carried its
// value (slug, username), else id; nested ones after their collection
// (projectId) so a template never repeats a name.

export interface RecordedPath {
  method: string;
  path: string;
}

export interface Templated {
  template: string;
  /** Parameter name → the value this request had. */
  values: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const HEX = /^(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,64}$/i;
const OBJECT_ID = /^[0-9a-f]{24}$/i;
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** Prefixed ids (inv_8f3k2, cus_NffrFeUfNV2Hib): a short prefix, then random letters and digits. */
const PREFIXED = /^[a-z]{2,8}_(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{6,}$/;
/** Long random tokens (base64url, no dictionary words): 16+ characters mixing letters and digits. */
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/;
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/;
/** Worth comparing: a value with a digit, or a slug of several dashed words. */
const ID_ISH = /\d|^[a-z0-9]+(-[a-z0-9]+)+$/i;
/** API version segments and common fixed words are never parameters. */
const FIXED = /^(v\d+(\.\d+)?|api|rest|graphql|rpc|me|self|current)$/i;

/** Whether a segment is an identifier by its look alone. */
export function looksLikeId(seg: string): boolean {
  if (FIXED.test(seg)) return false;
  return NUMBER.test(seg) || UUID.test(seg) || OBJECT_ID.test(seg) || ULID.test(seg) || HEX.test(seg) || PREFIXED.test(seg) || EMAIL.test(seg) || TOKEN.test(seg);
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const singular = (w: string): string => w.replace(/ies$/i, 'y').replace(/(ses|xes)$/i, (m) => m.slice(0, -2)).replace(/s$/i, '');
const camel = (w: string): string => w.replace(/[-_]+([a-z0-9])/gi, (_m, c: string) => c.toUpperCase());

/**
 * Templates for every recorded path. `valueNames` maps a value seen in the
 * app's JSON answers to the property that carried it (hello-world → slug).
 */
export function templatePaths(paths: readonly RecordedPath[], valueNames: ReadonlyMap<string, string> = new Map()): Templated[] {
  const split = paths.map((p) => p.path.replace(/\/+$/, '').split('/').slice(1).map(decode));
  const isParam = split.map((segs) => segs.map((s) => looksLikeId(s) || (valueNames.has(s) && !FIXED.test(s))));
  // Comparing requests: same length, same other segments (with parameters already found), different values here.
  for (let round = 0; round < 3; round++) {
    let changed = false;
    const groups = new Map<string, number[]>();
    split.forEach((segs, i) => {
      segs.forEach((_s, pos) => {
        if (isParam[i]![pos]) return;
        const key = `${segs.length}|${pos}|${segs.map((s, j) => (j === pos ? '*' : isParam[i]![j] ? '{}' : s)).join('/')}`;
        groups.set(key, [...(groups.get(key) ?? []), i]);
      });
    });
    for (const [key, members] of groups) {
      const pos = Number(key.split('|')[1]);
      const values = new Set(members.map((i) => split[i]![pos]!));
      if (values.size < 2 || ![...values].some((v) => ID_ISH.test(v))) continue;
      for (const i of members) {
        const v = split[i]![pos]!;
        // Fixed words among ids keep their own operation (export beside 17, 18).
        if (!ID_ISH.test(v) && !valueNames.has(v)) continue;
        if (FIXED.test(v)) continue;
        isParam[i]![pos] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  // One name per parameter position of a shape, by the majority of the values' properties.
  const names = new Map<string, Map<string, number>>();
  const shapeOf = (i: number) => split[i]!.map((s, j) => (isParam[i]![j] ? '{}' : s)).join('/');
  split.forEach((segs, i) => {
    segs.forEach((s, pos) => {
      if (!isParam[i]![pos]) return;
      const key = `${shapeOf(i)}#${pos}`;
      const votes = names.get(key) ?? new Map<string, number>();
      const name = valueNames.get(s) ?? 'id';
      votes.set(name, (votes.get(name) ?? 0) + 1);
      names.set(key, votes);
    });
  });
  return split.map((segs, i) => {
    const shape = shapeOf(i);
    const params = segs.map((_s, pos) => pos).filter((pos) => isParam[i]![pos]);
    const chosen = params.map((pos) => {
      const votes = [...(names.get(`${shape}#${pos}`) ?? new Map<string, number>()).entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      return votes[0]?.[0] ?? 'id';
    });
    // Parameters before the last are named after their collection when the name would repeat or say nothing (id).
    const finalNames: string[] = [];
    chosen.forEach((n, k) => {
      let name = n;
      if (k < chosen.length - 1 && (n === 'id' || chosen.indexOf(n, k + 1) >= 0)) {
        const coll = segs[params[k]! - 1];
        name = coll && !looksLikeId(coll) ? `${camel(singular(coll))}Id` : n;
      }
      while (finalNames.includes(name)) name = `${n}${finalNames.length + 1}`;
      finalNames.push(name);
    });
    const values: Record<string, string> = {};
    const out = segs.map((s, pos) => {
      const k = params.indexOf(pos);
      if (k < 0) return encodeURIComponent(s).replace(/%40/g, '@');
      values[finalNames[k]!] = s;
      return `{${finalNames[k]!}}`;
    });
    return { template: `/${out.join('/')}`, values };
  });
}

/**
 * Values in a JSON answer that could fill a path parameter, with the
 * property that carried them: id-like properties (id, slug, username,
 * handle, key, code, uuid, *Id) of every object, three levels deep.
 */
export function valueNamesIn(json: unknown, out: Map<string, string> = new Map(), depth = 0): Map<string, string> {
  if (depth > 4 || json === null || typeof json !== 'object') return out;
  if (Array.isArray(json)) {
    for (const x of json.slice(0, 200)) valueNamesIn(x, out, depth + 1);
    return out;
  }
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if ((typeof v === 'string' && v.length > 0 && v.length <= 200 && !v.includes('/')) || (typeof v === 'number' && Number.isInteger(v))) {
      if (/^(id|_id|uuid|slug|username|user_?name|handle|key|login|sku|number)$/i.test(k) || /(Id|_id|Slug|_slug)$/.test(k)) {
        const s = String(v);
        // Short numbers are ids of everything; they need no name, and "1" must not make every /1 a {userId}.
        if (!(NUMBER.test(s) && /^(id|_id)$/i.test(k)) && !out.has(s)) out.set(s, /^(_id|uuid)$/i.test(k) ? 'id' : k.replace(/^_/, ''));
      }
    } else if (typeof v === 'object') valueNamesIn(v, out, depth + 1);
  }
  return out;
}
