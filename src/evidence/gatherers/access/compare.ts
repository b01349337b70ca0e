// How probes tell "the same data" and "the object changed" apart, without
// being fooled by timestamps or by an empty, filtered answer.
import { parseJson, readField } from './context.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const VOLATILE = /^(updated_?at|modified_?at|last_?seen|etag|version|requestId|request_id|now|time(stamp)?)$/i;

function idsIn(json: unknown): Set<string> {
  const out = new Set<string>();
  const list = Array.isArray(json) ? json : isObj(json) ? (Object.values(json).find(Array.isArray) ?? [json]) : [];
  for (const it of list as unknown[]) {
    const id = isObj(it) ? (it.id ?? it.uuid) : undefined;
    if (typeof id === 'string' || typeof id === 'number') out.add(String(id));
  }
  return out;
}

/**
 * True when `attack` carries the data `baseline` showed: a shared id, or the
 * same non-empty body. An empty list or a different object is not a leak.
 */
export function sameData(baselineBody: string, attackBody: string): boolean {
  const a = parseJson(baselineBody);
  const b = parseJson(attackBody);
  if (a === undefined || b === undefined) return attackBody.trim().length > 0 && attackBody === baselineBody;
  const ia = idsIn(a);
  const ib = idsIn(b);
  if (ia.size && ib.size) return [...ib].some((id) => ia.has(id));
  // Rows without ids (an audit trail, a feed): one identical row is the data. Whole-list
  // equality would miss a leak whenever a concurrent write appended a row between the calls.
  if (Array.isArray(b)) {
    const seen = new Set(Array.isArray(a) ? a.map(stable) : []);
    return b.some((row) => seen.has(stable(row)));
  }
  return isObj(b) && Object.keys(b).length > 0 && stable(a) === stable(b);
}

/** The object's content with volatile fields dropped, for before/after comparison. */
export function stable(json: unknown): string {
  const obj = isObj(json) && isObj(json.data) ? json.data : json;
  return JSON.stringify(obj, (k, v: unknown) => (k && VOLATILE.test(k) ? undefined : v));
}

export function changed(beforeBody: string, afterBody: string): boolean {
  const a = parseJson(beforeBody);
  const b = parseJson(afterBody);
  if (a === undefined || b === undefined) return beforeBody !== afterBody;
  return stable(a) !== stable(b);
}

export function fieldOf(body: string, name: string): unknown {
  const json = parseJson(body);
  const obj = isObj(json) && isObj(json.data) ? json.data : isObj(json) && isObj(json.user) ? json.user : json;
  return readField(obj, name);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Did a write take effect, judged from reads before and after it? A DELETE
 * needs the object there before and a 404/410 after; a change needs two
 * successful reads that differ. Anything else (a failed read, a 401 from an
 * expired session) is unknown, never a finding.
 */
export function effectOf(
  method: string,
  before: { exchange: { response?: { status: number } }; body: string } | undefined,
  after: { exchange: { response?: { status: number } }; body: string } | undefined,
): boolean | null {
  const b = before?.exchange.response?.status;
  const a = after?.exchange.response?.status;
  if (b === undefined || a === undefined || b < 200 || b >= 300) return null;
  if (method === 'DELETE') return a === 404 || a === 410 ? true : a >= 200 && a < 300 ? false : null;
  if (a < 200 || a >= 300) return null;
  return changed(before!.body, after!.body);
}
