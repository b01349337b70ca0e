// Request validation: each write that takes a JSON body gets the
// schema-negative variants. 4xx is right; 5xx is a finding (repeated once to
// confirm) when the well-formed body (the control, sent first) got none; a
// 2xx to a body that breaks the schema counts only when reading the object
// back shows the bad value was stored.
import { ANONYMOUS } from '../../../config/policy.js';
import { forEachBounded } from '../../../probe/pool.js';
import { negativeVariants, type BodyVariant } from '../../../probe/schema-bodies.js';
import type { ApiOperation } from '../../types.js';
import { marker, selfUpdateBody, writeBody } from './bodies.js';
import { fieldOf } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext } from './context.js';
import { noteCreated } from './create.js';
import { freshObject } from './discovery.js';
import { isAuthFlow } from './function-level.js';
import { injectBodies, injectReads } from './injection.js';
import { collectionOf, fillTemplate, isItemPath } from './ids.js';

const HUGE_BODY_OPERATIONS = 3;
const STORED_VARIANTS = new Set(['wrong-type', 'oversize-string', 'oversize-array', 'missing-required']);

export async function validation(cx: AccessContext): Promise<void> {
  // Reads first: injection-shaped path parameters and query strings need no allowWrites.
  await injectReads(cx);
  if (!cx.writes) {
    cx.skipFamily('validation', 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)');
    return;
  }
  const targets = cx.ops.filter((o) => o.method !== 'GET' && o.method !== 'DELETE' && o.hasJsonBody && !isAuthFlow(cx, o) && (o.path.match(/\{/g) ?? []).length <= 1);
  // The 2 MB body goes to a few operations only (public ones first): the size limit is app-wide middleware.
  const publicFirst = [...targets].sort((a, b) => Number((b.allowedRoles ?? []).includes(ANONYMOUS)) - Number((a.allowedRoles ?? []).includes(ANONYMOUS)));
  const huge = new Set(publicFirst.slice(0, HUGE_BODY_OPERATIONS));
  // Issue 10: a few operations at a time, so memory follows the pool, not the document's size.
  await forEachBounded(targets, cx.caller.pool.size * 2, (op) => probe(cx, op, huge.has(op)));
}

async function probe(cx: AccessContext, op: ApiOperation, hugeBody: boolean): Promise<void> {
  const name = opName(op);
  const anon = (op.allowedRoles ?? []).includes(ANONYMOUS);
  const role = anon ? ANONYMOUS : cx.allowed(op).find((r) => r.tenant === cx.homeTenant)?.name;
  if (!role) return cx.skip('validation', 'schema-negative', name, 'no signed-in role may call it');
  const params = (op.path.match(/\{/g) ?? []).length;
  let url = cx.url(op.path);
  let readUrl: string | undefined;
  const collection = params ? collectionOf(op.path) : op.path.replace(/\/+$/, '');
  const itemGet = cx.memo(`item-get-any ${collection}`, () => cx.ops.find((o) => o.method === 'GET' && collectionOf(o.path) === collection && isItemPath(o.path)));
  if (params === 1) {
    const obj = await freshObject(cx, op.path, cx.homeTenant ?? '');
    if ('reason' in obj) return cx.skip('validation', 'schema-negative', name, obj.reason);
    url = cx.url(fillTemplate(op.path, obj.id) ?? op.path);
    readUrl = itemGet ? cx.url(fillTemplate(itemGet.path, obj.id) ?? '') : undefined;
  }
  // The caller's own record (PUT /user): never its email, username or password, which would change how the role signs in.
  const base = params === 0 && op.method !== 'POST' ? (selfUpdateBody(op, marker(role)) ?? writeBody(op, undefined)) : writeBody(op, undefined);
  // The control: the well-formed body first. A bad payload's 5xx means something only when a good one gets none.
  const control = await wellFormed(cx, op, role, url, base, collection, params);
  if (control.alwaysFails) return;
  for (const v of negativeVariants(op.requestSchema, base, { hugeBody })) {
    const send = (purpose: string) => cx.caller.call(role, { method: op.method, url, headers: { 'content-type': v.contentType }, body: v.body, purpose });
    const res = await send(`schema-negative body (${v.variant}${v.property ? ` ${v.property}` : ''}) on ${name}`);
    const st = status(res.exchange);
    let confirm;
    let readBack;
    let stored: boolean | null = null;
    if (st !== null && st >= 500) confirm = await send(`confirm the server error (${v.variant}) on ${name}`);
    // A partial update may leave out a required field: only a create must refuse it.
    const judged = STORED_VARIANTS.has(v.variant) && !(v.variant === 'missing-required' && params > 0);
    if (ok2xx(res.exchange) && judged && v.property && role !== ANONYMOUS) {
      let target = readUrl;
      // Only a POST to a collection creates: a PATCH /me answering with the user's id created nothing to delete.
      const created = op.method === 'POST' && params === 0 && collection ? noteCreated(cx, collection, role, res.body) : undefined;
      if (created) target = itemGet ? cx.url(created) : undefined;
      if (target) {
        readBack = await cx.caller.call(role, { method: 'GET', url: target, purpose: `read back after ${v.variant} on ${name}` });
        stored = ok2xx(readBack.exchange) ? isStored(v, fieldOf(readBack.body, v.property), JSON.parse(v.body) as Record<string, unknown>) : null;
      }
    }
    cx.record('validation', v.variant, name, role, [['attack', res.exchange], ['confirm', confirm?.exchange], ['read-back', readBack?.exchange]], {
      status: st,
      confirmStatus: status(confirm?.exchange),
      property: v.property ?? null,
      stored,
      bodyBytes: Buffer.byteLength(v.body),
      controlStatus: control.status,
    });
  }
  await injectBodies(cx, op, role, url, base, control.status);
}

/**
 * Sends the well-formed body once (twice when it fails). An operation that
 * answers 5xx to it both times "always fails" (an unconfigured social login,
 * a handler broken for every input): that is said once, as a note and a
 * not-tested trial with the exchanges, and no malformed variant is sent, since
 * none could be told apart from the good one. A created object is queued for
 * clean-up.
 */
async function wellFormed(cx: AccessContext, op: ApiOperation, role: string, url: string, base: Record<string, unknown>, collection: string | undefined, params: number) {
  const name = opName(op);
  const send = (purpose: string) => cx.caller.call(role, { method: op.method, url, headers: JSON_HEADERS, body: JSON.stringify(base), purpose });
  const res = await send(`well-formed body on ${name} (the control for its malformed variants)`);
  // Issue 11: the new object's id read by meaning (a slug inside {"book": …}), so it is cleaned up.
  if (ok2xx(res.exchange) && op.method === 'POST' && params === 0 && collection) noteCreated(cx, collection, role, res.body);
  const st = status(res.exchange);
  if (st === null || st < 500) return { status: st, alwaysFails: false };
  const again = await send(`well-formed body on ${name} again (it answered ${st})`);
  const st2 = status(again.exchange);
  if (st2 === null || st2 < 500) return { status: st2, alwaysFails: false };
  const why = `always fails: it answered ${st} and ${st2} to a well-formed body, so malformed payloads cannot be judged there`;
  cx.notes.push(`${name} ${why}; it looks broken or unconfigured (check it by hand)`);
  const t = cx.record('validation', 'always-fails', name, role, [['well-formed', res.exchange], ['well-formed again', again.exchange]], { status: st, confirmStatus: st2, controlStatus: st });
  t.skipped = why;
  return { status: st, alwaysFails: true };
}

function isStored(v: BodyVariant, value: unknown, sent: Record<string, unknown>): boolean {
  const prop = v.property ?? '';
  if (v.variant === 'missing-required') return value === undefined || value === null;
  if (v.variant === 'oversize-string') return typeof value === 'string' && value.length >= 10_000;
  if (v.variant === 'oversize-array') return Array.isArray(value) && value.length >= 1_000;
  return JSON.stringify(value) === JSON.stringify(sent[prop]);
}
