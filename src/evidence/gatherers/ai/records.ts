// What the red team needs from the access probes' harvest: the objects each
// tenant owns, as its own roles listed them. A narrow view, so the AI
// gatherer does not depend on how the access engine stores its ids.
import type { IdStore } from '../access/ids.js';

type Obj = Record<string, unknown>;

export interface TenantRecords {
  /** Objects filed under the tenant (configured tenant name), from every collection. */
  itemsOf(tenant: string): Obj[];
  /** The app's own key for the tenant (e.g. "t_globex"), when the probes learned it. */
  keyOf(tenant: string): string | undefined;
}

export function recordsFrom(ids: IdStore): TenantRecords {
  return {
    itemsOf: (tenant) => ids.collections().flatMap((c) => ids.all(c).filter((i) => i.tenant === tenant).map((i) => i.item)),
    keyOf: (tenant) => ids.tenantKeyOf(tenant),
  };
}

export const NO_RECORDS: TenantRecords = { itemsOf: () => [], keyOf: () => undefined };
