// The public contract (re-exported by index.ts) and the records the in-memory
// store keeps. Records stay plain objects so a response can be built from them
// without an ORM layer hiding which fields leave the server.
export type DemoMode = 'vulnerable' | 'hardened';
export type DemoRole = 'owner' | 'staff' | 'viewer';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: DemoRole;
  tenantId: string;
  password: string;
}

export interface DemoSeed {
  users: DemoUser[];
}

export interface DemoState {
  outbox: { to: string; subject: string; body: string }[];
  auditLog: { at: string; actor: string; action: string; target: string }[];
  /** Secrets the app generated for itself (the key inlined in the vulnerable bundle), for no-leak tests. */
  generatedSecrets: string[];
}

export type AuditEntry = DemoState['auditLog'][number];

export const ROLES: readonly DemoRole[] = ['owner', 'staff', 'viewer'];

export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: DemoRole;
  tenantId: string;
  passwordHash: string;
  disabled: boolean;
  /** Only ever set through the vulnerable mode's mass assignment. */
  isAdmin?: unknown;
}

export interface Invoice {
  id: string;
  tenantId: string;
  customer: string;
  amount: number;
  currency: string;
  status: string;
  approved: boolean;
  createdBy: string;
  /** Free text written by staff; set only through PATCH, absent until then. */
  note?: string;
}

export interface Payout {
  id: string;
  tenantId: string;
  amount: number;
  destination: string;
  status: 'pending';
  createdBy: string;
}

export interface Invite {
  id: string;
  token: string;
  email: string;
  role: DemoRole;
  tenantId: string;
  status: 'pending' | 'accepted' | 'revoked';
  createdBy: string;
  expiresAt: number;
}

export interface Session {
  userId: string;
  /** undefined: never expires (the vulnerable mode). */
  expiresAt: number | undefined;
}

export interface ResetToken {
  userId: string;
  expiresAt: number;
  used: boolean;
}
