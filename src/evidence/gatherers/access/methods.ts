// HTTP methods: a path answering a method its spec does not document is a
// route nobody reviewed (405 expected), and a method-override header that
// turns a POST or GET into a DELETE slips past method-based rules. Writes go
// only to throwaway objects, and only where allowWrites is true.
import { ANON } from '../../../probe/role-caller.js';
import { isDocumentSource, noDocumentReason } from '../../access-types.js';
import type { ApiOperation } from '../../types.js';
import { ok2xx, status, type AccessContext } from './context.js';
import { freshObject } from './discovery.js';
import { collectionOf, fillTemplate } from './ids.js';
import { noOperation, operationsSource } from './missing.js';

const CANDIDATES = ['GET', 'PUT', 'PATCH', 'DELETE', 'POST'];
const MAX_PATHS = 40;

export async function undocumentedMethods(cx: AccessContext): Promise<void> {
  // Without an API document nothing is "undocumented": operations from the page, the policy or recordings
  // only name what was seen or written down (critic #9). The check says so; no request is spent.
  if (!cx.target.sources.some(isDocumentSource)) return cx.skipFamily('undocumented-method', noDocumentReason(cx.target.sources));
  const byPath = new Map<string, ApiOperation[]>();
  for (const op of cx.ops) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op]);
  const paths = [...byPath.keys()].filter((p) => (p.match(/\{/g) ?? []).length <= 1).slice(0, MAX_PATHS);
  await Promise.all(
    paths.map(async (path) => {
      const documented = new Set(byPath.get(path)!.map((o) => o.method));
      const sample = byPath.get(path)![0]!;
      const role = cx.allowed(sample).find((r) => r.tenant === cx.homeTenant)?.name ?? (sample.allowedRoles?.includes('anonymous') ? ANON : cx.roles[0]?.name);
      if (!role) return;
      for (const method of CANDIDATES.filter((m) => !documented.has(m))) {
        const item = path.includes('{');
        if (method !== 'GET' && !cx.writes) {
          cx.skip('undocumented-method', method, `${method} ${path}`, 'a state-changing method, and writes are not allowed (allowWrites: false, or a --read-only run)');
          continue;
        }
        // Never an undocumented write on a whole collection: it could wipe real data.
        if (method !== 'GET' && method !== 'POST' && !item) continue;
        let target: string | undefined = path;
        if (item) {
          if (method === 'GET') {
            const id = cx.ids.of(collectionOf(path) ?? '', cx.homeTenant ?? '')[0]?.id;
            target = id === undefined ? undefined : fillTemplate(path, id);
          } else {
            const obj = await freshObject(cx, path, cx.homeTenant ?? '');
            target = 'id' in obj ? fillTemplate(path, obj.id) : undefined;
          }
        }
        if (!target) continue;
        const url = cx.url(target);
        const res = await cx.caller.call(role, { method, url, headers: method === 'GET' ? {} : { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}', purpose: `undocumented method ${method} on ${path}` });
        const confirm = ok2xx(res.exchange) && method === 'GET' ? await cx.caller.call(role, { method, url, purpose: `confirm undocumented ${method} on ${path}` }) : undefined;
        cx.record('undocumented-method', method, `${method} ${path}`, role, [['attack', res.exchange], ['confirm', confirm?.exchange]], {
          status: status(res.exchange),
          confirmStatus: status(confirm?.exchange),
          documented: [...documented].join(','),
          source: operationsSource(cx),
        });
      }
    }),
  );
}

const OVERRIDES: { variant: string; method: string; header?: string; query?: boolean }[] = [
  { variant: 'x-http-method-override', method: 'POST', header: 'x-http-method-override' },
  { variant: 'x-method-override', method: 'POST', header: 'x-method-override' },
  { variant: 'x-http-method', method: 'POST', header: 'x-http-method' },
  { variant: '_method query', method: 'POST', query: true },
  { variant: 'x-http-method-override on GET', method: 'GET', header: 'x-http-method-override' },
];

export async function methodOverride(cx: AccessContext): Promise<void> {
  const del = cx.ops.find((o) => o.method === 'DELETE' && (o.path.match(/\{/g) ?? []).length === 1);
  if (!del) return cx.skipFamily('method-override', 'no DELETE operation on an item to aim an override at');
  const get = cx.ops.find((o) => o.method === 'GET' && o.path === del.path);
  if (!get) return cx.skipFamily('method-override', `${noOperation(cx, 'GET', del.path)} to read the object back`);
  if (!cx.writes) return cx.skipFamily('method-override', 'the probe deletes a throwaway object; writes are not allowed (allowWrites: false, or a --read-only run)');
  const role = cx.allowed(del).find((r) => r.tenant === cx.homeTenant)?.name;
  if (!role) return cx.skipFamily('method-override', `no signed-in role may call DELETE ${del.path}`);
  for (const o of OVERRIDES) {
    const obj = await freshObject(cx, del.path, cx.homeTenant ?? '');
    if ('reason' in obj) return cx.skip('method-override', o.variant, `DELETE ${del.path}`, obj.reason);
    const base = cx.url(fillTemplate(del.path, obj.id) ?? del.path);
    const url = o.query ? `${base}?_method=DELETE` : base;
    const res = await cx.caller.call(role, {
      method: o.method,
      url,
      headers: { ...(o.header ? { [o.header]: 'DELETE' } : {}), ...(o.method === 'POST' ? { 'content-type': 'application/json' } : {}) },
      body: o.method === 'POST' ? '{}' : undefined,
      purpose: `method override (${o.variant}) towards DELETE`,
    });
    const readBack = await cx.caller.call(role, { method: 'GET', url: base, purpose: `read back after method override (${o.variant})` });
    cx.record('method-override', o.variant, `DELETE ${del.path}`, role, [['attack', res.exchange], ['read-back', readBack.exchange]], {
      status: status(res.exchange),
      readBackStatus: status(readBack.exchange),
      deleted: !ok2xx(readBack.exchange) && (readBack.exchange.response?.status === 404 || readBack.exchange.response?.status === 410),
    });
  }
}
