// Ids harvested from each role's own responses, kept per collection, so the
// probes can build cross-tenant and cross-owner requests with ids that
// really exist. An item's id is the property that fills its collection's
// path parameter ({slug} ← slug, see src/target/identifiers.ts). An item is
// filed under a tenant by, in order: its tenant field (a list that leaks
// another tenant's rows must not make them "ours"), its owner (the owner
// property names a role), or the role whose answer carried it.
import type { Collection } from '../../../target/model.js';
import { identityOf, itemsIn, keyOf, learnOwnerPath, normKey, scalarPaths, subjectOf, valueAt } from '../../../target/identifiers.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const TENANT_FIELDS = ['tenantId', 'tenant_id', 'tenant', 'workspaceId', 'workspace_id', 'orgId', 'org_id', 'organizationId', 'accountId'];

export interface HarvestedItem {
  id: string;
  tenant: string;
  /** The role whose response carried it. */
  seenBy: string;
  item: Obj;
  /** The role that created it through a probe, when one did. */
  createdBy?: string;
}

export class IdStore {
  /** collection path → items */
  private readonly items = new Map<string, HarvestedItem[]>();
  /** app tenant key (e.g. "t_acme") → configured tenant name */
  private readonly tenantKeys = new Map<string, string>();
  /** role → identity values (its id, username, email…), from its login and "me" answers */
  private readonly identities = new Map<string, Set<string>>();
  /** role → identity property (normalised name) → value, to fill a {username} with the role's own */
  private readonly identityKeys = new Map<string, Map<string, string>>();
  private readonly roleTenants = new Map<string, string>();
  private readonly owners = new Map<string, string | null>();

  constructor(
    private readonly collectionList: readonly Collection[] = [],
    private readonly basePath = '',
  ) {}

  learnTenantKey(key: unknown, tenant: string): void {
    if (typeof key === 'string' || typeof key === 'number') this.tenantKeys.set(String(key), tenant);
  }

  tenantKeyOf(tenant: string): string | undefined {
    for (const [k, t] of this.tenantKeys) if (t === tenant) return k;
    return undefined;
  }

  /** Who a role is (its login or "me" answer, its token's claims), so items can be matched to their owner. */
  learnIdentity(role: string, tenant: string, json: unknown, token?: string): Map<string, string> {
    const found = identityOf(json, token);
    const set = this.identities.get(role) ?? new Set<string>();
    const keys = this.identityKeys.get(role) ?? new Map<string, string>();
    for (const [k, v] of found) {
      set.add(v);
      keys.set(normKey(k), v);
    }
    this.identities.set(role, set);
    this.identityKeys.set(role, keys);
    this.roleTenants.set(role, tenant);
    this.owners.clear();
    return found;
  }

  identityOfRole(role: string): ReadonlySet<string> {
    return this.identities.get(role) ?? new Set();
  }

  /** The collection an item path or list path belongs to, as the target model describes it. */
  collection(path: string): Collection | undefined {
    const key = norm(path);
    return this.collectionList.find((c) => c.path === key);
  }

  private paramOf(collection: string): { param: string; idProperty?: string } {
    const c = this.collection(collection);
    return { param: c?.param ?? 'id', ...(c?.idProperty ? { idProperty: c.idProperty } : {}) };
  }

  /** The configured tenant an item belongs to: its tenant field, else its owner's tenant, else `fallback`. */
  tenantOfItem(item: Obj, fallback: string, collection?: string): string {
    for (const f of TENANT_FIELDS) {
      const v = item[f];
      if (typeof v === 'string' || typeof v === 'number') {
        const t = this.tenantKeys.get(String(v));
        if (t) return t;
      }
    }
    const owner = collection ? this.ownerOf(collection, item) : undefined;
    if (owner !== undefined) return this.roleTenants.get(owner) ?? fallback;
    return fallback;
  }

  /** The id of an item in a collection (the value that fills its path parameter). */
  idOf(collection: string, item: Obj): string | undefined {
    const { param, idProperty } = this.paramOf(collection);
    return keyOf(item, param, idProperty);
  }

  /** Files the items of a list (or single-object) response; `parent` is the id its path was filled with, for a nested list. Returns the items found. */
  harvest(collection: string, role: string, roleTenant: string, json: unknown, parent?: string): HarvestedItem[] {
    const base = collection.split('#')[0] ?? collection;
    const { param, idProperty } = this.paramOf(base);
    const found: HarvestedItem[] = [];
    for (const it of itemsIn(json, param, idProperty)) {
      const id = keyOf(it, param, idProperty);
      if (id === undefined) continue;
      found.push({ id: keyWith(parent, id), tenant: this.tenantOfItem(it, roleTenant, base), seenBy: role, item: it });
    }
    const key = norm(collection);
    const all = this.items.get(key) ?? [];
    for (const f of found) if (!all.some((a) => a.id === f.id)) all.push(f);
    this.items.set(key, all);
    if (found.length) this.owners.delete(norm(base));
    return found;
  }

  /** Files the object a create answered with, as created by `role` (under `parent`, for a nested collection); undefined when the answer names no id. */
  created(collection: string, role: string, roleTenant: string, json: unknown, parent?: string): HarvestedItem | undefined {
    const subject = subjectOf(json);
    const { param, idProperty } = this.paramOf(collection);
    const item = subject && keyOf(subject, param, idProperty) !== undefined ? subject : itemsIn(json, param, idProperty)[0];
    const own = item ? keyOf(item, param, idProperty) : undefined;
    if (!item || own === undefined) return undefined;
    const id = keyWith(parent, own);
    const h: HarvestedItem = { id, tenant: roleTenant, seenBy: role, item, createdBy: role };
    const key = norm(collection);
    const all = (this.items.get(key) ?? []).filter((a) => a.id !== id);
    all.push(h);
    this.items.set(key, all);
    this.owners.delete(key);
    return h;
  }

  add(collection: string, item: HarvestedItem): void {
    const key = norm(collection);
    const all = this.items.get(key) ?? [];
    if (!all.some((a) => a.id === item.id)) all.push(item);
    this.items.set(key, all);
  }

  /** Items of a tenant, judged now (an owner learned after harvesting moves an item to its owner's tenant). */
  of(collection: string, tenant: string): HarvestedItem[] {
    const key = norm(collection);
    return (this.items.get(key) ?? []).filter((i) => this.currentTenant(key, i) === tenant);
  }

  all(collection: string): HarvestedItem[] {
    return this.items.get(norm(collection)) ?? [];
  }

  collections(): string[] {
    return [...this.items.keys()];
  }

  /** The items a role owns: it created them, or their owner property carries its identity. */
  ownedBy(collection: string, role: string): HarvestedItem[] {
    const key = norm(collection);
    return (this.items.get(key) ?? []).filter((i) => (i.createdBy ?? this.ownerOf(key, i.item)) === role);
  }

  /** The owner property of a collection: the config's (api.collections), else learned from whose identity items carry. */
  ownerProperty(collection: string): string | undefined {
    const key = norm(collection);
    const hinted = this.collection(key)?.ownerProperty;
    if (hinted) return hinted;
    if (this.owners.has(key)) return this.owners.get(key) ?? undefined;
    const items = this.items.get(key) ?? [];
    const own = items.filter((i) => i.createdBy).map((i) => ({ item: i.item, role: i.createdBy! }));
    const learned = learnOwnerPath(own, items.map((i) => i.item), this.identities);
    this.owners.set(key, learned ?? null);
    return learned;
  }

  /** The role whose identity the item's owner property carries, if any. */
  ownerOf(collection: string, item: Obj): string | undefined {
    const path = this.ownerProperty(collection);
    if (!path) return undefined;
    const v = valueAt(item, path);
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    for (const [role, ids] of this.identities) if (ids.has(String(v))) return role;
    return undefined;
  }

  /**
   * Values for a path parameter by its name, from every object any answer
   * carried (a {username} filled from an article's author.username) and from
   * each role's own identity, with the role that owns each where known. For
   * parameters whose collection has no list of its own.
   */
  valuesFor(param: string): { value: string; owner?: string }[] {
    const want = normKey(param);
    const out = new Map<string, string | undefined>();
    const ownerOfValue = (v: string) => [...this.identityKeys].find(([, keys]) => keys.get(want) === v)?.[0];
    for (const [role, keys] of this.identityKeys) {
      const v = keys.get(want);
      if (v !== undefined) out.set(v, role);
    }
    for (const [collection, items] of this.items) {
      for (const h of items) {
        for (const [p, v] of scalarPaths(h.item)) {
          if (normKey(p.split('.').at(-1) ?? '') !== want || out.has(v)) continue;
          out.set(v, ownerOfValue(v) ?? this.ownerOf(collection, h.item));
        }
      }
    }
    return [...out].map(([value, owner]) => ({ value, ...(owner ? { owner } : {}) }));
  }

  private currentTenant(collection: string, i: HarvestedItem): string {
    if (i.createdBy) return i.tenant;
    return this.tenantOfItem(i.item, i.tenant, collection);
  }

  /** The base path the collections' paths start with. */
  get base(): string {
    return this.basePath;
  }
}

const norm = (p: string) => p.replace(/\/+$/, '');

/**
 * The collection a template's last path parameter indexes:
 * /api/invoices/{id}/approve → /api/invoices, and for a nested route
 * /articles/{slug}/comments/{id} → /articles/{slug}/comments (its parents
 * stay parameters: the ids of such a collection carry them, see keyWith).
 */
export function collectionOf(template: string): string | undefined {
  const i = template.lastIndexOf('{');
  if (i < 0) return undefined;
  return norm(template.slice(0, i));
}

/**
 * Ids of nested collections carry their parents' ids: "my-article␟7" fills
 * /articles/{slug}/comments/{id} whole. The separator is the ASCII unit
 * separator, which no id in a URL path carries.
 */
export const KEY_SEP = '\u001f';

/** The id of an item under its parents (undefined or '' for a top-level collection). */
export const keyWith = (parent: string | undefined, id: string): string => (parent ? `${parent}${KEY_SEP}${id}` : id);

/** The parents' part of a nested id ('' for a top-level one). */
export const parentKey = (id: string): string => (id.includes(KEY_SEP) ? id.slice(0, id.lastIndexOf(KEY_SEP)) : '');

/** A path that ends in its parameter (/items/{id}, or Django's /items/{id}/). */
export const isItemPath = (path: string): boolean => /\}\/?$/.test(path);

/**
 * Fills every {param} in order: one parameter with the whole id, several
 * with the parts of a nested id (parents first, see keyWith). Undefined when
 * the id has fewer or more parts than the template has parameters.
 */
export function fillTemplate(template: string, id: string): string | undefined {
  const params = template.match(/\{[^}]+\}/g) ?? [];
  if (params.length === 0) return template;
  const parts = params.length === 1 ? [id] : id.split(KEY_SEP);
  if (parts.length !== params.length) return undefined;
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => encodeURIComponent(parts[i++]!));
}

export { isObj as isItem };
