// Who is calling: a bearer token or the `sid` cookie, both naming a session
// in the store. Role checks are separate middleware so each route shows, in
// its own line, who may call it in each mode.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppContext } from '../context.js';
import type { DemoRole, UserRecord } from '../model.js';

export interface Caller {
  user: UserRecord;
  token: string;
}

export function tokenOf(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    if (m) return m[1];
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === 'sid' && rest.length) return rest.join('=');
  }
  return undefined;
}

export function caller(res: Response): Caller {
  const c = res.locals.caller as Caller | undefined;
  if (!c) throw new Error('caller() used on a route without authenticate()');
  return c;
}

export function authenticate(cx: AppContext): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    const user = token ? cx.store.sessionUser(token) : undefined;
    // The vulnerable mode lets a disabled user's open sessions run on; only new logins are refused.
    if (!token || !user || (cx.hardened && user.disabled)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'authentication required' });
      return;
    }
    res.locals.caller = { user, token } satisfies Caller;
    next();
  };
}

export function requireRole(...roles: DemoRole[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!roles.includes(caller(res).user.role)) {
      res.status(403).json({ error: 'forbidden' });
      return;
    }
    next();
  };
}

/** A role check only the hardened mode makes; the vulnerable mode lets any signed-in user through. */
export function hardenedRole(cx: AppContext, ...roles: DemoRole[]): RequestHandler {
  return cx.hardened ? requireRole(...roles) : (_req, _res, next) => next();
}

export function sessionCookie(cx: AppContext, token: string): string {
  return cx.hardened ? `sid=${token}; HttpOnly; Path=/; Secure; SameSite=Lax` : `sid=${token}; HttpOnly; Path=/`;
}

export function clearedSessionCookie(cx: AppContext): string {
  return `${sessionCookie(cx, '')}; Max-Age=0`;
}
