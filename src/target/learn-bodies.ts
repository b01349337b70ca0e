// Bodies learned from successful reads (issue 12): an operation the model
// knows only from a policy line (or a recording with no write in it) has no
// body. The app's own answers show what its objects look like: an invoice
// read back from GET /api/invoices/{id} (or the first in GET /api/invoices)
// without its server-kept properties (id, timestamps, tenant and owner) is
// a body the create and update of that collection will most likely
// accept. Each learned body is a sample plus an inferred schema, like a
// recorded one; what could not be learned is said in a note.
import type { ApiOperation } from '../evidence/types.js';
import { inferSchema } from './har/bodies.js';
import { itemsIn } from './identifiers.js';
import type { TargetModel } from './model.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Properties the server keeps, never sent by a client: ids, timestamps, the tenant and owner, versions. */
const SERVER_KEPT = /^(_?id|uuid|_rev|__v|version|etag|created_?at|updated_?at|deleted_?at|created|updated|modified|created_?by|updated_?by|owner(_?id)?|user_?id|tenant(_?id)?|workspace(_?id)?|org(anization)?(_?id)?|account_?id|author(_?id)?|url|href|links|_links|self|slug|count|total)$/i;

/** A body from an object the app returned: its own scalar and scalar-list properties, minus what the server keeps. */
export function bodyFromItem(item: Obj): Obj | undefined {
  const out: Obj = {};
  for (const [k, v] of Object.entries(item)) {
    if (SERVER_KEPT.test(k) || v === null) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Reads `path` (a list or item path, ids filled in) as `role`; the parsed JSON, or undefined when the read failed. */
export type Reader = (path: string, role: string) => Promise<unknown>;

/** A write that takes a JSON body (a recorded one that was sent without a body takes none) and has neither schema nor sample. */
const needsBody = (op: ApiOperation) => op.hasJsonBody && (op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH') && op.requestSchema === undefined && op.requestExample === undefined;

/** The collection a write belongs to: POST /api/invoices → /api/invoices; PATCH /api/invoices/{id} → /api/invoices. */
const collectionOfWrite = (op: ApiOperation): string => {
  const i = op.path.indexOf('{');
  return (i < 0 ? op.path : op.path.slice(0, i)).replace(/\/+$/, '');
};

/**
 * Fills the bodies of writes that have none from reads of their collection,
 * as a role each read is allowed to. Returns the model with the learned
 * bodies and a note for each write left without one.
 */
export async function learnBodies(model: TargetModel, read: Reader): Promise<TargetModel> {
  const want = model.operations.filter(needsBody);
  if (want.length === 0) return model;
  const learned = new Map<string, Obj | undefined>();
  const notes: string[] = [];
  for (const collection of [...new Set(want.map(collectionOfWrite))]) {
    const list = model.operations.find((o) => o.method === 'GET' && o.path.replace(/\/+$/, '') === collection);
    const itemGet = model.operations.find((o) => o.method === 'GET' && o.path.startsWith(`${collection}/{`) && (o.path.match(/\{/g) ?? []).length === 1 && o.path.endsWith('}'));
    const reader = (op?: ApiOperation) => op?.allowedRoles?.find((r) => r !== 'anonymous');
    let item: Obj | undefined;
    if (list && reader(list)) {
      const items = itemsIn(await read(list.path, reader(list)!));
      item = items.find(isObj);
      if (item && itemGet && reader(itemGet)) {
        // The item read is usually the fuller object (a list may leave properties out).
        const id = item.id ?? item.slug ?? item.uuid;
        if (typeof id === 'string' || typeof id === 'number') {
          const full = itemsIn(await read(itemGet.path.replace(/\{[^}]+\}/, encodeURIComponent(String(id))), reader(itemGet)!))[0];
          if (isObj(full)) item = full;
        }
      }
    }
    const body = item ? bodyFromItem(item) : undefined;
    learned.set(collection, body);
    if (!body) {
      const why = !list ? `no GET ${collection} to read an object from` : !reader(list) ? `no role may read GET ${collection}` : item ? `the objects of ${collection} have no property a client sets` : `GET ${collection} returned no object`;
      notes.push(`${want.filter((o) => collectionOfWrite(o) === collection).map((o) => `${o.method} ${o.path}`).join(', ')}: no request body was learned (${why}); its probes send an empty body, so a refusal may be the app's validation rather than its access control; document the operation (api.openapi) or record it (api.har)`);
    }
  }
  const operations = model.operations.map((op) => {
    if (!needsBody(op)) return op;
    const body = learned.get(collectionOfWrite(op));
    return body ? { ...op, hasJsonBody: true, requestExample: body, requestSchema: inferSchema([body]) } : op;
  });
  const filled = want.length - operations.filter(needsBody).length;
  if (filled) notes.unshift(`${filled} request bod${filled === 1 ? 'y was' : 'ies were'} learned from the app's own reads (no document or recording gave ${filled === 1 ? 'it' : 'them'})`);
  return { ...model, operations, notes: [...model.notes, ...notes] };
}
