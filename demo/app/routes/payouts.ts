// Payouts move money out of the tenant: owner only. The vulnerable mode lets
// every signed-in role list and create them.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { authenticate, caller, hardenedRole } from '../middleware/auth.js';
import type { Payout } from '../model.js';
import { looseBody, parseBody } from '../validate.js';

const CREATE_BODY = {
  amount: { kind: 'number', min: 0.01, max: 1_000_000 },
  destination: { kind: 'string', min: 1, max: 100 },
} as const;

export function payoutsRouter(cx: AppContext): Router {
  const router = Router();
  const { store } = cx;
  router.use(authenticate(cx), hardenedRole(cx, 'owner'));

  router.get('/', (_req, res) => {
    const { tenantId } = caller(res).user;
    res.json([...store.payouts.values()].filter((p) => p.tenantId === tenantId));
  });

  router.post('/', (req, res) => {
    const { user } = caller(res);
    let amount: number;
    let destination: string;
    if (cx.hardened) {
      const body = parseBody(req, res, CREATE_BODY);
      if (!body) return;
      amount = Math.round(body.amount * 100) / 100;
      destination = body.destination.trim();
    } else {
      const body = looseBody(req)!;
      amount = body.amount as number;
      destination = body.destination as string;
    }
    const id = store.nextId('payout');
    const payout: Payout = { id, tenantId: user.tenantId, amount, destination, status: 'pending', createdBy: user.id };
    store.payouts.set(id, payout);
    store.audit(user.tenantId, user.email, 'payout.create', id);
    res.status(201).json(payout);
  });

  return router;
}
