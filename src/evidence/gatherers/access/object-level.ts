// Object-level authorization (BOLA): roles of another tenant reading,
// changing and deleting objects by id; lists that carry another tenant's rows;
// tampered ids (neighbours of one's own ids); and a body id that disagrees with
// the path id. A public resource (public in the spec and in the policy) is
// skipped: anyone may read it. A 404 or 403 for a foreign id is the right answer.
import { ANONYMOUS } from '../../../config/policy.js';
import type { ApiOperation } from '../../types.js';
import { marker, markerField, updateBody, writeBody } from './bodies.js';
import { effectOf, sameData } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, parseJson, status, type AccessContext, type RoleRef } from './context.js';
import { freshObject, itemGetOf } from './discovery.js';
import { isObjectOperation } from './function-level.js';
import { collectionOf, fillTemplate } from './ids.js';
import { noIdReason } from './missing.js';
import { crossOwners } from './owners.js';

const isPublic = (op: ApiOperation) => op.publicInSpec && (op.allowedRoles ?? []).includes(ANONYMOUS);
const skipReason = (op: ApiOperation) =>
  isPublic(op) ? 'public resource (no security in the spec, and the policy allows anonymous)' : op.anyObject ? 'the policy lets its callers act on anyone\'s objects (objects: any)' : undefined;

/** The attacker of each foreign tenant: its role allowed the most operations (so a denial is about tenancy). */
function attackersAgainst(cx: AccessContext, victimTenant: string): RoleRef[] {
  const byTenant = new Map<string, RoleRef>();
  const score = (r: RoleRef) => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r.name)).length;
  for (const r of cx.roles) {
    // A platform admin (tenant: null) may reach every tenant by design.
    if (r.tenant === victimTenant || r.platform) continue;
    const cur = byTenant.get(r.tenant);
    if (!cur || score(r) > score(cur)) byTenant.set(r.tenant, r);
  }
  return [...byTenant.values()];
}

export async function objectLevel(cx: AccessContext): Promise<void> {
  if (cx.tenantBy === 'user') return crossOwners(cx);
  const victimTenant = cx.homeTenant;
  if (!victimTenant) return;
  const attackers = attackersAgainst(cx, victimTenant);
  if (attackers.length === 0) {
    cx.skipFamily('object-level', 'every configured role is in one tenant: add a role of another tenant (auth.roles.*.tenant) to test tenant isolation, or set auth.tenantBy: user if each user owns their own objects');
    return;
  }
  const itemOps = cx.ops.filter((o) => (o.path.match(/\{/g) ?? []).length >= 1 && isObjectOperation(cx, o));
  const lists = cx.ops.filter((o) => o.method === 'GET' && !o.path.includes('{') && !isPublic(o));
  await Promise.all([
    ...lists.flatMap((op) => attackers.map((a) => listLeak(cx, op, a, victimTenant))),
    ...itemOps.flatMap((op) => attackers.map((a) => (skipReason(op) ? Promise.resolve(cx.skip('object-level', 'cross-tenant', opName(op), skipReason(op)!)) : crossTenant(cx, op, a, victimTenant)))),
    ...itemOps.filter((o) => o.method === 'GET' && !isPublic(o)).flatMap((op) => attackers.map((a) => neighbours(cx, op, a))),
    ...itemOps.filter((o) => (o.method === 'PATCH' || o.method === 'PUT') && o.hasJsonBody).map((op) => bodyIdMismatch(cx, op, victimTenant, attackers[0]!)),
  ]);
}

async function listLeak(cx: AccessContext, op: ApiOperation, attacker: RoleRef, victimTenant: string): Promise<void> {
  const victimIds = new Set(cx.ids.of(op.path, victimTenant).map((i) => i.id));
  if (victimIds.size === 0) return;
  const res = await cx.caller.call(attacker.name, { method: 'GET', url: cx.url(op.path), purpose: `does ${attacker.name} see ${victimTenant}'s rows in ${opName(op)}` });
  const leaked = () => {
    const json = parseJson(res.body);
    return cx.ids.harvest(`${op.path}#${attacker.name}`, attacker.name, attacker.tenant, json).filter((i) => victimIds.has(i.id) || i.tenant === victimTenant).length;
  };
  const n = ok2xx(res.exchange) ? leaked() : 0;
  const confirm = n > 0 ? await cx.caller.call(attacker.name, { method: 'GET', url: cx.url(op.path), purpose: `confirm ${attacker.name} sees ${victimTenant}'s rows` }) : undefined;
  cx.record('object-level', 'list-leak', opName(op), attacker.name, [['attack', res.exchange], ['confirm', confirm?.exchange]], {
    status: status(res.exchange),
    leakedItems: n,
    confirmStatus: status(confirm?.exchange),
    victimTenant,
  }, victimTenant);
}

async function crossTenant(cx: AccessContext, op: ApiOperation, attacker: RoleRef, victimTenant: string): Promise<void> {
  const name = opName(op);
  const collection = collectionOf(op.path) ?? '';
  const victimRoles = cx.roles.filter((r) => r.tenant === victimTenant);
  const owner = victimRoles.find((r) => (op.allowedRoles ?? []).includes(r.name)) ?? victimRoles[0];
  const getItem = itemGetOf(cx, collection);
  const reader = getItem ? victimRoles.find((r) => (getItem.allowedRoles ?? []).includes(r.name)) : undefined;

  if (op.method === 'GET') {
    const victim = cx.ids.of(collection, victimTenant)[0];
    if (!owner) return cx.skip('object-level', 'cross-tenant', name, `no role of tenant ${victimTenant} is configured to own the object`);
    if (!victim) return cx.skipForWantOf('object-level', 'cross-tenant', name, noIdReason(cx, collection, victimTenant));
    const url = cx.url(fillTemplate(op.path, victim.id) ?? op.path);
    const baseline = await cx.caller.call(owner.name, { method: 'GET', url, purpose: `baseline: ${owner.name} reads its own object via ${name}` });
    const res = await cx.caller.call(attacker.name, { method: 'GET', url, purpose: `${attacker.name} (${attacker.tenant}) reads ${victimTenant}'s object via ${name}` });
    const same = ok2xx(res.exchange) && ok2xx(baseline.exchange) ? sameData(baseline.body, res.body) : false;
    const confirm = same ? await cx.caller.call(attacker.name, { method: 'GET', url, purpose: `confirm cross-tenant read via ${name}` }) : undefined;
    cx.record('object-level', 'cross-tenant', name, attacker.name, [['attack', res.exchange], ['confirm', confirm?.exchange], ['baseline', baseline.exchange]], {
      action: 'read',
      status: status(res.exchange),
      baselineStatus: status(baseline.exchange),
      sameData: same,
      confirmStatus: status(confirm?.exchange),
      victimTenant,
    }, owner.name);
    return;
  }
  if (!cx.writes) return cx.skip('object-level', 'cross-tenant', name, 'a state-changing operation, and writes are not allowed on the target environment (allowWrites: false, or a --read-only run)');
  const obj = await freshObject(cx, op.path, victimTenant);
  if ('reason' in obj) return cx.skip('object-level', 'cross-tenant', name, obj.reason);
  const url = cx.url(fillTemplate(op.path, obj.id) ?? op.path);
  const readUrl = getItem ? cx.url(fillTemplate(getItem.path, obj.id) ?? '') : undefined;
  const read = (p: string) => (reader && readUrl ? cx.caller.call(reader.name, { method: 'GET', url: readUrl, purpose: p }) : undefined);
  const before = await read(`read ${victimTenant}'s object before ${attacker.name} tries ${name}`);
  const body = op.hasJsonBody ? JSON.stringify(updateBody(op, marker(attacker.name))) : undefined;
  const res = await cx.caller.call(attacker.name, { method: op.method, url, headers: body ? JSON_HEADERS : {}, body, purpose: `${attacker.name} (${attacker.tenant}) ${op.method} on ${victimTenant}'s object via ${name}` });
  const after = await read(`read back ${victimTenant}'s object after ${attacker.name} tried ${name}`);
  const effect = effectOf(op.method, before, after);
  cx.record('object-level', 'cross-tenant', name, attacker.name, [['attack', res.exchange], ['read-before', before?.exchange], ['read-back', after?.exchange]], {
    action: op.method === 'DELETE' ? 'delete' : 'change',
    status: status(res.exchange),
    changed: effect,
    victimTenant,
  }, reader?.name);
}

/** Tampered ids: the numeric neighbours of the attacker's own ids that are not its own. */
async function neighbours(cx: AccessContext, op: ApiOperation, attacker: RoleRef): Promise<void> {
  const collection = collectionOf(op.path) ?? '';
  const own = cx.ids.of(collection, attacker.tenant).map((i) => i.id);
  const first = own[0];
  const m = first ? /^(.*?)(\d+)$/.exec(first) : null;
  if (!first || !m) return own.length ? cx.skip('object-level', 'neighbour-id', opName(op), 'ids are not sequential') : cx.skipForWantOf('object-level', 'neighbour-id', opName(op), noIdReason(cx, collection, attacker.tenant));
  const [, prefix = '', digits = ''] = m;
  const candidates = [-2, -1, 1, 2]
    .map((d) => Number(digits) + d)
    .filter((n) => n >= 0)
    .map((n) => prefix + String(n).padStart(digits.length, '0'))
    .filter((id) => !own.includes(id));
  for (const id of candidates.slice(0, 2)) {
    const url = cx.url(fillTemplate(op.path, id) ?? op.path);
    const res = await cx.caller.call(attacker.name, { method: 'GET', url, purpose: `${attacker.name} tries a neighbouring id on ${opName(op)}` });
    const json = parseJson(res.body);
    const item = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
    const foreignTenant = item ? cx.ids.tenantOfItem(item, '?') : '?';
    const known = cx.ids.all(collection).find((i) => i.id === id);
    const foreign = ok2xx(res.exchange) && ((foreignTenant !== '?' && foreignTenant !== attacker.tenant) || (known !== undefined && known.tenant !== attacker.tenant));
    const confirm = foreign ? await cx.caller.call(attacker.name, { method: 'GET', url, purpose: 'confirm neighbouring id read' }) : undefined;
    cx.record('object-level', 'neighbour-id', opName(op), attacker.name, [['attack', res.exchange], ['confirm', confirm?.exchange]], {
      action: 'read',
      status: status(res.exchange),
      foreign,
      confirmStatus: status(confirm?.exchange),
      tamperedId: id,
    });
  }
}

/** PATCH one's own object with the body's id set to another tenant's object: which one changes? */
async function bodyIdMismatch(cx: AccessContext, op: ApiOperation, victimTenant: string, attacker: RoleRef): Promise<void> {
  const name = opName(op);
  if (!cx.writes) return cx.skip('object-level', 'body-id-mismatch', name, 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)');
  const field = markerField(op);
  if (!field) return cx.skip('object-level', 'body-id-mismatch', name, 'no text field in the request schema to mark the change');
  const mine = await freshObject(cx, op.path, attacker.tenant);
  const theirs = await freshObject(cx, op.path, victimTenant);
  if ('reason' in mine || 'reason' in theirs) return cx.skip('object-level', 'body-id-mismatch', name, 'reason' in mine ? mine.reason : (theirs as { reason: string }).reason);
  const collection = collectionOf(op.path) ?? '';
  const getItem = itemGetOf(cx, collection);
  const reader = getItem ? cx.roles.find((r) => r.tenant === victimTenant && (getItem.allowedRoles ?? []).includes(r.name)) : undefined;
  if (!getItem || !reader) return cx.skip('object-level', 'body-id-mismatch', name, 'no way to read the other object back');
  const readUrl = cx.url(fillTemplate(getItem.path, theirs.id) ?? '');
  const before = await cx.caller.call(reader.name, { method: 'GET', url: readUrl, purpose: 'read the victim object before the body-id probe' });
  const mark = marker(attacker.name);
  const body = JSON.stringify({ ...writeBody(op, mark), id: parseId(theirs.id) });
  const res = await cx.caller.call(attacker.name, {
    method: op.method,
    url: cx.url(fillTemplate(op.path, mine.id) ?? op.path),
    headers: JSON_HEADERS,
    body,
    purpose: `${name} on ${attacker.name}'s own object with another tenant's id in the body`,
  });
  const after = await cx.caller.call(reader.name, { method: 'GET', url: readUrl, purpose: 'read the victim object back' });
  cx.record('object-level', 'body-id-mismatch', name, attacker.name, [['attack', res.exchange], ['read-before', before.exchange], ['read-back', after.exchange]], {
    action: 'change',
    status: status(res.exchange),
    changed: effectOf(op.method, before, after),
    victimTenant,
  }, reader.name);
}

const parseId = (id: string): string | number => (/^\d+$/.test(id) ? Number(id) : id);
