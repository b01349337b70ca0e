// Discovery: each role reads its own lists, and the ids in them are filed
// per tenant. Also the tenant key of each role (from a "me"-like endpoint),
// so an item's tenant field can be mapped to the configured tenant names.
import { ANON, type RawResult } from '../../../probe/role-caller.js';
import { bodyProblem, LIST_READ_BACK_BYTES } from '../../../probe/client.js';
import { PROBE_MARK } from '../../../probe/schema-bodies.js';
import { subjectOf } from '../../../target/identifiers.js';
import type { ApiOperation } from '../../types.js';
import { acceptBody, createInvite, noteProbeAccount } from './account-flows.js';
import { JSON_HEADERS, ok2xx, opName, parseJson, readField, type AccessContext, type RoleRef } from './context.js';
import { createFailure, createObject } from './create.js';
import { noOperation } from './missing.js';
import { TENANT_FIELDS, collectionOf, fillTemplate, isItemPath, parentKey } from './ids.js';

export async function discover(cx: AccessContext): Promise<void> {
  // Who each role is (its login answer and token claims, then "me"), so objects can be matched to their owner.
  await Promise.all(
    cx.roles.map(async (r) => {
      const s = await cx.caller.sessions.get(r.name);
      const login = cx.caller.sessions.lastLogin.get(r.name);
      cx.ids.learnIdentity(r.name, r.tenant, parseJson(login?.body ?? ''), s.ok ? s.session.token : undefined);
      // The name the role signs in with is who it is, too (a login answered by a bare redirect names nobody).
      const username = cx.config.auth.roles[r.name]?.login?.username;
      if (username) cx.ids.learnIdentity(r.name, r.tenant, /@/.test(username) ? { email: username } : { username });
    }),
  );
  const me = cx.target.me;
  if (me) {
    await Promise.all(
      cx.roles.map(async (r) => {
        const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(me.path), purpose: `who am I (${r.name})` });
        if (!ok2xx(res.exchange)) return;
        const json = parseJson(res.body);
        cx.ids.learnIdentity(r.name, r.tenant, json);
        const user = subjectOf(json) ?? json;
        for (const f of TENANT_FIELDS) {
          const v = readField(user, f);
          if (v !== undefined) {
            cx.ids.learnTenantKey(v, r.tenant);
            break;
          }
        }
      }),
    );
  }
  // Lists first (no path parameters), then the nested lists under the parents they named.
  const lists = cx.ops.filter((o) => o.method === 'GET' && !o.path.includes('{'));
  // The home tenant files its ids first: an item with no tenant field (and no known owner) belongs to whoever listed it first.
  const home = cx.roles.filter((r) => r.tenant === cx.homeTenant);
  const others = cx.roles.filter((r) => r.tenant !== cx.homeTenant);
  for (const group of [home, others]) await harvestLists(cx, lists, group);
  for (const group of [home, others]) await harvestUnlisted(cx, group);
  for (const group of [home, others]) await harvestNested(cx, group);
  for (const s of cx.target.seeds) {
    const role = cx.role(s.role);
    if (role) cx.ids.add(s.collection, { id: s.value, tenant: role.tenant, seenBy: role.name, item: s.item ?? {} });
  }
}

async function harvestLists(cx: AccessContext, lists: ApiOperation[], roles: AccessContext['roles']): Promise<void> {
  await Promise.all(
    lists.flatMap((op) =>
      roles
        .filter((r) => (op.allowedRoles ?? []).includes(r.name) || r.tenant !== cx.homeTenant)
        .map(async (r) => {
          const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(op.path), purpose: `harvest ids from ${opName(op)}` });
          cx.listReads.set(op.path, [...(cx.listReads.get(op.path) ?? []), { role: r.name, tenant: r.tenant, status: res.exchange.response?.status ?? null }]);
          if (ok2xx(res.exchange)) cx.ids.harvest(op.path, r.name, r.tenant, parseJson(res.body));
        }),
    ),
  );
}

/**
 * Collections the operations read by id but never list: a page whose script
 * fetches /api/invoices/{id} and no /api/invoices. Without ids of another
 * tenant, tenant isolation by id cannot be tried at all (critic #1), so the
 * collection path itself is read (a GET, as the roles that may read its
 * items), for ids only: it is not an operation of the model and is never
 * judged. What came back is kept for the reasons (missing.ts).
 */
async function harvestUnlisted(cx: AccessContext, roles: AccessContext['roles']): Promise<void> {
  const items = cx.ops.filter((o) => o.method === 'GET' && isItemPath(o.path) && (o.path.match(/\{/g) ?? []).length === 1);
  const unlisted = new Map<string, ApiOperation>();
  for (const op of items) {
    const collection = collectionOf(op.path);
    if (collection && !cx.op('GET', collection) && !unlisted.has(collection)) unlisted.set(collection, op);
  }
  await Promise.all(
    [...unlisted].flatMap(([collection, item]) =>
      roles
        .filter((r) => (item.allowedRoles ?? []).includes(r.name) || r.tenant !== cx.homeTenant)
        .map(async (r) => {
          const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(collection), purpose: `harvest ids from GET ${collection} (not among the operations; read for ids only)` });
          cx.listReads.set(collection, [...(cx.listReads.get(collection) ?? []), { role: r.name, tenant: r.tenant, status: res.exchange.response?.status ?? null }]);
          if (ok2xx(res.exchange)) cx.ids.harvest(collection, r.name, r.tenant, parseJson(res.body));
        }),
    ),
  );
}

/** Parents a nested list is read under, per parent collection: enough to find some children, few enough to stay cheap. */
const NESTED_PARENTS = 3;

/** Nested lists (GET /articles/{slug}/comments), filled with the first ids of their parent collection and filed under them. */
async function harvestNested(cx: AccessContext, roles: AccessContext['roles']): Promise<void> {
  const nested = cx.ops.filter((o) => o.method === 'GET' && o.path.includes('{') && !isItemPath(o.path) && cx.ids.collection(o.path) !== undefined);
  await Promise.all(
    nested.flatMap((op) => {
      const parents = cx.ids.all(collectionOf(op.path) ?? '').slice(0, NESTED_PARENTS);
      return roles
        .filter((r) => (op.allowedRoles ?? []).includes(r.name) || r.tenant !== cx.homeTenant)
        .flatMap((r) =>
          parents.map(async (p) => {
            const path = fillTemplate(op.path, p.id);
            if (!path) return;
            const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(path), purpose: `harvest ids from ${opName(op)}` });
            if (ok2xx(res.exchange)) cx.ids.harvest(op.path, r.name, r.tenant, parseJson(res.body), p.id);
          }),
        );
    }),
  );
}

/** The operation that creates items of a collection, if the spec has one. */
export function creatorOf(cx: AccessContext, collection: string): ApiOperation | undefined {
  return cx.memo(`creator ${collection}`, () => cx.ops.find((o) => o.method === 'POST' && o.path.replace(/\/+$/, '') === collection));
}

/**
 * Creates a throwaway object in `tenant` through the collection's POST, as a
 * role of that tenant the policy allows, and queues it for deletion.
 * Returns its id, or a reason it could not.
 */
export async function freshObject(
  cx: AccessContext,
  template: string,
  tenant: string,
  /** Create it as this role (a victim of one-user tenants), rather than any role of the tenant. */
  asRole?: string,
): Promise<{ id: string; role: string } | { reason: string }> {
  const collection = collectionOf(template);
  if (!collection) return { reason: 'the path has no id parameter' };
  if (!cx.writes) return { reason: 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)' };
  const create = creatorOf(cx, collection);
  const spare = cx.spare.get(collection);
  if (!create && spare && spare.tenant === tenant && !asRole) return { id: spare.id, role: cx.roles.find((r) => r.tenant === tenant)?.name ?? '' };
  if (!create) return { reason: `${noOperation(cx, 'POST', collection)} to create a throwaway object` };
  const role = cx.allowed(create).find((r) => (asRole ? r.name === asRole : r.tenant === tenant && !r.platform));
  if (!role) return { reason: asRole ? `${asRole} may not call ${opName(create)}` : `no role of tenant ${tenant} may call ${opName(create)}` };
  let parent: string | undefined;
  if (collection.includes('{')) {
    const p = await parentFor(cx, collection, role);
    if ('reason' in p) return p;
    parent = p.id;
  }
  const c = await createObject(cx, create, role.name, `create a throwaway object (${PROBE_MARK}) in ${collection}`, parent === undefined ? {} : { parent });
  if (c.id === undefined) return { reason: createFailure(create, role.name, c) };
  return { id: c.id, role: role.name };
}

/**
 * The parent a nested object is created under (an article for
 * /articles/{slug}/comments): a throwaway parent of the same role where it
 * may create one (deleted after its child), else a parent the role's
 * tenant owns, else any the probes have seen.
 */
async function parentFor(cx: AccessContext, nested: string, role: RoleRef): Promise<{ id: string } | { reason: string }> {
  const parentCollection = collectionOf(nested);
  if (!parentCollection) return { reason: `${nested} has no parent collection` };
  const fresh = await freshObject(cx, nested, role.tenant, role.name);
  if ('id' in fresh) return fresh;
  const known = cx.ids.of(parentCollection, role.tenant)[0] ?? cx.ids.all(parentCollection).find((i) => !i.createdBy);
  if (known) return { id: known.id };
  return { reason: `no object of ${parentCollection} to create ${nested} items under (${fresh.reason})` };
}

/** Deletes every object the probes created, as its creator (or the role allowed to delete); those the spec gives no DELETE are listed in the notes. */
export async function cleanUp(cx: AccessContext): Promise<void> {
  // Each DELETE template compiled once (as the URL it becomes, base path and all), not once per created object.
  const deletes = cx.ops
    .filter((o) => o.method === 'DELETE')
    .map((o) => ({ op: o, re: new RegExp(`^${cx.url(o.path).split(/\{[^}]+\}/).map(escapeRe).join('[^/]+')}$`) }));
  const kept: string[] = [];
  for (const c of cx.created.splice(0).reverse()) {
    const path = new URL(c.url).pathname;
    const del = deletes.find((d) => d.re.test(c.url.split('?')[0] ?? c.url))?.op;
    // No DELETE in the API document: a guessed one would be an undocumented request, so the object stays and the report says so.
    if (!del) {
      kept.push(path);
      continue;
    }
    const role = cx.allowed(del).find((r) => r.tenant === cx.tenantOf(c.role))?.name ?? c.role;
    const res = await cx.caller.call(role, { method: 'DELETE', url: c.url, purpose: 'clean up an object the probes created' });
    cx.cleanup.push({ method: 'DELETE', url: res.exchange.request.url, status: res.exchange.response?.status ?? null });
  }
  if (kept.length) {
    cx.notes.push(`${kept.length} object${kept.length === 1 ? '' : 's'} the probes created could not be deleted (the API document has no DELETE for ${kept.length === 1 ? 'it' : 'them'}): ${kept.join(', ')}; each carries the ${PROBE_MARK} marker where the body had a text field: remove ${kept.length === 1 ? 'it' : 'them'} by hand`);
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The collection's item GET (ending in its id parameter, under its parents' for a nested one), if the spec has one. */
export function itemGetOf(cx: AccessContext, collection: string): ApiOperation | undefined {
  const params = (collection.match(/\{/g) ?? []).length + 1;
  return cx.memo(`item-get ${collection}`, () =>
    cx.ops.find((o) => o.method === 'GET' && collectionOf(o.path) === collection && isItemPath(o.path) && (o.path.match(/\{/g) ?? []).length === params),
  );
}

/**
 * Reads one object back: through its item GET where the spec has one, else by
 * finding it in the collection's list. Returns the object's JSON text (or the
 * item GET's body) and the exchange; a missing object reads as a 404.
 */
export async function readObject(cx: AccessContext, template: string, id: string, role: string, purpose: string): Promise<RawResult | undefined> {
  const collection = collectionOf(template);
  if (!collection) return undefined;
  const itemGet = itemGetOf(cx, collection);
  if (itemGet) return cx.caller.call(role, { method: 'GET', url: cx.url(fillTemplate(itemGet.path, id) ?? ''), purpose });
  const list = cx.op('GET', collection);
  // A nested list is read under the object's own parents.
  const parent = parentKey(id);
  const listPath = list ? (parent ? fillTemplate(list.path, parent) : list.path) : undefined;
  if (!listPath) return undefined;
  const res = await cx.caller.call(role, { method: 'GET', url: cx.url(listPath), purpose: `${purpose} (from the list)`, maxBodyBytes: LIST_READ_BACK_BYTES });
  if (!ok2xx(res.exchange)) return res;
  // A list cut at the body limit (or not JSON) cannot tell whether the object is in it: unknown, never "gone".
  // (A list that grows with every audit's leftovers, past the cap, would otherwise turn a create into a refusal.)
  const cut = bodyProblem(res) ?? (parseJson(res.body) === undefined ? 'the list is not JSON' : undefined);
  if (cut) return { ...res, body: '', exchange: { ...res.exchange, response: undefined, error: `the object could not be looked for in ${listPath}: ${cut}` } };
  const found = cx.ids.harvest(`${collection}#read`, role, cx.tenantOf(role) ?? '', parseJson(res.body), parent || undefined).find((i) => i.id === id);
  // The list answered; the object is judged by its own entry, or as gone.
  const body = found ? JSON.stringify(found.item) : '';
  const exchange = found ? res.exchange : { ...res.exchange, response: res.exchange.response ? { ...res.exchange.response, status: 404 } : undefined };
  return { ...res, body, exchange };
}

/**
 * A throwaway user for collections of users the API cannot POST to: accept an
 * invite for a probe address, then find that address in every list. Admin
 * actions (disable, delete) are then aimed at it, never at a real account.
 */
export async function probeUser(cx: AccessContext): Promise<void> {
  if (!cx.writes || !cx.homeTenant || !cx.config.auth.flows.inviteAccept) return;
  const inv = await createInvite(cx);
  if ('reason' in inv) return;
  const acc = acceptBody(cx, inv.token)!;
  const a = await cx.caller.call(ANON, { method: acc.ep.method, url: cx.url(acc.ep.path), headers: JSON_HEADERS, body: acc.body, purpose: "accept the throwaway user's invite" });
  if (!ok2xx(a.exchange)) return;
  noteProbeAccount(cx, inv.email, 'a throwaway user for admin-action probes');
  for (const { list, id } of await listsNaming(cx, inv.email)) cx.spare.set(list, { id, tenant: cx.homeTenant });
}

/** Every list a role of the home tenant can read that has an entry with this email: the list's path and the entry's id. */
export async function listsNaming(cx: AccessContext, email: string): Promise<{ list: string; id: string }[]> {
  const out: { list: string; id: string }[] = [];
  for (const list of cx.ops.filter((o) => o.method === 'GET' && !o.path.includes('{'))) {
    const reader = cx.allowed(list).find((r) => r.tenant === cx.homeTenant);
    if (!reader) continue;
    const res = await cx.caller.call(reader.name, { method: 'GET', url: cx.url(list.path), purpose: `look for ${email} in ${list.path}` });
    const json = parseJson(res.body);
    const items: unknown[] = Array.isArray(json) ? json : typeof json === 'object' && json !== null ? (Object.values(json).find(Array.isArray) ?? []) : [];
    for (const it of items) {
      const o = (typeof it === 'object' && it !== null ? it : {}) as Record<string, unknown>;
      if (typeof o.email === 'string' && o.email.toLowerCase() === email.toLowerCase() && (typeof o.id === 'string' || typeof o.id === 'number')) {
        out.push({ list: list.path.replace(/\/+$/, ''), id: String(o.id) });
        break;
      }
    }
  }
  return out;
}
