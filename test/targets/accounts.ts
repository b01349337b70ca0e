// The users and sessions every small target shares: two members of one
// workspace, passwords random per run, opaque bearer sessions.
import { randomBytes } from 'node:crypto';
import { bearer, jsonBody, ok, type Req, type Res } from './support.js';

export interface Account {
  id: string;
  email: string;
  role: 'admin' | 'member';
  password: string;
}

export class Accounts {
  readonly users: Record<'admin' | 'member', Account> = {
    admin: { id: 'u1', email: 'ada@acme.test', role: 'admin', password: randomBytes(12).toString('base64url') },
    member: { id: 'u2', email: 'max@acme.test', role: 'member', password: randomBytes(12).toString('base64url') },
  };
  readonly sessions = new Map<string, Account>();

  byEmail(email: unknown): Account | undefined {
    return Object.values(this.users).find((u) => u.email === email);
  }

  open(u: Account): string {
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, u);
    return token;
  }

  caller(req: Req): Account | undefined {
    const t = bearer(req);
    return t ? this.sessions.get(t) : undefined;
  }

  /** POST /api/auth/login with { email, password } → { token }, 401 otherwise. */
  login(req: Req): Res {
    const u = this.byEmail(req.body?.email);
    if (!u || u.password !== req.body?.password) return { status: 401, body: { error: 'Invalid email or password' } };
    return { status: 200, body: { token: this.open(u) } };
  }

  me(u: Account): Res {
    return { status: 200, body: { id: u.id, email: u.email, role: u.role } };
  }
}

export const LOGIN_PATHS = {
  '/api/auth/login': { post: { security: [], requestBody: jsonBody({ email: { type: 'string' }, password: { type: 'string' } }), responses: ok } },
  '/api/me': { get: { responses: ok } },
};

/** The roles block of launchready.yml for these accounts. */
export function rolesYml(a: Accounts, which: ('admin' | 'member')[] = ['admin', 'member']): string {
  return which.map((r) => `    ${r}: { tenant: acme, login: { username: ${a.users[r].email}, password: "${a.users[r].password}" } }\n`).join('');
}
