// Object-level authorization between users of one-user tenants (tenantBy:
// user): every user owns their own objects (a blog's articles, a library's
// books, their own account), so a user the policy lets call an operation
// must still be refused on another user's object. The victim's object is
// one it owns (its owner property carries the victim's identity, or the
// probe created it as the victim); a read counts when the attacker gets the
// victim's data twice, a write when reading the object back as its owner
// shows the change.
import { ANONYMOUS } from '../../../config/policy.js';
import type { ApiOperation } from '../../types.js';
import { marker, updateBody } from './bodies.js';
import { effectOf, sameData } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext, type RoleRef } from './context.js';
import { freshObject, readObject } from './discovery.js';
import { isAuthFlow } from './function-level.js';
import { collectionOf, fillTemplate } from './ids.js';

const params = (o: ApiOperation) => (o.path.match(/\{/g) ?? []).length;

export async function crossOwners(cx: AccessContext): Promise<void> {
  const users = cx.roles.filter((r) => !r.platform);
  if (users.length < 2) {
    cx.skipFamily('object-level', 'with one-user tenants (tenantBy: user) two signed-in users are needed to try each other\'s objects');
    return;
  }
  const itemOps = cx.ops.filter((o) => params(o) === 1 && !isAuthFlow(cx, o));
  // Reads first: a write of this phase must not change what a read compares.
  await Promise.all(itemOps.filter((o) => o.method === 'GET').map((op) => crossOwner(cx, op, users)));
  await Promise.all(itemOps.filter((o) => o.method !== 'GET').map((op) => crossOwner(cx, op, users)));
}

async function crossOwner(cx: AccessContext, op: ApiOperation, users: RoleRef[]): Promise<void> {
  const name = opName(op);
  const skip = (reason: string) => cx.skip('object-level', 'cross-owner', name, reason);
  if ((op.allowedRoles ?? []).includes(ANONYMOUS)) return skip('public resource: the policy lets anyone call it');
  if (op.anyObject) return skip('the policy lets its callers act on anyone\'s objects (objects: any)');
  const allowed = users.filter((r) => (op.allowedRoles ?? []).includes(r.name));
  if (allowed.length < 2) return skip(`only ${allowed.map((r) => r.name).join(', ') || 'no signed-in role'} may call it: the function-level probes judge the others`);
  const collection = collectionOf(op.path) ?? '';

  if (op.method === 'GET' || op.method === 'HEAD') {
    let victim: RoleRef | undefined;
    let id: string | undefined;
    for (const v of allowed) {
      id = cx.ids.ownedBy(collection, v.name)[0]?.id;
      if (id !== undefined) {
        victim = v;
        break;
      }
    }
    let why = `no object in ${collection} has a known owner among ${allowed.map((r) => r.name).join(', ')}`;
    if (!victim && cx.writes) {
      for (const v of allowed) {
        const obj = await freshObject(cx, op.path, v.tenant, v.name);
        if ('id' in obj) {
          victim = v;
          id = obj.id;
          break;
        }
        why = obj.reason;
      }
    }
    if (!victim || id === undefined) return skip(why);
    const attacker = allowed.find((r) => r.name !== victim.name)!;
    const url = cx.url(fillTemplate(op.path, id) ?? op.path);
    const baseline = await cx.caller.call(victim.name, { method: op.method, url, purpose: `baseline: ${victim.name} reads its own object via ${name}` });
    const res = await cx.caller.call(attacker.name, { method: op.method, url, purpose: `${attacker.name} reads ${victim.name}'s object via ${name}` });
    const same = ok2xx(res.exchange) && ok2xx(baseline.exchange) ? sameData(baseline.body, res.body) : false;
    const confirm = same ? await cx.caller.call(attacker.name, { method: op.method, url, purpose: `confirm ${attacker.name} reads ${victim.name}'s object` }) : undefined;
    cx.record('object-level', 'cross-owner', name, attacker.name, [['attack', res.exchange], ['confirm', confirm?.exchange], ['baseline', baseline.exchange]], {
      action: 'read',
      status: status(res.exchange),
      baselineStatus: status(baseline.exchange),
      sameData: same,
      confirmStatus: status(confirm?.exchange),
      victimTenant: victim.name,
    }, victim.name);
    return;
  }

  if (!cx.writes) return skip('a state-changing operation, and writes are not allowed on the target environment (allowWrites: false)');
  let why = '';
  for (const victim of allowed) {
    const obj = await freshObject(cx, op.path, victim.tenant, victim.name);
    if ('reason' in obj) {
      why = obj.reason;
      continue;
    }
    const attacker = allowed.find((r) => r.name !== victim.name)!;
    const url = cx.url(fillTemplate(op.path, obj.id) ?? op.path);
    const read = (purpose: string) => readObject(cx, op.path, obj.id, victim.name, purpose);
    const before = await read(`read ${victim.name}'s object before ${attacker.name} tries ${name}`);
    const body = op.hasJsonBody || op.requestSchema ? JSON.stringify(updateBody(op, marker(attacker.name))) : undefined;
    const res = await cx.caller.call(attacker.name, { method: op.method, url, headers: body ? JSON_HEADERS : {}, body, purpose: `${attacker.name} ${op.method} on ${victim.name}'s object via ${name}` });
    const after = await read(`read ${victim.name}'s object back after ${attacker.name} tried ${name}`);
    cx.record('object-level', 'cross-owner', name, attacker.name, [['attack', res.exchange], ['read-before', before?.exchange], ['read-back', after?.exchange]], {
      action: op.method === 'DELETE' ? 'delete' : 'change',
      status: status(res.exchange),
      changed: effectOf(op.method, before, after),
      victimTenant: victim.name,
    }, victim.name);
    return;
  }
  return skip(why || `no object of ${allowed.map((r) => r.name).join(' or ')} could be created in ${collection}`);
}
