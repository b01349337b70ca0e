// How probes tell "the same data" and "the object changed" apart, without
// being fooled by timestamps or by an empty, filtered answer.
import type { HttpExchange } from '../../types.js';
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

// ---- Is a 2xx "the same kind of answer"? (issue 10: controls) ----

/** Top-level keys that mark a JSON answer as an error report rather than data. */
const ERROR_KEYS = /^(error|errors|error_?description|error_?code|fault)$/i;
const AUTH_WORDS = /auth|token|log ?in|sign ?in|credential|session|unauthori[sz]ed|unauthenticated|forbidden|permission|denied|not allowed|expired/i;
const LOGIN_PAGE = /<input[^>]+type=["']?password|<form[^>]+(log-?in|sign-?in|session|auth)|<title>[^<]*(log ?in|sign ?in)/i;

const mediaType = (ex: HttpExchange) => (ex.response?.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/**
 * What a 2xx answer carries: `data`, an `error-object` (`{"error": …}`,
 * `{"success": false}`, a `message` naming authentication, a nested
 * 401/403), the `login-page` HTML, or nothing (`empty`). Judged on the
 * stored (masked, possibly cut) body.
 */
export function answerKind(ex: HttpExchange): 'data' | 'error-object' | 'login-page' | 'empty' {
  const body = ex.response?.body ?? '';
  if (body.trim() === '') return 'empty';
  if (/html/.test(mediaType(ex)) || /^\s*<(!doctype|html)/i.test(body)) return LOGIN_PAGE.test(body) ? 'login-page' : 'data';
  const json = parseJson(body);
  if (!isObj(json)) return 'data';
  const keys = Object.keys(json);
  if (keys.some((k) => ERROR_KEYS.test(k) && json[k] !== null && json[k] !== false && json[k] !== '')) return 'error-object';
  if (json.success === false || json.ok === false || json.authenticated === false) return 'error-object';
  const nested = [json.status, json.code, json.statusCode].find((v) => typeof v === 'number' || (typeof v === 'string' && /^\d{3}$/.test(v)));
  if (nested !== undefined && Number(nested) >= 400) return 'error-object';
  const msg = [json.message, json.msg, json.detail].find((v) => typeof v === 'string') as string | undefined;
  // A short object that is mostly a message about authentication: {"message": "Please log in", "status": "fail"}.
  if (msg && AUTH_WORDS.test(msg) && keys.length <= 3) return 'error-object';
  return 'data';
}

/**
 * Whether `attack` (a 2xx to a caller who should be refused) is the same
 * kind of answer an allowed caller got in `baseline`: the status alone is not
 * enough, since many apps answer 200 with an error object or the login page.
 * Compares the kind, the content type, the JSON shape (array vs object,
 * shared top-level keys) and the size (an empty list where the baseline had
 * rows carries nothing). `why` says what differed.
 */
export function sameKindOfAnswer(baseline: HttpExchange | undefined, attack: HttpExchange | undefined): { same: boolean; why?: string } {
  const bs = baseline?.response?.status;
  const as = attack?.response?.status;
  if (!baseline || !attack || bs === undefined || as === undefined) return { same: false, why: 'no answer to compare' };
  if (as < 200 || as >= 300) return { same: false, why: `answered ${as}` };
  const ak = answerKind(attack);
  const bk = answerKind(baseline);
  if (ak !== 'data' && ak !== bk) return { same: false, why: ak === 'login-page' ? 'a 2xx carrying the login page' : ak === 'error-object' ? 'a 2xx carrying an error object' : 'an empty 2xx' };
  const [bt, at] = [mediaType(baseline), mediaType(attack)];
  if (bt && at && bt !== at) return { same: false, why: `content type ${at}, the allowed caller got ${bt}` };
  const [bj, aj] = [parseJson(baseline.response?.body ?? ''), parseJson(attack.response?.body ?? '')];
  if (bj !== undefined && aj !== undefined) {
    if (Array.isArray(bj) !== Array.isArray(aj)) return { same: false, why: Array.isArray(aj) ? 'a list where the allowed caller got an object' : 'an object where the allowed caller got a list' };
    if (Array.isArray(aj) && Array.isArray(bj) && aj.length === 0 && bj.length > 0) return { same: false, why: 'an empty list' };
    if (isObj(aj) && isObj(bj)) {
      const bkeys = new Set(Object.keys(bj));
      const shared = Object.keys(aj).filter((k) => bkeys.has(k));
      if (bkeys.size > 0 && shared.length === 0) return { same: false, why: `different keys (${Object.keys(aj).slice(0, 4).join(', ') || 'none'})` };
      const list = Object.values(bj).find(Array.isArray);
      const key = list ? Object.keys(bj).find((k) => bj[k] === list) : undefined;
      if (list && key && list.length > 0 && Array.isArray(aj[key]) && (aj[key] as unknown[]).length === 0) return { same: false, why: `an empty ${key} list` };
    }
  }
  return { same: true };
}
