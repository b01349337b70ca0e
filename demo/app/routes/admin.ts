// The admin area and the audit trail. In the vulnerable mode these routes
// were "only hidden in the UI": no authentication at all, and they answer
// for every tenant at once.
import { Router, type RequestHandler } from 'express';
import { pathParam, type AppContext } from '../context.js';
import { authenticate, caller, requireRole } from '../middleware/auth.js';
import type { UserRecord } from '../model.js';

const adminView = (u: UserRecord) => ({ id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, disabled: u.disabled });

export function adminRouter(cx: AppContext): Router {
  const router = Router();
  const { store } = cx;
  const guard: RequestHandler[] = cx.hardened ? [authenticate(cx), requireRole('owner')] : [];
  /** The caller's tenant, or undefined (every tenant) in the unauthenticated vulnerable mode. */
  const scope = (res: Parameters<RequestHandler>[1]): string | undefined => (cx.hardened ? caller(res).user.tenantId : undefined);

  router.get('/audit-log', ...guard, (_req, res) => void res.json(store.auditLog(scope(res))));

  router.get('/admin/users', ...guard, (_req, res) => {
    const tenantId = scope(res);
    res.json([...store.users.values()].filter((u) => tenantId === undefined || u.tenantId === tenantId).map(adminView));
  });

  router.post('/admin/users/:id/disable', ...guard, (req, res) => {
    const tenantId = scope(res);
    const target = store.users.get(pathParam(req, 'id'));
    if (!target || (tenantId !== undefined && target.tenantId !== tenantId)) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    const actor = cx.hardened ? caller(res).user : undefined;
    if (actor && actor.id === target.id) {
      res.status(400).json({ error: 'you cannot disable your own account' });
      return;
    }
    target.disabled = true;
    // Hardened: a disabled account is signed out everywhere at once.
    if (cx.hardened) store.revokeSessions(target.id);
    store.audit(target.tenantId, actor?.email ?? 'anonymous', 'user.disable', target.id);
    res.json(adminView(target));
  });

  return router;
}
