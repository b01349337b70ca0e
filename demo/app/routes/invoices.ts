// Invoices, the tenant data the access probes are aimed at. Authentication is
// attached per route rather than to the router, so a path parameter is
// decoded (and a malformed one rejected) before anyone is asked to sign in.
//
// Vulnerable: guessable ids, no tenant check by id, any role may write and
// approve, PATCH copies status/approved/tenantId, and a wrong type crashes.
import { Router, type Response } from 'express';
import { pathParam, type AppContext } from '../context.js';
import { authenticate, caller, hardenedRole } from '../middleware/auth.js';
import type { Invoice } from '../model.js';
import { looseBody, parseBody } from '../validate.js';

const CURRENCY = /^[A-Z]{3}$/;
const MAX_AMOUNT = 1_000_000_000;
export const NOTE_MAX = 2_000;
const CREATE_BODY = {
  customer: { kind: 'string', min: 1, max: 200 },
  amount: { kind: 'number', min: 0.01, max: MAX_AMOUNT },
  currency: { kind: 'string', min: 3, max: 3, pattern: CURRENCY, optional: true },
} as const;
const UPDATE_BODY = {
  customer: { kind: 'string', min: 1, max: 200, optional: true },
  amount: { kind: 'number', min: 0.01, max: MAX_AMOUNT, optional: true },
  // Free text staff write for each other; the assistant reads it (the indirect prompt-injection path).
  note: { kind: 'string', min: 0, max: NOTE_MAX, optional: true },
} as const;

const cents = (n: number): number => Math.round(n * 100) / 100;

export function invoicesRouter(cx: AppContext): Router {
  const router = Router();
  const { store } = cx;
  const signedIn = authenticate(cx);
  const writers = hardenedRole(cx, 'owner', 'staff');
  const owners = hardenedRole(cx, 'owner');

  /** The invoice behind :id, or undefined after a 404. Only the hardened mode checks the tenant. */
  const find = (id: string, res: Response): Invoice | undefined => {
    const inv = store.invoices.get(id);
    if (!inv || (cx.hardened && inv.tenantId !== caller(res).user.tenantId)) {
      res.status(404).json({ error: 'not found' });
      return undefined;
    }
    return inv;
  };

  router.get('/', signedIn, (_req, res) => {
    const { tenantId } = caller(res).user;
    res.json([...store.invoices.values()].filter((i) => i.tenantId === tenantId));
  });

  router.post('/', signedIn, writers, (req, res) => {
    const { user } = caller(res);
    let customer: string;
    let amount: number;
    let currency: string;
    if (cx.hardened) {
      const body = parseBody(req, res, CREATE_BODY);
      if (!body) return;
      customer = body.customer.trim();
      amount = cents(body.amount);
      currency = body.currency ?? 'USD';
    } else {
      const body = looseBody(req)!;
      customer = body.customer as string;
      // Trusts the type: a string amount throws here and the stack goes to the client.
      amount = Number((body.amount as number).toFixed(2));
      currency = (body.currency as string | undefined) ?? 'USD';
    }
    const id = store.nextId('invoice');
    const invoice: Invoice = { id, tenantId: user.tenantId, customer, amount, currency, status: 'draft', approved: false, createdBy: user.id };
    store.invoices.set(id, invoice);
    res.status(201).json(invoice);
  });

  router.get('/:id', signedIn, (req, res) => {
    const inv = find(pathParam(req, 'id'), res);
    if (inv) res.json(inv);
  });

  router.patch('/:id', signedIn, writers, (req, res) => {
    const inv = find(pathParam(req, 'id'), res);
    if (!inv) return;
    if (cx.hardened) {
      const body = parseBody(req, res, UPDATE_BODY);
      if (!body) return;
      if (body.customer !== undefined) inv.customer = body.customer.trim();
      if (body.amount !== undefined) inv.amount = cents(body.amount);
      if (body.note !== undefined) inv.note = body.note;
    } else {
      const body = looseBody(req)!;
      if ('customer' in body) inv.customer = body.customer as string;
      if ('amount' in body) inv.amount = Number((body.amount as number).toFixed(2));
      if ('currency' in body) inv.currency = body.currency as string;
      if ('note' in body) inv.note = body.note as string;
      if ('status' in body) inv.status = body.status as string;
      if ('approved' in body) inv.approved = body.approved as boolean;
      if ('tenantId' in body) inv.tenantId = body.tenantId as string;
    }
    res.json(inv);
  });

  router.delete('/:id', signedIn, owners, (req, res) => {
    const inv = find(pathParam(req, 'id'), res);
    if (!inv) return;
    store.invoices.delete(inv.id);
    store.audit(inv.tenantId, caller(res).user.email, 'invoice.delete', inv.id);
    res.status(204).end();
  });

  // Idempotent: approving twice answers 200 again, so a second approver is judged on permission alone.
  router.post('/:id/approve', signedIn, owners, (req, res) => {
    const inv = find(pathParam(req, 'id'), res);
    if (!inv) return;
    inv.approved = true;
    inv.status = 'approved';
    store.audit(inv.tenantId, caller(res).user.email, 'invoice.approve', inv.id);
    res.json(inv);
  });

  return router;
}
