// Everything the app knows, in Maps. Id style is the one planted difference
// kept here: the vulnerable mode numbers objects 1, 2, 3… (guessable), the
// hardened one uses random UUIDs.
import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditEntry, DemoMode, DemoSeed, DemoState, Invite, Invoice, Payout, ResetToken, Session, UserRecord } from './model.js';
import { hashPassword } from './passwords.js';
import { SEED_INVOICES, SEED_PAYOUTS } from './seed.js';

type Kind = 'invoice' | 'payout' | 'invite';

export const newToken = (): string => randomBytes(32).toString('base64url');

export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly sessions = new Map<string, Session>();
  readonly invoices = new Map<string, Invoice>();
  readonly payouts = new Map<string, Payout>();
  readonly invites = new Map<string, Invite>();
  readonly resetTokens = new Map<string, ResetToken>();
  private readonly counters: Record<Kind, number> = { invoice: 0, payout: 0, invite: 0 };
  /** DemoState's entries carry no tenant, so the tenant of each is kept beside it. */
  private readonly auditTenant = new WeakMap<AuditEntry, string>();

  constructor(
    private readonly mode: DemoMode,
    readonly state: DemoState,
    private readonly sessionTtlMs: number,
  ) {}

  static seeded(mode: DemoMode, seed: DemoSeed, state: DemoState, sessionTtlMs: number): Store {
    const store = new Store(mode, state, sessionTtlMs);
    // Copies, so a password reset never rewrites the caller's seed.
    for (const u of seed.users) {
      store.users.set(u.id, { id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId, passwordHash: hashPassword(u.password), disabled: false });
    }
    for (const [tenantId, invoices] of Object.entries(SEED_INVOICES)) {
      const owner = seed.users.find((u) => u.tenantId === tenantId && u.role === 'owner');
      for (const inv of invoices) {
        const id = store.nextId('invoice');
        store.invoices.set(id, { id, tenantId, ...inv, status: 'draft', approved: false, createdBy: owner?.id ?? 'system' });
      }
      const payout = SEED_PAYOUTS[tenantId];
      if (payout) {
        const id = store.nextId('payout');
        store.payouts.set(id, { id, tenantId, ...payout, status: 'pending', createdBy: owner?.id ?? 'system' });
      }
    }
    return store;
  }

  nextId(kind: Kind): string {
    return this.mode === 'vulnerable' ? String(++this.counters[kind]) : randomUUID();
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.trim().toLowerCase();
    for (const u of this.users.values()) if (u.email === wanted) return u;
    return undefined;
  }

  createSession(userId: string): string {
    const token = newToken();
    this.sessions.set(token, { userId, expiresAt: this.mode === 'hardened' ? Date.now() + this.sessionTtlMs : undefined });
    return token;
  }

  /** The signed-in user of a token, dropping the session once it has expired. */
  sessionUser(token: string): UserRecord | undefined {
    const session = this.sessions.get(token);
    if (!session) return undefined;
    if (session.expiresAt !== undefined && session.expiresAt <= Date.now()) {
      this.sessions.delete(token);
      return undefined;
    }
    return this.users.get(session.userId);
  }

  revokeSessions(userId: string): void {
    for (const [token, s] of this.sessions) if (s.userId === userId) this.sessions.delete(token);
  }

  audit(tenantId: string, actor: string, action: string, target: string): void {
    const entry: AuditEntry = { at: new Date().toISOString(), actor, action, target };
    this.auditTenant.set(entry, tenantId);
    this.state.auditLog.push(entry);
  }

  /** The audit trail of one tenant, or of every tenant when none is given. */
  auditLog(tenantId?: string): AuditEntry[] {
    return tenantId === undefined ? [...this.state.auditLog] : this.state.auditLog.filter((e) => this.auditTenant.get(e) === tenantId);
  }
}
