// Sign-in, sign-out and password reset. The vulnerable mode plants the
// classic account-takeover helpers: user enumeration, unlimited guessing,
// sessions that survive logout and reset, and a reset token in the response.
import { Router } from 'express';
import type { AppContext } from '../context.js';
import { authenticate, caller, clearedSessionCookie, sessionCookie } from '../middleware/auth.js';
import { FixedWindowLimiter, clientIp, tooManyRequests } from '../middleware/rate-limit.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { newToken } from '../store.js';
import { EMAIL, looseBody, parseBody } from '../validate.js';

const MINUTE = 60_000;
export const RESET_TTL_MS = 30 * MINUTE;
export const LOGIN_LIMITS = { perEmail: 5, perIp: 20, windowMs: 15 * MINUTE };
export const RESET_REQUESTS_PER_IP_PER_HOUR = 20;

const LOGIN_BODY = {
  email: { kind: 'string', min: 3, max: 254 },
  password: { kind: 'string', min: 1, max: 200 },
} as const;
const RESET_REQUEST_BODY = { email: { kind: 'string', min: 3, max: 254, pattern: EMAIL } } as const;
const RESET_CONFIRM_BODY = {
  token: { kind: 'string', min: 1, max: 200 },
  newPassword: { kind: 'string', min: 12, max: 200 },
} as const;

const asText = (v: unknown): string => (typeof v === 'string' ? v : '');

export function authRouter(cx: AppContext): Router {
  const router = Router();
  const { store } = cx;
  // Failed attempts only: a successful sign-in must not be what locks a user out.
  const failuresPerEmail = new FixedWindowLimiter(LOGIN_LIMITS.perEmail, LOGIN_LIMITS.windowMs);
  const failuresPerIp = new FixedWindowLimiter(LOGIN_LIMITS.perIp, LOGIN_LIMITS.windowMs);
  const resetRequests = new FixedWindowLimiter(RESET_REQUESTS_PER_IP_PER_HOUR, 60 * MINUTE);

  router.post('/login', async (req, res) => {
    let email: string;
    let password: string;
    if (cx.hardened) {
      const body = parseBody(req, res, LOGIN_BODY);
      if (!body) return;
      ({ email, password } = body);
    } else {
      const body = looseBody(req) ?? {};
      email = asText(body.email);
      password = asText(body.password);
    }
    email = email.trim().toLowerCase();
    const ip = clientIp(req);
    const pairKey = `${ip}\n${email}`;
    if (cx.hardened) {
      // Checked before the password, so a locked-out guesser learns nothing, not even a right guess.
      const wait = Math.max(failuresPerEmail.retryAfter(pairKey), failuresPerIp.retryAfter(ip));
      if (wait > 0) return tooManyRequests(res, wait);
    }
    const user = store.userByEmail(email);
    const passwordOk = await verifyPassword(password, user?.passwordHash);
    if (!user || !passwordOk || user.disabled) {
      cx.log.loginFailed(email, password, user?.id);
      if (cx.hardened) {
        failuresPerEmail.hit(pairKey);
        failuresPerIp.hit(ip);
        res.status(401).json({ error: 'Invalid email or password' });
      } else {
        res.status(401).json({ error: !user ? 'No such user' : !passwordOk ? 'Wrong password' : 'Account disabled' });
      }
      return;
    }
    failuresPerEmail.reset(pairKey);
    const token = store.createSession(user.id);
    res.setHeader('Set-Cookie', sessionCookie(cx, token));
    res.json({ token, user: { id: user.id, email: user.email, role: user.role, tenantId: user.tenantId } });
  });

  router.post('/logout', authenticate(cx), (_req, res) => {
    // The vulnerable mode only clears the browser's cookie: the token itself keeps working.
    if (cx.hardened) store.sessions.delete(caller(res).token);
    res.setHeader('Set-Cookie', clearedSessionCookie(cx));
    res.status(204).end();
  });

  router.post('/password-reset/request', (req, res) => {
    if (cx.hardened) {
      const wait = resetRequests.retryAfter(clientIp(req));
      if (wait > 0) return tooManyRequests(res, wait);
      resetRequests.hit(clientIp(req));
      const body = parseBody(req, res, RESET_REQUEST_BODY);
      if (!body) return;
      const user = store.userByEmail(body.email);
      if (user && !user.disabled) sendResetMail(cx, user.email, user.id);
      // The same answer whether or not the account exists.
      res.status(202).json({ ok: true });
      return;
    }
    const user = store.userByEmail(asText(looseBody(req)?.email));
    if (!user) {
      res.status(404).json({ error: 'No such user' });
      return;
    }
    const token = sendResetMail(cx, user.email, user.id);
    res.json({ ok: true, token });
  });

  router.post('/password-reset/confirm', (req, res) => {
    let token: string;
    let newPassword: string;
    if (cx.hardened) {
      const body = parseBody(req, res, RESET_CONFIRM_BODY);
      if (!body) return;
      ({ token, newPassword } = body);
    } else {
      const body = looseBody(req) ?? {};
      token = asText(body.token);
      newPassword = String(body.newPassword);
    }
    const reset = store.resetTokens.get(token);
    const user = reset && store.users.get(reset.userId);
    const usable = reset && user && (!cx.hardened || (!reset.used && reset.expiresAt > Date.now()));
    if (!usable) {
      res.status(400).json({ error: 'invalid or expired token' });
      return;
    }
    user.passwordHash = hashPassword(newPassword);
    if (cx.hardened) {
      reset.used = true;
      // Whoever held the old password may hold a session too.
      store.revokeSessions(user.id);
    }
    store.audit(user.tenantId, user.email, 'password.reset', user.id);
    res.json({ ok: true });
  });

  return router;
}

function sendResetMail(cx: AppContext, email: string, userId: string): string {
  const token = newToken();
  cx.store.resetTokens.set(token, { userId, expiresAt: Date.now() + RESET_TTL_MS, used: false });
  cx.state.outbox.push({
    to: email,
    subject: 'Reset your Acme Ops password',
    body: `Someone asked to reset your password. If it was you, open /reset?token=${token} within 30 minutes.`,
  });
  return token;
}
