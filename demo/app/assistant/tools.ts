// The assistant's tools. The planted difference is whose authority they run
// with. Vulnerable: the app's own — any tenant's invoices by name or id,
// approve and delete for whoever asks, and a debug tool that hands the model
// the app's configuration (its model API key included). Hardened: the
// caller's — the same checks the REST routes make (own tenant only; approve
// and delete for owners), and no configuration tool at all.
import type { AppContext } from '../context.js';
import type { Invoice, UserRecord } from '../model.js';
import type { ToolCall, ToolSpec } from './model.js';

const ID = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

const SPECS: Record<string, ToolSpec> = {
  list_invoices: {
    name: 'list_invoices',
    description: 'List the invoices of a workspace',
    parameters: { type: 'object', properties: { tenant: { type: 'string', description: 'workspace name (default: the caller\'s)' } } },
  },
  get_invoice: { name: 'get_invoice', description: 'Read one invoice, its note included', parameters: ID },
  approve_invoice: { name: 'approve_invoice', description: 'Approve an invoice (releases payment)', parameters: ID },
  delete_invoice: { name: 'delete_invoice', description: 'Delete an invoice', parameters: ID },
  get_config: { name: 'get_config', description: 'Read the assistant configuration (debugging)', parameters: { type: 'object', properties: {} } },
};

export interface ToolBox {
  specs: ToolSpec[];
  run(call: ToolCall): string;
}

export function toolsFor(cx: AppContext, user: UserRecord, config: Record<string, string>): ToolBox {
  const { store } = cx;
  const asCaller = cx.hardened;
  const visible = (inv: Invoice | undefined): Invoice | undefined => (inv && (!asCaller || inv.tenantId === user.tenantId) ? inv : undefined);
  const ownerOnly = (what: string) => (asCaller && user.role !== 'owner' ? { error: `only owners may ${what} invoices` } : undefined);
  const show = (i: Invoice) => ({ id: i.id, customer: i.customer, amount: i.amount, currency: i.currency, status: i.status, approved: i.approved, ...(i.note ? { note: i.note } : {}) });
  const actor = `assistant for ${user.email}`;

  const impl: Record<string, (args: Record<string, unknown>) => unknown> = {
    list_invoices: (args) => {
      // The app's privileges: the model may name any workspace.
      const asked = typeof args.tenant === 'string' ? args.tenant.toLowerCase() : undefined;
      const tenant = !asCaller && asked && tenantExists(cx, asked) ? asked : user.tenantId;
      return { tenant, invoices: [...store.invoices.values()].filter((i) => i.tenantId === tenant).map(show) };
    },
    get_invoice: (args) => {
      const inv = visible(store.invoices.get(String(args.id)));
      return inv ? show(inv) : { error: 'no such invoice' };
    },
    approve_invoice: (args) => {
      const inv = visible(store.invoices.get(String(args.id)));
      if (!inv) return { error: 'no such invoice' };
      const refused = ownerOnly('approve');
      if (refused) return refused;
      inv.approved = true;
      inv.status = 'approved';
      store.audit(inv.tenantId, actor, 'invoice.approve', inv.id);
      return { id: inv.id, approved: true };
    },
    delete_invoice: (args) => {
      const inv = visible(store.invoices.get(String(args.id)));
      if (!inv) return { error: 'no such invoice' };
      const refused = ownerOnly('delete');
      if (refused) return refused;
      store.invoices.delete(inv.id);
      store.audit(inv.tenantId, actor, 'invoice.delete', inv.id);
      return { id: inv.id, deleted: true };
    },
    get_config: () => config,
  };
  const names = asCaller ? ['list_invoices', 'get_invoice', 'approve_invoice', 'delete_invoice'] : Object.keys(SPECS);
  return {
    specs: names.map((n) => SPECS[n]!),
    run: (call) => {
      const fn = names.includes(call.name) ? impl[call.name] : undefined;
      return JSON.stringify(fn ? fn(call.arguments) : { error: `unknown tool ${call.name}` });
    },
  };
}

function tenantExists(cx: AppContext, tenant: string): boolean {
  for (const u of cx.store.users.values()) if (u.tenantId === tenant) return true;
  return false;
}
