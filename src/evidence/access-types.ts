// Evidence of the access-control and abuse probes (stages 2 and 6). Every
// attack the probe engine tried is one Trial: what was attempted, by whom,
// against what, and the labelled exchanges that prove the outcome. The
// gatherer records facts it measured (did the read-back change? did a burst
// meet a 429?); checks judge them, so they stay pure and testable inline.
import type { ExpectationSource, HttpExchange } from './types.js';

export type AttackFamily =
  | 'malformed-token'
  | 'weak-jwt-key'
  | 'expired-token'
  | 'function-level'
  | 'object-level'
  | 'mass-assignment'
  | 'validation'
  | 'rate-limit'
  | 'rate-limit-bypass'
  | 'user-enumeration'
  | 'reset-token-exposed'
  | 'reset-token-reuse'
  | 'revoked-invite'
  | 'invite-tampering'
  | 'weak-password'
  | 'session-after-logout'
  | 'session-after-password-change'
  | 'session-after-disable'
  | 'session-cookie'
  | 'cors'
  | 'undocumented-method'
  | 'method-override';

export interface TrialStep {
  /** What this exchange is for: baseline, attack, confirm, read-back… */
  label: string;
  exchange: HttpExchange;
}

export type FactValue = string | number | boolean | null;

export interface Trial {
  family: AttackFamily;
  /** The variant of the attack, e.g. cross-tenant, x-forwarded-for, wrong-type. */
  variant: string;
  /** "METHOD /path/{template}" or the flow's name. */
  target: string;
  /** The role the attacker used, or "anonymous". */
  attacker: string;
  /** Whose data or session was attacked (role name), where one applies. */
  victim?: string;
  steps: TrialStep[];
  /** Measurements the check judges; see each family's gatherer for the keys. */
  facts: Record<string, FactValue>;
  /** Set when the attack could not be run; the check reports not-tested with it. */
  skipped?: string;
  /**
   * Set when the trial ran but a request it needed met a dead target or an
   * empty budget (AccessContext.record): never judged safe or vulnerable.
   */
  unjudged?: { kind: 'target-down' | 'budget' | 'excluded' | 'slow'; reason: string };
}

export interface AccessRole {
  name: string;
  tenant: string;
  /** Why its login failed; its trials are missing and its checks error. */
  loginError?: string;
  /** How many times its session was renewed after a 401 mid-run. */
  renewals: number;
}

export interface AccessRule {
  /** "METHOD /path" of the operation. */
  operation: string;
  allow: string[];
  from: ExpectationSource;
  description?: string;
  publicInSpec: boolean;
}

/** A source string of an API document (target/from-openapi.ts): the only input against which a method is "undocumented". */
export const isDocumentSource = (source: string): boolean => source.startsWith('openapi ');

/** Why a method cannot be "undocumented" here: the operations' sources, none of them a document. */
export const noDocumentReason = (sources: readonly string[]): string =>
  `no API document (api.openapi): the operations came from ${sources.length ? sources.join(', ') : 'nowhere'}, which name only what was seen or written down, so no method is undocumented`;

export interface AccessProbeSet {
  roles: AccessRole[];
  /** The expectation of every operation, as the probes judged it. */
  rules: AccessRule[];
  trials: Trial[];
  /** Whole families not run, and why (writes not allowed, flow not configured…). */
  skipped: { family: AttackFamily; reason: string }[];
  settings: {
    allowWrites: boolean;
    concurrency: number;
    /** Requests in one rate-limit burst; a limit must answer 429 within it. */
    burst: number;
    /** The tenant the function-level matrix is judged in. */
    homeTenant?: string;
    /** Whether objects belong to a tenant of several roles or to each user alone (auth.tenantBy). */
    tenantBy?: 'tenant' | 'user';
  };
  /** Where the operations came from (openapi FILE, har FILES, page URL, policy): whether there is an API document to be "undocumented" against. */
  operationSources?: string[];
  /** Objects the probes created and deleted afterwards. */
  cleanup: { method: string; url: string; status: number | null }[];
  notes: string[];
  /**
   * Configured users whose password a probe changed (password change, reset,
   * weak-password) and could NOT put back, verified by signing in with the
   * configured password. Their sign-ins fail until someone resets them: the
   * verdict block shows this loudly. Absent or empty when every restore held.
   */
  passwordsNotRestored?: { role: string; username: string; probe: string; reason: string }[];
}
