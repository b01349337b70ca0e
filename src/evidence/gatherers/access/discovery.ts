// Discovery: each role reads its own lists, and the ids in them are filed
// per tenant. Also the tenant key of each role (from a "me"-like endpoint),
// so an item's tenant field can be mapped to the configured tenant names.
import { PROBE_MARK, validValue } from '../../../probe/schema-bodies.js';
import type { ApiOperation } from '../../types.js';
import { JSON_HEADERS, ok2xx, opName, parseJson, readField, type AccessContext } from './context.js';
import { TENANT_FIELDS, collectionOf } from './ids.js';

const ME_PATH = /\/(me|whoami|session|user|profile|account)$/i;

export async function discover(cx: AccessContext): Promise<void> {
  const me = cx.ops.find((o) => o.method === 'GET' && ME_PATH.test(o.path) && !o.path.includes('{'));
  if (me) {
    await Promise.all(
      cx.roles.map(async (r) => {
        const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(me.path), purpose: `who am I (${r.name})` });
        const json = parseJson(res.body);
        const user = (readField(json, 'user') as object | undefined) ?? json;
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
  // Lists first (no path parameters), then one level of items, so nested ids are known.
  const lists = cx.ops.filter((o) => o.method === 'GET' && !o.path.includes('{'));
  // The home tenant files its ids first: an item with no tenant field belongs to whoever listed it first.
  const home = cx.roles.filter((r) => r.tenant === cx.homeTenant);
  const others = cx.roles.filter((r) => r.tenant !== cx.homeTenant);
  for (const group of [home, others]) await harvestLists(cx, lists, group);
}

async function harvestLists(cx: AccessContext, lists: ApiOperation[], roles: AccessContext['roles']): Promise<void> {
  await Promise.all(
    lists.flatMap((op) =>
      roles
        .filter((r) => (op.allowedRoles ?? []).includes(r.name) || r.tenant !== cx.homeTenant)
        .map(async (r) => {
          const res = await cx.caller.call(r.name, { method: 'GET', url: cx.url(op.path), purpose: `harvest ids from ${opName(op)}` });
          if (ok2xx(res.exchange)) cx.ids.harvest(op.path, r.name, r.tenant, parseJson(res.body));
        }),
    ),
  );
}

/** The operation that creates items of a collection, if the spec has one. */
export function creatorOf(cx: AccessContext, collection: string): ApiOperation | undefined {
  return cx.ops.find((o) => o.method === 'POST' && o.path.replace(/\/+$/, '') === collection);
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
): Promise<{ id: string; role: string } | { reason: string }> {
  const collection = collectionOf(template);
  if (!collection) return { reason: 'the path has no id parameter' };
  const create = creatorOf(cx, collection);
  if (!create) return { reason: `no POST ${collection} in the spec to create a throwaway object` };
  if (!cx.writes) return { reason: 'writes are not allowed on the target environment (allowWrites: false)' };
  const role = cx.allowed(create).find((r) => r.tenant === tenant);
  if (!role) return { reason: `no role of tenant ${tenant} may call ${opName(create)}` };
  const body = validValue(create.requestSchema ?? { type: 'object' }) as Record<string, unknown>;
  const res = await cx.caller.call(role.name, {
    method: 'POST',
    url: cx.url(create.path),
    headers: JSON_HEADERS,
    body: JSON.stringify(body),
    purpose: `create a throwaway object (${PROBE_MARK}) in ${collection}`,
  });
  const json = parseJson(res.body);
  const idv = readField(json, 'id') ?? readField(readField(json, 'data'), 'id');
  if (!ok2xx(res.exchange) || (typeof idv !== 'string' && typeof idv !== 'number')) {
    return { reason: `${opName(create)} as ${role.name} answered ${res.exchange.response?.status ?? res.exchange.error}` };
  }
  const id = String(idv);
  cx.created.push({ url: cx.url(`${collection}/${encodeURIComponent(id)}`), role: role.name });
  return { id, role: role.name };
}

/** Deletes every object the probes created, as its creator (or the role allowed to delete). */
export async function cleanUp(cx: AccessContext): Promise<void> {
  for (const c of cx.created.splice(0).reverse()) {
    const path = new URL(c.url).pathname;
    const del = cx.ops.find((o) => o.method === 'DELETE' && new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path));
    const role = del ? (cx.allowed(del).find((r) => r.tenant === cx.tenantOf(c.role))?.name ?? c.role) : c.role;
    const res = await cx.caller.call(role, { method: 'DELETE', url: c.url, purpose: 'clean up an object the probes created' });
    cx.cleanup.push({ method: 'DELETE', url: res.exchange.request.url, status: res.exchange.response?.status ?? null });
  }
}
