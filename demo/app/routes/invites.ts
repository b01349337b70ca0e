// Invitations into a tenant. Managing them is owner-only in both modes; the
// planted problems are in accepting one: the vulnerable mode accepts revoked
// and already used invites (a used one resets the password of the account it
// created) and lets the body choose role and tenant.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { pathParam, type AppContext } from '../context.js';
import { authenticate, caller, requireRole, sessionCookie } from '../middleware/auth.js';
import { ROLES, type DemoRole, type Invite, type UserRecord } from '../model.js';
import { hashPassword } from '../passwords.js';
import { newToken } from '../store.js';
import { EMAIL, looseBody, parseBody } from '../validate.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

const CREATE_BODY = {
  email: { kind: 'string', min: 3, max: 254, pattern: EMAIL },
  role: { kind: 'string', min: 1, max: 20, oneOf: ROLES },
} as const;
const ACCEPT_BODY = {
  token: { kind: 'string', min: 1, max: 200 },
  name: { kind: 'string', min: 1, max: 100 },
  password: { kind: 'string', min: 12, max: 200 },
} as const;

const view = (i: Invite) => ({ id: i.id, email: i.email, role: i.role, status: i.status });

export function invitesRouter(cx: AppContext): Router {
  const router = Router();
  const { store } = cx;
  const ownerOnly = [authenticate(cx), requireRole('owner')];

  router.get('/', ...ownerOnly, (_req, res) => {
    const { tenantId } = caller(res).user;
    res.json([...store.invites.values()].filter((i) => i.tenantId === tenantId).map(view));
  });

  router.post('/', ...ownerOnly, (req, res) => {
    const { user } = caller(res);
    let email: string;
    let role: DemoRole;
    if (cx.hardened) {
      const body = parseBody(req, res, CREATE_BODY);
      if (!body) return;
      email = body.email.trim().toLowerCase();
      role = body.role as DemoRole;
      if (store.userByEmail(email)) {
        res.status(409).json({ error: 'already a member' });
        return;
      }
    } else {
      const body = looseBody(req)!;
      email = String(body.email).trim().toLowerCase();
      role = body.role as DemoRole;
    }
    const id = store.nextId('invite');
    const invite: Invite = { id, token: newToken(), email, role, tenantId: user.tenantId, status: 'pending', createdBy: user.id, expiresAt: Date.now() + INVITE_TTL_MS };
    store.invites.set(id, invite);
    cx.state.outbox.push({ to: email, subject: 'You are invited to Acme Ops', body: `${user.name} invited you. Join at /join?token=${invite.token}` });
    store.audit(user.tenantId, user.email, 'invite.create', id);
    res.status(201).json({ ...view(invite), token: invite.token });
  });

  router.delete('/:id', ...ownerOnly, (req, res) => {
    const { user } = caller(res);
    const invite = store.invites.get(pathParam(req, 'id'));
    if (!invite || invite.tenantId !== user.tenantId) {
      res.status(404).json({ error: 'not found' });
      return;
    }
    invite.status = 'revoked';
    store.audit(user.tenantId, user.email, 'invite.revoke', invite.id);
    res.status(204).end();
  });

  router.post('/accept', (req, res) => {
    let token: string;
    let name: string;
    let password: string;
    let overrides: { role?: DemoRole; tenantId?: string } = {};
    if (cx.hardened) {
      // role and tenantId are unknown fields here, refused with 400 like any other.
      const body = parseBody(req, res, ACCEPT_BODY);
      if (!body) return;
      ({ token, password } = body);
      name = body.name.trim();
    } else {
      const body = looseBody(req)!;
      token = String(body.token);
      name = String(body.name);
      password = String(body.password);
      overrides = {
        ...(body.role !== undefined ? { role: body.role as DemoRole } : {}),
        ...(body.tenantId !== undefined ? { tenantId: String(body.tenantId) } : {}),
      };
    }
    const invite = [...store.invites.values()].find((i) => i.token === token);
    if (!invite) {
      res.status(404).json({ error: 'invalid invite' });
      return;
    }
    if (cx.hardened && (invite.status !== 'pending' || invite.expiresAt <= Date.now())) {
      res.status(410).json({ error: 'invite is no longer valid' });
      return;
    }
    const member = store.userByEmail(invite.email);
    if (member && cx.hardened) {
      res.status(409).json({ error: 'already a member' });
      return;
    }
    // Vulnerable: "find or create" by the invite's email, so accepting a used
    // invite again sets a new password on the account it created and signs
    // whoever holds the old link in.
    const user: UserRecord = member ?? {
      id: randomUUID(),
      email: invite.email,
      name,
      role: overrides.role ?? invite.role,
      tenantId: overrides.tenantId ?? invite.tenantId,
      passwordHash: '',
      disabled: false,
    };
    user.name = name;
    user.passwordHash = hashPassword(password);
    store.users.set(user.id, user);
    invite.status = 'accepted';
    store.audit(user.tenantId, user.email, 'invite.accept', invite.id);
    const session = store.createSession(user.id);
    res.setHeader('Set-Cookie', sessionCookie(cx, session));
    res.status(201).json({ token: session, user: { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId } });
  });

  return router;
}
