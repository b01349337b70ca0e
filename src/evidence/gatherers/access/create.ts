// Creating an object as a role, the way the app accepts it: the documented
// body first and, when the app refuses it with 400 or 422, once more with
// every documented property (and fresh unique values) before giving up. The
// new object's id is read by meaning from the answer ({"article": {"slug"…}},
// {"data": {"id"…}}), and the object is queued for deletion. A create that
// fails is reported with what came back; callers make their rule
// not-tested with it, never verified.
import type { RawResult } from '../../../probe/role-caller.js';
import { encodeBody, wrapperOf } from '../../../target/bodies.js';
import type { ApiOperation } from '../../types.js';
import { writeBody } from './bodies.js';
import { ok2xx, opName, parseJson, status, type AccessContext } from './context.js';
import { fillTemplate } from './ids.js';

export interface Created {
  /** The create's answer (the retry's, when there was one). */
  res: RawResult;
  /** The refused first attempt, when the create was retried. */
  refused?: RawResult;
  id?: string;
  item?: Record<string, unknown>;
  /** The new object's URL (its item route), when the id is known. */
  url?: string;
}

const RETRY_ON = new Set([400, 422]);

/**
 * POSTs a new object to `create` as `role`. `extra` properties are added
 * where the app reads its fields (inside the schema's wrapper, if it has
 * one); `cleanupAs` is the role that deletes it at the end (default `role`).
 */
export async function createObject(
  cx: AccessContext,
  create: ApiOperation,
  role: string,
  purpose: string,
  opts: { marker?: string; extra?: Record<string, unknown>; cleanupAs?: string; retry?: boolean; parent?: string } = {},
): Promise<Created> {
  const collection = create.path.replace(/\/+$/, '');
  // A nested create (POST /articles/{slug}/comments) goes to its parent's path.
  const path = opts.parent ? fillTemplate(create.path, opts.parent) : create.path;
  if (path === undefined || path.includes('{')) {
    const exchange = { request: { method: create.method, url: cx.url(create.path), headers: {}, role }, error: `no id of a parent object to fill ${create.path}`, durationMs: 0 };
    return { res: { exchange, body: '', setCookie: [] } };
  }
  const send = (attempt: 'documented' | 'everything') => {
    const body = withExtra(create, writeBody(create, opts.marker, attempt), opts.extra);
    const encoded = encodeBody(create, body);
    return cx.caller.call(role, {
      method: create.method,
      url: cx.url(path),
      headers: encoded.headers,
      body: encoded.body,
      purpose: attempt === 'documented' ? purpose : `${purpose} (retried with every documented property)`,
    });
  };
  let res = await send('documented');
  let refused: RawResult | undefined;
  if (opts.retry !== false && RETRY_ON.has(status(res.exchange) ?? 0)) {
    refused = res;
    res = await send('everything');
  }
  const out: Created = { res, ...(refused ? { refused } : {}) };
  if (!ok2xx(res.exchange)) return out;
  const h = cx.ids.created(collection, role, cx.tenantOf(role) ?? '', parseJson(res.body), opts.parent);
  if (!h) return out;
  const url = cx.url(itemPathOf(cx, collection, h.id));
  cx.created.push({ url, role: opts.cleanupAs ?? role });
  return { ...out, id: h.id, item: h.item, url };
}

/**
 * Files an object some other probe's POST created (the id read by meaning)
 * and queues it for deletion. Returns its item path, or undefined when the
 * answer names no id.
 */
export function noteCreated(cx: AccessContext, collection: string, role: string, body: string): string | undefined {
  const h = cx.ids.created(collection, role, cx.tenantOf(role) ?? '', parseJson(body));
  if (!h) return undefined;
  const path = itemPathOf(cx, collection, h.id);
  cx.created.push({ url: cx.url(path), role });
  return path;
}

/** Why a create taught nothing, in words for a not-tested reason. */
export function createFailure(create: ApiOperation, role: string, c: Created): string {
  const st = status(c.res.exchange) ?? c.res.exchange.error;
  const retried = c.refused ? ` (and ${status(c.refused.exchange)} before it; retried with every documented property)` : '';
  if (ok2xx(c.res.exchange)) return `${opName(create)} as ${role} answered ${st} but its answer names no id of the new object`;
  return `${opName(create)} as ${role} answered ${st}${retried}: a create that fails shows nothing about authorization`;
}

/** The item path of an object: the collection's item route filled with its id, else collection/id. */
export function itemPathOf(cx: AccessContext, collection: string, id: string): string {
  const item = cx.ids.collection(collection)?.item;
  return (item ? fillTemplate(item, id) : undefined) ?? `${collection}/${encodeURIComponent(id)}`;
}

function withExtra(op: ApiOperation, body: Record<string, unknown>, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!extra) return body;
  const wrapper = wrapperOf(op.requestSchema);
  if (wrapper && typeof body[wrapper] === 'object' && body[wrapper] !== null) return { ...body, [wrapper]: { ...(body[wrapper] as Record<string, unknown>), ...extra } };
  return { ...body, ...extra };
}
