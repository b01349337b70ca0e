// Function-level authorization: every role of the home tenant against every
// protected operation, judged by the policy. Reads use the tenant's own ids
// (so a denial is about the function, not tenancy); writes go to throwaway
// objects and are judged by reading the object back.
import type { ApiOperation } from '../../types.js';
import { ANON } from '../../../probe/role-caller.js';
import { isProtected } from '../openapi.js';
import { forEachBounded } from '../../../probe/pool.js';
import { updateBody, marker } from './bodies.js';
import { answerKind, effectOf, sameData, sameKindOfAnswer } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext, type RoleRef } from './context.js';
import { probeCollectionWrite } from './collection-writes.js';
import { freshObject, readObject } from './discovery.js';
import { flow, flowName, flowOf } from './flows.js';
import { collectionOf, fillTemplate } from './ids.js';
import { noIdReason } from './missing.js';

export async function functionLevel(cx: AccessContext): Promise<void> {
  // A platform admin (tenant: null) is judged by the policy alongside the home tenant's roles.
  const home = cx.roles.filter((r) => r.tenant === cx.homeTenant || r.platform);
  const targets = cx.ops.filter((o) => isProtected(o) && !isAuthFlow(cx, o));
  // Reads first, all of them, then writes: a read is judged by comparing two
  // answers, and a write of this phase landing between them (an audit-log
  // entry, a new row) would make the same open list look like different data.
  const isRead = (o: ApiOperation) => o.method === 'GET' || o.method === 'HEAD';
  // Issue 10: a few operations at a time, so memory follows the pool, not the document's size.
  const inFlight = cx.caller.pool.size * 2;
  await forEachBounded(targets.filter(isRead), inFlight, (op) => probeOperation(cx, op, home));
  await forEachBounded(targets.filter((o) => !isRead(o)), inFlight, (op) => probeOperation(cx, op, home));
}

export function isAuthFlow(cx: AccessContext, op: ApiOperation): boolean {
  const a = cx.config.auth;
  const f = a.flows;
  const declared = [a.login && `${a.login.method} ${a.login.path}`, a.logout && `${a.logout.method} ${a.logout.path}`, ...[f.passwordChange, f.passwordResetConfirm, f.passwordResetRequest, f.inviteAccept].map((x) => flowOf(x)?.name), flow(cx, 'signup')?.name];
  // Configured paths may leave out the API's base path (issue 11).
  return declared.some((d) => typeof d === 'string' && cx.isEndpoint(op, d));
}

/**
 * Whether the cross-owner and cross-tenant probes take an operation with a
 * path parameter: every one that is not an auth flow, and the password change
 * even when it is one, since `PUT /users/{username}/password` is a write to
 * the user it names (VAmPI's unauthorized password change was hidden as soon
 * as auth.flows.passwordChange named it).
 */
export function isObjectOperation(cx: AccessContext, op: ApiOperation): boolean {
  return !isAuthFlow(cx, op) || (op.path.includes('{') && cx.isEndpoint(op, flowName(cx, 'passwordChange')));
}

async function probeOperation(cx: AccessContext, op: ApiOperation, home: RoleRef[]): Promise<void> {
  const name = opName(op);
  const allowed = home.filter((r) => (op.allowedRoles ?? []).includes(r.name));
  const denied = home.filter((r) => !(op.allowedRoles ?? []).includes(r.name));
  if (!cx.homeTenant) return cx.skip('function-level', 'matrix', name, 'no role signed in');
  const params = (op.path.match(/\{/g) ?? []).length;

  if (op.method === 'GET' || op.method === 'HEAD') {
    let path = op.path;
    if (params >= 1) {
      const collection = collectionOf(op.path) ?? '';
      const id = cx.ids.of(collection, cx.homeTenant)[0]?.id;
      const filled = id === undefined ? undefined : fillTemplate(op.path, id);
      if (!filled) return id === undefined ? cx.skipForWantOf('function-level', 'matrix', name, noIdReason(cx, collection, cx.homeTenant)) : cx.skip('function-level', 'matrix', name, `${op.path} cannot be filled with one id`);
      path = filled;
    }
    const url = cx.url(path);
    const baseRole = allowed[0];
    const baseline = baseRole ? await cx.caller.call(baseRole.name, { method: op.method, url, purpose: `baseline for ${name}` }) : undefined;
    for (const r of allowed.slice(1)) {
      const res = await cx.caller.call(r.name, { method: op.method, url, purpose: `allowed role ${r.name} on ${name}` });
      cx.record('function-level', 'allowed-role', name, r.name, [['call', res.exchange]], { expected: 'allow', status: status(res.exchange) });
    }
    if (baseRole && baseline) {
      cx.record('function-level', 'allowed-role', name, baseRole.name, [['call', baseline.exchange]], { expected: 'allow', status: status(baseline.exchange) });
    }
    for (const r of denied) {
      const res = await cx.caller.call(r.name, { method: op.method, url, purpose: `denied role ${r.name} on ${name}` });
      let same: boolean | null = null;
      let kind: { same: boolean; why?: string } | undefined;
      let confirm;
      if (ok2xx(res.exchange)) {
        same = baseline && ok2xx(baseline.exchange) ? sameData(baseline.body, res.body) : null;
        // A 200 carrying {"error": "forbidden"} or the login page is a refusal: only the same kind of answer is worth confirming.
        kind = baseline && ok2xx(baseline.exchange) ? sameKindOfAnswer(baseline.exchange, res.exchange) : undefined;
        if (kind?.same !== false) confirm = await cx.caller.call(r.name, { method: op.method, url, purpose: `confirm denied role ${r.name} on ${name}` });
      }
      cx.record(
        'function-level',
        'denied-role',
        name,
        r.name,
        [['attack', res.exchange], ['confirm', confirm?.exchange], ['baseline', baseline?.exchange]],
        {
          expected: 'deny',
          status: status(res.exchange),
          confirmStatus: status(confirm?.exchange),
          baselineStatus: status(baseline?.exchange),
          baselineRole: baseRole?.name ?? null,
          sameData: same,
          sameKind: kind ? kind.same : null,
          difference: kind?.why ?? null,
          admin: /admin/i.test(op.path),
        },
      );
    }
    return;
  }

  // Writes. Anonymous callers are tried too: "internal workflows triggered without signing in".
  if (!cx.writes) return cx.skip('function-level', 'matrix', name, 'a state-changing operation, and writes are not allowed on the target environment (allowWrites: false, or a --read-only run)');
  const anon: RoleRef = { name: ANON, tenant: '' };
  if (params === 0) return probeCollectionWrite(cx, op, allowed, [...denied, anon]);
  const collection = collectionOf(op.path) ?? '';
  const listOrItem = cx.ops.find((o) => o.method === 'GET' && (collectionOf(o.path) === collection || o.path === collection));
  const reader = listOrItem ? cx.allowed(listOrItem).find((r) => r.tenant === cx.homeTenant) : undefined;
  // Denied callers first: a shared throwaway object (no POST to create one) must still be in its first state for them.
  for (const r of [anon, ...denied, ...allowed.slice(0, 1)]) {
    const isAllowed = allowed.includes(r);
    const obj = await freshObject(cx, op.path, cx.homeTenant);
    if ('reason' in obj) {
      cx.skip('function-level', isAllowed ? 'allowed-role' : 'denied-role', name, obj.reason);
      continue;
    }
    const url = cx.url(fillTemplate(op.path, obj.id) ?? op.path);
    // With one-user tenants only the creator may read its object back.
    const readAs = cx.tenantBy === 'user' ? obj.role : reader?.name;
    const read = (purpose: string) => (readAs ? readObject(cx, op.path, obj.id, readAs, purpose) : Promise.resolve(undefined));
    const before = await read(`read before ${r.name} tries ${name}`);
    const body = op.hasJsonBody ? JSON.stringify(updateBody(op, marker(r.name))) : undefined;
    const res = await cx.caller.call(r.name, { method: op.method, url, headers: body ? JSON_HEADERS : {}, body, purpose: `${isAllowed ? 'allowed' : 'denied'} role ${r.name} on ${name}` });
    const after = await read(`read back after ${r.name} tried ${name}`);
    const effect = effectOf(op.method, before, after);
    cx.record(
      'function-level',
      isAllowed ? 'allowed-role' : 'denied-role',
      name,
      r.name,
      [['attack', res.exchange], ['read-before', before?.exchange], ['read-back', after?.exchange]],
      { expected: isAllowed ? 'allow' : 'deny', status: status(res.exchange), changed: effect, answerKind: ok2xx(res.exchange) ? answerKind(res.exchange) : null, admin: /admin/i.test(op.path), baselineStatus: null },
    );
  }
}

export { ANON };
