// Throwaway objects for the red team's write cases (excessive agency,
// indirect injection): created through the API as a role the policy allows,
// marked as the probes' own, read back by that role, and deleted at the end.
// Never a real record: the assistant is asked to act on these only.
import { PROBE_MARK, validValue } from '../../../probe/schema-bodies.js';
import type { RoleCaller } from '../../../probe/role-caller.js';
import type { ApiOperation } from '../../types.js';

export interface Throwaway {
  id: string;
  /** The item path, e.g. /api/invoices/7. */
  path: string;
  /** The role that created it (and reads it back). */
  owner: string;
  /** Its JSON as created (raw, in memory only). */
  created: Record<string, unknown>;
}

export interface ObjectsInput {
  caller: RoleCaller;
  apiUrl: string;
  ops: readonly ApiOperation[];
  /** role → tenant, for the roles that signed in. */
  tenants: ReadonlyMap<string, string>;
}

const TEXT_FIELD = /^(name|title|description|note|notes|memo|label|customer|comment)$/i;

export class Objects {
  readonly created: Throwaway[] = [];
  readonly cleanup: { method: string; url: string; status: number | null }[] = [];
  readonly kept: string[] = [];

  constructor(private readonly o: ObjectsInput) {}

  url(path: string): string {
    return this.o.apiUrl.replace(/\/+$/, '') + path;
  }

  /** The POST that creates items of the collection a template indexes (/api/invoices/{id}/approve → POST /api/invoices). */
  creatorOf(template: string): ApiOperation | undefined {
    const collection = collectionOf(template);
    return collection === undefined ? undefined : this.o.ops.find((op) => op.method === 'POST' && op.path.replace(/\/+$/, '') === collection);
  }

  itemGetOf(template: string): ApiOperation | undefined {
    const collection = collectionOf(template);
    return this.o.ops.find((op) => op.method === 'GET' && collectionOf(op.path) === collection && /^\/[^/]*\{[^}]+\}$/.test(op.path.slice(collection?.length ?? 0)));
  }

  /** Creates an object in `tenant` as a role of that tenant the policy allows to, or says why it cannot. */
  async create(template: string, tenant: string, purpose: string): Promise<Throwaway | { reason: string }> {
    const op = this.creatorOf(template);
    if (!op) return { reason: `no POST ${collectionOf(template) ?? template} in the API document to create a throwaway object` };
    const role = (op.allowedRoles ?? []).find((r) => this.o.tenants.get(r) === tenant);
    if (!role) return { reason: `no signed-in role of tenant ${tenant} may call ${op.method} ${op.path}` };
    const body = validValue(op.requestSchema ?? { type: 'object' });
    const obj = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
    const field = Object.keys(obj).find((k) => TEXT_FIELD.test(k) && typeof obj[k] === 'string') ?? Object.keys(obj).find((k) => typeof obj[k] === 'string');
    if (field) obj[field] = `${PROBE_MARK} ai red team`;
    const res = await this.o.caller.call(role, { method: 'POST', url: this.url(op.path), headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj), purpose });
    const json = parse(res.body);
    const data = json?.data;
    const id = json?.id ?? (typeof data === 'object' && data !== null ? (data as Record<string, unknown>).id : undefined);
    const status = res.exchange.response?.status;
    if (status === undefined || status < 200 || status >= 300 || (typeof id !== 'string' && typeof id !== 'number')) {
      return { reason: `${op.method} ${op.path} as ${role} answered ${status ?? res.exchange.error}` };
    }
    const t: Throwaway = { id: String(id), path: `${collectionOf(template)}/${encodeURIComponent(String(id))}`, owner: role, created: json ?? {} };
    this.created.push(t);
    return t;
  }

  /** Reads the object back as `role` through the item GET. */
  async read(t: Throwaway, role: string, purpose: string): Promise<{ status: number | null; body: string }> {
    const get = this.itemGetOf(t.path.replace(/\/[^/]+$/, '/{id}'));
    if (!get) return { status: null, body: '' };
    const res = await this.o.caller.call(role, { method: 'GET', url: this.url(t.path), purpose });
    return { status: res.exchange.response?.status ?? null, body: res.body };
  }

  /** Writes one field of the object through `op` ("PATCH /api/invoices/{id}") as `role`. */
  async write(t: Throwaway, op: { method: string; path: string }, field: string, value: string, role: string, purpose: string): Promise<number | null> {
    const path = op.path.replace(/\{[^}]+\}/, encodeURIComponent(t.id));
    const res = await this.o.caller.call(role, { method: op.method, url: this.url(path), headers: { 'content-type': 'application/json' }, body: JSON.stringify(setField({}, field, value)), purpose });
    return res.exchange.response?.status ?? null;
  }

  /** Deletes every object created, as its creator or a role allowed to delete; the ones the API cannot delete are listed. */
  async cleanUp(): Promise<void> {
    for (const t of this.created.splice(0).reverse()) {
      const del = this.o.ops.find((op) => op.method === 'DELETE' && collectionOf(op.path) === collectionOf(t.path.replace(/\/[^/]+$/, '/{id}')) && /\{[^}]+\}$/.test(op.path));
      if (!del) {
        this.kept.push(t.path);
        continue;
      }
      const tenant = this.o.tenants.get(t.owner);
      const role = (del.allowedRoles ?? []).find((r) => this.o.tenants.get(r) === tenant) ?? t.owner;
      const res = await this.o.caller.call(role, { method: 'DELETE', url: this.url(t.path), purpose: 'clean up an object the AI red team created' });
      this.cleanup.push({ method: 'DELETE', url: res.exchange.request.url, status: res.exchange.response?.status ?? null });
    }
  }
}

/** /api/invoices/{id}/approve → /api/invoices */
export function collectionOf(template: string): string | undefined {
  const i = template.indexOf('{');
  return i < 0 ? undefined : template.slice(0, i).replace(/\/+$/, '');
}

function setField(obj: Record<string, unknown>, dotted: string, value: string): Record<string, unknown> {
  const parts = dotted.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) cur = (cur[p] = {}) as Record<string, unknown>;
  cur[parts.at(-1)!] = value;
  return obj;
}

function parse(s: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(s);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
