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
import { marker, updateBody, writeBody } from './bodies.js';
import { effectOf, sameData } from './compare.js';
import { PROBE_MARK, propertiesOf } from '../../../probe/schema-bodies.js';
import { wrapperOf } from '../../../target/bodies.js';
import { JSON_HEADERS, ok2xx, opName, status, type AccessContext, type RoleRef } from './context.js';
import { freshObject, readObject } from './discovery.js';
import { isObjectOperation } from './function-level.js';
import { collectionOf, fillTemplate } from './ids.js';
import { fillBody, flow, flowName } from './flows.js';

const params = (o: ApiOperation) => (o.path.match(/\{/g) ?? []).length;

export async function crossOwners(cx: AccessContext): Promise<void> {
  const users = cx.roles.filter((r) => !r.platform);
  if (users.length < 2) {
    cx.skipFamily('object-level', 'with one-user tenants (tenantBy: user) two signed-in users are needed to try each other\'s objects');
    return;
  }
  // Nested items (/articles/{slug}/comments/{id}) too: their ids carry their parents'.
  const itemOps = cx.ops.filter((o) => params(o) >= 1 && isObjectOperation(cx, o));
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

  if (!cx.writes) return skip('a state-changing operation, and writes are not allowed on the target environment (allowWrites: false, or a --read-only run)');
  if (setsPassword(op)) return crossOwnerPassword(cx, op, allowed);
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

/** A write that sets a password: a …/password route, or a body whose only writable fields are passwords. */
function setsPassword(op: ApiOperation): boolean {
  if (op.method === 'GET' || op.method === 'DELETE') return false;
  if (/\/password\/?$/i.test(op.path)) return true;
  const props = propertiesOf(op.requestSchema).map((p) => p.name);
  return props.length > 0 && props.every((p) => /password/i.test(p));
}

/**
 * Another user's password, changed by an attacker (VAmPI's "unauthorized
 * password change"): the victim is a configured role whose own identity
 * fills the path ({username}), the attacker sends a temporary password,
 * and the change is judged by signing the victim in with it. The victim's
 * password is put back at once through the same operation as the victim,
 * and the restore is verified by signing in with the configured one.
 */
const BODY_REFUSED = new Set([400, 422]);

async function crossOwnerPassword(cx: AccessContext, op: ApiOperation, allowed: RoleRef[]): Promise<void> {
  const name = opName(op);
  const param = /\{([^}]+)\}/.exec(op.path)?.[1] ?? 'id';
  const values = cx.ids.valuesFor(param);
  const victim = allowed.find((r) => cx.config.auth.roles[r.name]?.login && values.some((v) => v.owner === r.name));
  if (!victim) return cx.skip('object-level', 'cross-owner', name, `no signed-in user's own {${param}} is known`);
  const attacker = allowed.find((r) => r.name !== victim.name)!;
  const own = values.find((v) => v.owner === victim.name)!.value;
  const original = cx.config.auth.roles[victim.name]!.login!.password;
  const temp = `${PROBE_MARK}-Tmp-${Math.random().toString(36).slice(2, 10)}!`;
  cx.redactor?.add(temp);
  // The configured password-change flow's template where this is that flow (its field names are the app's own);
  // `current` is the password the caller would know: the attacker's own in the attack, the temporary one when putting back.
  const template = cx.isEndpoint(op, flowName(cx, 'passwordChange')) ? flow(cx, 'passwordChange')?.body : undefined;
  const attackerPassword = cx.config.auth.roles[attacker.name]?.login?.password;
  // Every password field of the body (inside the schema's wrapper too) carries the new password.
  const bodyWith = (pw: string, current?: string) => {
    if (template) return JSON.stringify(fillBody(template, { newPassword: pw, ...(current !== undefined ? { password: current } : {}) }));
    let set = false;
    const put = (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) {
        if (/password/i.test(k) && !/current|old/i.test(k)) {
          o[k] = pw;
          set = true;
        } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) put(v as Record<string, unknown>);
      }
    };
    const b = writeBody(op);
    put(b);
    if (!set) {
      const w = wrapperOf(op.requestSchema);
      if (w) b[w] = { ...(typeof b[w] === 'object' && b[w] !== null ? (b[w] as Record<string, unknown>) : {}), password: pw };
      else b.password = pw;
    }
    return JSON.stringify(b);
  };
  const url = cx.url(fillTemplate(op.path, own) ?? op.path);
  const res = await cx.caller.call(attacker.name, { method: op.method, url, headers: JSON_HEADERS, body: bodyWith(temp, typeof attackerPassword === 'string' ? attackerPassword : undefined), purpose: `${attacker.name} sets ${victim.name}'s password via ${name}` });
  // Whose password changed: the victim's (the bug), or the attacker's own (an app that ignores the path's user).
  const putBack = async (who: RoleRef, pw: string): Promise<boolean> => {
    const s = await cx.caller.sessions.fresh(who.name, temp);
    if (!s.ok) return false;
    const mine = cx.ids.valuesFor(param).find((v) => v.owner === who.name)?.value ?? own;
    const back = await cx.caller.call('probe-session', { method: op.method, url: cx.url(fillTemplate(op.path, mine) ?? op.path), headers: JSON_HEADERS, credentials: s.session.headers, body: bodyWith(pw, temp), purpose: `put ${who.name}'s password back` });
    const ok = ok2xx(back.exchange) && (await cx.caller.sessions.fresh(who.name)).ok;
    if (!ok) cx.notes.push(`the password of ${who.name} could not be put back after ${name} changed it: reset it by hand (the temporary one is in no report)`);
    await cx.caller.sessions.renew(who.name);
    return ok;
  };
  const withTemp = await cx.caller.sessions.fresh(victim.name, temp);
  let restored: boolean | null = null;
  if (withTemp.ok) restored = await putBack(victim, original);
  const unchanged = !withTemp.ok && (await cx.caller.sessions.fresh(victim.name)).ok;
  if (!withTemp.ok && !unchanged) cx.notes.push(`after ${name}, ${victim.name} signs in neither with its configured password nor with the probe's: check its account by hand`);
  if (attackerPassword && !(await cx.caller.sessions.fresh(attacker.name)).ok) await putBack(attacker, attackerPassword);
  cx.record('object-level', 'cross-owner', name, attacker.name, [['attack', res.exchange], ['victim signs in with the new password', cx.caller.sessions.lastLogin.get(victim.name)?.exchange]], {
    action: 'change',
    status: status(res.exchange),
    // A 400/422 says the body was not understood, not that the caller was refused: nothing is shown either way.
    changed: withTemp.ok ? true : unchanged && !BODY_REFUSED.has(status(res.exchange) ?? 0) ? false : null,
    restored,
    victimTenant: victim.name,
  }, victim.name);
}
