// Mass assignment: sensitive properties the request schema does not offer
// (role, isAdmin, tenant or owner id, amount, status, approved) added to a
// write, then the object read back. A property counts only when the read-back
// shows the injected value and a control write without it does not.
import type { RawResult } from '../../../probe/role-caller.js';
import { propertiesOf } from '../../../probe/schema-bodies.js';
import type { ApiOperation } from '../../types.js';
import { writeBody } from './bodies.js';
import { fieldOf, sameValue } from './compare.js';
import { JSON_HEADERS, ok2xx, opName, parseJson, status, type AccessContext, type RoleRef } from './context.js';
import { freshObject } from './discovery.js';
import { isAuthFlow } from './function-level.js';
import { collectionOf, fillTemplate } from './ids.js';

function injections(cx: AccessContext, attacker: RoleRef): Record<string, unknown> {
  const other = cx.roles.find((r) => r.tenant !== attacker.tenant);
  const otherKey = other ? cx.ids.tenantKeyOf(other.tenant) : undefined;
  const top = [...cx.roles].sort((a, b) => allowedCount(cx, b) - allowedCount(cx, a))[0];
  return {
    role: top && top.name !== attacker.name ? top.name : 'admin',
    isAdmin: true,
    admin: true,
    tenantId: otherKey ?? 'launchready-tenant',
    ownerId: 'launchready-owner',
    amount: 987654321,
    status: 'approved',
    approved: true,
  };
}

// Memoised per run (issue 10): sorted on for every operation, it made the probe quadratic in the document's size.
const allowedCount = (cx: AccessContext, r: RoleRef) => cx.memo(`allowed-count ${r.name}`, () => cx.ops.filter((o) => (o.allowedRoles ?? []).includes(r.name)).length);

export async function massAssignment(cx: AccessContext): Promise<void> {
  const targets = cx.ops.filter((o) => (o.method === 'POST' || o.method === 'PATCH' || o.method === 'PUT') && o.hasJsonBody && !isAuthFlow(cx, o) && (o.path.match(/\{/g) ?? []).length <= 1);
  if (!cx.writes) {
    cx.skipFamily('mass-assignment', 'writes are not allowed on the target environment (allowWrites: false)');
    return;
  }
  for (const op of targets) await probe(cx, op);
}

async function probe(cx: AccessContext, op: ApiOperation): Promise<void> {
  const name = opName(op);
  // The least privileged allowed role of the home tenant: escalation matters most there.
  const attacker = cx.allowed(op).filter((r) => r.tenant === cx.homeTenant).sort((a, b) => allowedCount(cx, a) - allowedCount(cx, b))[0];
  if (!attacker) return cx.skip('mass-assignment', 'sensitive-properties', name, 'no signed-in role of the home tenant may call it');
  const offered = new Set(propertiesOf(op.requestSchema).filter((p) => p.schema.readOnly !== true).map((p) => p.name));
  const inject = Object.fromEntries(Object.entries(injections(cx, attacker)).filter(([k]) => !offered.has(k)));
  if (Object.keys(inject).length === 0) return cx.skip('mass-assignment', 'sensitive-properties', name, 'the request schema offers every sensitive property on purpose');

  const params = (op.path.match(/\{/g) ?? []).length;
  const collection = params ? collectionOf(op.path) : op.path.replace(/\/+$/, '');
  const itemGet = cx.memo(`item-get-any ${collection}`, () => cx.ops.find((o) => o.method === 'GET' && collectionOf(o.path) === collection && o.path.endsWith('}')));
  const selfGet = params === 0 ? cx.op('GET', op.path) : undefined;
  let url = cx.url(op.path);
  let readUrl: string | undefined;
  let before: RawResult | undefined;
  if (params === 1) {
    const obj = await freshObject(cx, op.path, attacker.tenant);
    if ('reason' in obj) return cx.skip('mass-assignment', 'sensitive-properties', name, obj.reason);
    url = cx.url(fillTemplate(op.path, obj.id) ?? op.path);
    readUrl = itemGet ? cx.url(fillTemplate(itemGet.path, obj.id) ?? '') : undefined;
  } else if (op.method !== 'POST' && selfGet) {
    readUrl = cx.url(selfGet.path);
  }
  if (readUrl) before = await cx.caller.call(attacker.name, { method: 'GET', url: readUrl, purpose: `read before mass-assignment probe on ${name}` });

  const body = { ...writeBody(op, undefined), ...inject };
  const res = await cx.caller.call(attacker.name, { method: op.method, url, headers: JSON_HEADERS, body: JSON.stringify(body), purpose: `mass assignment: sensitive properties added to ${name}` });
  let createdUrl: string | undefined;
  if (op.method === 'POST' && params === 0 && ok2xx(res.exchange)) {
    const id = (parseJson(res.body) as { id?: unknown } | undefined)?.id;
    if ((typeof id === 'string' || typeof id === 'number') && collection) {
      createdUrl = cx.url(`${collection}/${encodeURIComponent(String(id))}`);
      cx.created.push({ url: createdUrl, role: attacker.name });
      readUrl = itemGet ? cx.url(fillTemplate(itemGet.path, String(id)) ?? '') : undefined;
    }
  }
  let after = readUrl && ok2xx(res.exchange) ? await cx.caller.call(attacker.name, { method: 'GET', url: readUrl, purpose: `read back after mass-assignment probe on ${name}` }) : undefined;
  // An object moved to another tenant is no longer readable by its creator: read it as that tenant.
  if (after && !ok2xx(after.exchange) && readUrl) {
    const other = cx.roles.find((r) => r.tenant !== attacker.tenant);
    if (other) after = await cx.caller.call(other.name, { method: 'GET', url: readUrl, purpose: `read back as ${other.name}: did the object move tenant?` });
  }
  // Control: a plain write of the same kind, to tell an injected value from a default.
  let control: RawResult | undefined;
  if (op.method === 'POST' && params === 0 && after && ok2xx(after.exchange)) {
    const c = await cx.caller.call(attacker.name, { method: 'POST', url, headers: JSON_HEADERS, body: JSON.stringify(writeBody(op, undefined)), purpose: `control write without sensitive properties on ${name}` });
    const cid = (parseJson(c.body) as { id?: unknown } | undefined)?.id;
    if (ok2xx(c.exchange) && (typeof cid === 'string' || typeof cid === 'number') && itemGet && collection) {
      cx.created.push({ url: cx.url(`${collection}/${encodeURIComponent(String(cid))}`), role: attacker.name });
      control = await cx.caller.call(attacker.name, { method: 'GET', url: cx.url(fillTemplate(itemGet.path, String(cid)) ?? ''), purpose: 'read back the control object' });
    }
  }
  const stuck = after && ok2xx(after.exchange)
    ? Object.entries(inject)
        .filter(([k, v]) => sameValue(fieldOf(after.body, k), v))
        .filter(([k, v]) => !(before && ok2xx(before.exchange) && sameValue(fieldOf(before.body, k), v)))
        .filter(([k, v]) => !(control && ok2xx(control.exchange) && sameValue(fieldOf(control.body, k), v)))
        .map(([k]) => k)
    : [];
  cx.record('mass-assignment', 'sensitive-properties', name, attacker.name, [['attack', res.exchange], ['read-before', before?.exchange], ['read-back', after?.exchange], ['control', control?.exchange]], {
    status: status(res.exchange),
    injected: Object.keys(inject).join(','),
    accepted: stuck.join(','),
    readBack: after ? status(after.exchange) : null,
  });
  // Undo what stuck on a shared object (the attacker's own profile), so later probes see the real roles.
  if (stuck.length && !createdUrl && params === 0 && before && ok2xx(before.exchange)) {
    const restore = Object.fromEntries(stuck.map((k) => [k, fieldOf(before.body, k)]));
    await cx.caller.call(attacker.name, { method: op.method, url, headers: JSON_HEADERS, body: JSON.stringify(restore), purpose: 'restore properties the mass-assignment probe changed' });
  }
}
