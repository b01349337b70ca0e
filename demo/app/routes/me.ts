// The caller's own profile. The vulnerable PATCH copies role, tenantId and
// isAdmin from the body (mass assignment): a viewer can make itself an owner,
// or move itself into another tenant.
import { Router } from 'express';
import { publicUser, type AppContext } from '../context.js';
import { authenticate, caller } from '../middleware/auth.js';
import type { DemoRole } from '../model.js';
import { looseBody, parseBody } from '../validate.js';

const PROFILE_BODY = { name: { kind: 'string', min: 1, max: 100 } } as const;

export function meRouter(cx: AppContext): Router {
  const router = Router();
  router.use(authenticate(cx));

  router.get('/', (_req, res) => void res.json(publicUser(caller(res).user)));

  router.patch('/', (req, res) => {
    const { user } = caller(res);
    if (cx.hardened) {
      const body = parseBody(req, res, PROFILE_BODY);
      if (!body) return;
      user.name = body.name.trim();
    } else {
      const body = looseBody(req)!;
      if ('name' in body) user.name = body.name as string;
      if ('role' in body) user.role = body.role as DemoRole;
      if ('tenantId' in body) user.tenantId = body.tenantId as string;
      if ('isAdmin' in body) user.isAdmin = body.isAdmin;
    }
    res.json(publicUser(user));
  });
  return router;
}
