// Ids harvested from each role's own responses, kept per tenant, so the
// probes can build cross-tenant and cross-role requests with ids that really
// exist. An item that carries a tenant field is filed under that tenant (a
// list that leaks another tenant's rows must not make them "ours").
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const TENANT_FIELDS = ['tenantId', 'tenant_id', 'tenant', 'workspaceId', 'workspace_id', 'orgId', 'org_id', 'organizationId', 'accountId'];

export interface HarvestedItem {
  id: string;
  tenant: string;
  /** The role whose response carried it. */
  seenBy: string;
  item: Obj;
}

export class IdStore {
  /** collection path → items */
  private readonly items = new Map<string, HarvestedItem[]>();
  /** app tenant key (e.g. "t_acme") → configured tenant name */
  private readonly tenantKeys = new Map<string, string>();

  learnTenantKey(key: unknown, tenant: string): void {
    if (typeof key === 'string' || typeof key === 'number') this.tenantKeys.set(String(key), tenant);
  }

  tenantKeyOf(tenant: string): string | undefined {
    for (const [k, t] of this.tenantKeys) if (t === tenant) return k;
    return undefined;
  }

  /** The configured tenant an item belongs to, from its tenant field where it has one. */
  tenantOfItem(item: Obj, fallback: string): string {
    for (const f of TENANT_FIELDS) {
      const v = item[f];
      if (typeof v === 'string' || typeof v === 'number') {
        const t = this.tenantKeys.get(String(v));
        if (t) return t;
      }
    }
    return fallback;
  }

  /** Files the items of a list (or single-object) response. Returns the items found. */
  harvest(collection: string, role: string, roleTenant: string, json: unknown): HarvestedItem[] {
    const list = Array.isArray(json) ? json : isObj(json) ? (findArray(json) ?? (json.id !== undefined ? [json] : [])) : [];
    const found: HarvestedItem[] = [];
    for (const it of list) {
      if (!isObj(it)) continue;
      const id = it.id ?? it.uuid;
      if (typeof id !== 'string' && typeof id !== 'number') continue;
      found.push({ id: String(id), tenant: this.tenantOfItem(it, roleTenant), seenBy: role, item: it });
    }
    const key = norm(collection);
    const all = this.items.get(key) ?? [];
    for (const f of found) if (!all.some((a) => a.id === f.id)) all.push(f);
    this.items.set(key, all);
    return found;
  }

  add(collection: string, item: HarvestedItem): void {
    const key = norm(collection);
    const all = this.items.get(key) ?? [];
    if (!all.some((a) => a.id === item.id)) all.push(item);
    this.items.set(key, all);
  }

  of(collection: string, tenant: string): HarvestedItem[] {
    return (this.items.get(norm(collection)) ?? []).filter((i) => i.tenant === tenant);
  }

  all(collection: string): HarvestedItem[] {
    return this.items.get(norm(collection)) ?? [];
  }

  collections(): string[] {
    return [...this.items.keys()];
  }
}

const norm = (p: string) => p.replace(/\/+$/, '');

function findArray(json: Obj): unknown[] | undefined {
  for (const k of ['items', 'data', 'results']) if (Array.isArray(json[k])) return json[k] as unknown[];
  for (const v of Object.values(json)) if (Array.isArray(v)) return v;
  return undefined;
}

/** The collection a template's first path parameter indexes: /api/invoices/{id}/approve → /api/invoices. */
export function collectionOf(template: string): string | undefined {
  const i = template.indexOf('{');
  if (i < 0) return undefined;
  return norm(template.slice(0, i));
}

/** Fills every {param}; the first with `id`, later ones unsupported (undefined). */
export function fillTemplate(template: string, id: string): string | undefined {
  const params = template.match(/\{[^}]+\}/g) ?? [];
  if (params.length !== 1) return params.length === 0 ? template : undefined;
  return template.replace(/\{[^}]+\}/, encodeURIComponent(id));
}
