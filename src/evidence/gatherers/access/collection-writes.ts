// Function-level probes of writes without a path parameter, sent with the
// operation's own method (a PUT /user stays a PUT /user):
// - POST to a collection creates: judged by the new object read back (its id
//   read by meaning from this request's own answer), or, when the answer
//   names no id, by an item carrying this request's unique marker appearing
//   in the collection's list. Never by a count: other writers (the audit's
//   own concurrent throwaway creates, other users) grow a list between two
//   reads, and a denied create then looked accepted (critic #2). A 2xx whose
//   body is an error object ({"ok": false, "error": "not allowed"}) or the
//   login page is a refusal unless that marker shows up;
// - PUT/PATCH of a singleton (the caller's own profile): judged by reading
//   the same path back as the caller; only a marker field is sent, never
//   the email, username or password that would change how the role signs in;
// - DELETE of a singleton (DELETE /auth/me) would delete a configured
//   account: never sent.
// A denied role's 2xx counts only through its own effect, so a missing
// baseline of the allowed role never hides it, and a write that did nothing
// visible stays inconclusive rather than verified.
import type { RawResult } from '../../../probe/role-caller.js';
import { encodeBody } from '../../../target/bodies.js';
import { itemsIn } from '../../../target/identifiers.js';
import type { ApiOperation } from '../../types.js';
import { marker, selfUpdateBody } from './bodies.js';
import { answerKind, effectOf } from './compare.js';
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { ok2xx, opName, parseJson, status, type AccessContext, type RoleRef } from './context.js';
import { createFailure, createObject } from './create.js';
import { itemGetOf, readObject } from './discovery.js';

export async function probeCollectionWrite(cx: AccessContext, op: ApiOperation, allowed: RoleRef[], denied: RoleRef[]): Promise<void> {
  if (op.method === 'POST') return probeCreate(cx, op, allowed, denied);
  if (op.method === 'DELETE') {
    cx.skip('function-level', 'denied-role', opName(op), 'a DELETE of a path without an id removes the caller\'s own record (an account): never sent');
    return;
  }
  return probeSelfUpdate(cx, op, allowed, denied);
}

/**
 * Creates as each role and judges by reading the new object back as an
 * allowed role of the home tenant (item GET, else the list); when the
 * answer names no id, by whether an entry carrying the caller's marker
 * appeared in the collection's list.
 */
async function probeCreate(cx: AccessContext, op: ApiOperation, allowed: RoleRef[], denied: RoleRef[]): Promise<void> {
  const name = opName(op);
  const collection = op.path.replace(/\/+$/, '');
  const template = `${collection}/{id}`;
  const list = cx.op('GET', collection);
  const reader = cx.memo(`create-reader ${collection}`, () => {
    const read = itemGetOf(cx, collection) ?? list;
    return read ? cx.allowed(read).find((x) => x.tenant === cx.homeTenant) : undefined;
  });
  const listReader = list ? cx.allowed(list).find((x) => x.tenant === cx.homeTenant) : undefined;
  // Ids the run saw before any create: an id already known is not proof of a new object.
  const known = new Set(cx.ids.all(collection).map((i) => i.id));
  for (const r of [...allowed.slice(0, 1), ...denied]) {
    const isAllowed = allowed.includes(r);
    const mark = marker(r.name);
    const listBefore = listReader && list ? await cx.caller.call(listReader.name, { method: 'GET', url: cx.url(list.path), purpose: `count ${collection} before ${r.name} tries ${name}` }) : undefined;
    const c = await createObject(cx, op, r.name, `${isAllowed ? 'allowed' : 'denied'} role ${r.name} on ${name}`, { marker: mark, cleanupAs: allowed[0]?.name ?? r.name, retry: isAllowed || r.name !== 'anonymous' });
    let readBack: RawResult | undefined;
    let listAfter: RawResult | undefined;
    const kind = ok2xx(c.res.exchange) ? answerKind(c.res.exchange) : undefined;
    // A 2xx carrying {"error": …}, {"ok": false} or the login page refused the create, unless its object turns up below.
    const refusedIn2xx = kind === 'error-object' || kind === 'login-page';
    let effect: boolean | null = !ok2xx(c.res.exchange) || refusedIn2xx ? false : null;
    if (ok2xx(c.res.exchange) && c.id !== undefined && !known.has(c.id) && reader) {
      readBack = await readObject(cx, template, c.id, reader.name, `read back what ${r.name} created via ${name}`);
      const st = status(readBack?.exchange);
      effect = st === null ? null : ok2xx(readBack?.exchange) ? true : st === 404 || st === 410 ? false : null;
    } else if (ok2xx(c.res.exchange) && listBefore && ok2xx(listBefore.exchange) && listReader && list) {
      listAfter = await cx.caller.call(listReader.name, { method: 'GET', url: cx.url(list.path), purpose: `is ${r.name}'s marker in ${collection} after ${name}` });
      const found = ok2xx(listAfter.exchange) ? markerInList(listBefore.body, listAfter.body, mark) : null;
      effect = found === true ? true : refusedIn2xx ? false : found;
    }
    if (isAllowed && c.id === undefined && !ok2xx(c.res.exchange)) cx.notes.push(`function-level ${name}: ${createFailure(op, r.name, c)}`);
    cx.record(
      'function-level',
      isAllowed ? 'allowed-role' : 'denied-role',
      name,
      r.name,
      [['attack', c.res.exchange], ['refused-first', c.refused?.exchange], ['read-back', readBack?.exchange], ['list-before', listBefore?.exchange], ['list-after', listAfter?.exchange]],
      { expected: isAllowed ? 'allow' : 'deny', status: status(c.res.exchange), changed: effect, answerKind: kind ?? null, admin: /admin/i.test(op.path), baselineStatus: null },
    );
  }
}

/**
 * Whether the create that sent `mark` landed, judged from the collection's
 * list before and after it: true only when an item carrying that marker
 * appeared. Items that are new for any other reason (another writer between
 * the reads) prove nothing either way: false only when no item is new, or
 * every new one carries another probe's marker (the audit's own throwaway
 * objects); otherwise null (unknown). Null too when a list cannot be read.
 */
export function markerInList(before: string, after: string, mark: string): boolean | null {
  const [b, a] = [parseJson(before), parseJson(after)];
  if (b === undefined || a === undefined) return null;
  if (after.includes(mark) && !before.includes(mark)) return true;
  const seen = new Set(itemsIn(b).map((it) => JSON.stringify(it)));
  const fresh = itemsIn(a).filter((it) => !seen.has(JSON.stringify(it)));
  if (fresh.length === 0) return false;
  return fresh.every((it) => JSON.stringify(it).includes(PROBE_MARK)) ? false : null;
}

/** PUT/PATCH of the caller's own record: the marker field only, read back from the same path as the caller. */
async function probeSelfUpdate(cx: AccessContext, op: ApiOperation, allowed: RoleRef[], denied: RoleRef[]): Promise<void> {
  const name = opName(op);
  const self = cx.op('GET', op.path);
  for (const r of [...allowed.slice(0, 1), ...denied]) {
    const isAllowed = allowed.includes(r);
    const body = selfUpdateBody(op, marker(r.name));
    if (op.hasJsonBody && !body) {
      cx.skip('function-level', isAllowed ? 'allowed-role' : 'denied-role', name, 'no free-text field to change without touching how the account signs in');
      continue;
    }
    const read = (purpose: string) => (self && r.name !== 'anonymous' ? cx.caller.call(r.name, { method: 'GET', url: cx.url(self.path), purpose }) : Promise.resolve(undefined));
    const before = await read(`read before ${r.name} tries ${name}`);
    const encoded = body ? encodeBody(op, body) : undefined;
    const res = await cx.caller.call(r.name, { method: op.method, url: cx.url(op.path), headers: encoded?.headers ?? {}, body: encoded?.body, purpose: `${isAllowed ? 'allowed' : 'denied'} role ${r.name} on ${name}` });
    const after = await read(`read back after ${r.name} tried ${name}`);
    cx.record(
      'function-level',
      isAllowed ? 'allowed-role' : 'denied-role',
      name,
      r.name,
      [['attack', res.exchange], ['read-before', before?.exchange], ['read-back', after?.exchange]],
      { expected: isAllowed ? 'allow' : 'deny', status: status(res.exchange), changed: effectOf(op.method, before, after), admin: /admin/i.test(op.path), baselineStatus: null },
    );
  }
}

/**
 * After the matrix: whether each operation's route answered at all (any
 * role got a 2xx). A denied role's 404 or 405 refuses only where the route
 * exists; elsewhere (a wrong path, a method the app lacks) it verifies
 * nothing, and the check sees routeAnswered: false.
 */
export function markRouteAnswers(cx: AccessContext): void {
  const answered = new Set(cx.trials.filter((t) => t.family === 'function-level' && ok2xx(t.steps.find((s) => s.label === 'attack' || s.label === 'call')?.exchange)).map((t) => t.target));
  for (const t of cx.trials) if (t.family === 'function-level' && !t.skipped) t.facts.routeAnswered = answered.has(t.target);
}
