// What every router is built from: the mode decides each planted behaviour at
// the route that has it, so the two modes share one code path everywhere else.
import type { RequestLog } from './request-log.js';
import type { DemoMode, DemoState, UserRecord } from './model.js';
import type { Store } from './store.js';

export interface AppContext {
  mode: DemoMode;
  hardened: boolean;
  store: Store;
  state: DemoState;
  /** The one origin the hardened CORS policy allows, normalised; undefined allows none. */
  appOrigin: string | undefined;
  log: RequestLog;
}

/** The fields of a user that may leave the server. */
export function publicUser(u: UserRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { id: u.id, email: u.email, name: u.name, role: u.role, tenantId: u.tenantId };
  if (u.isAdmin !== undefined) out.isAdmin = u.isAdmin;
  return out;
}

/**
 * A path parameter. Express types params loosely once handlers are chained
 * through arrays of middleware; at run time a named segment is always a string.
 */
export const pathParam = (req: { params: Record<string, unknown> }, name: string): string => String(req.params[name] ?? '');
