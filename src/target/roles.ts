// Who owns what: each configured role's tenant, read once from the config.
// Two ways to own objects (issue 11): a tenant shared by several roles (a
// workspace), or every user alone (tenantBy: user, e.g. a blog where each
// author owns their articles). A role with `tenant: null` is a platform
// admin of no tenant: never a victim or an attacker of tenant isolation.
import type { LaunchConfig } from '../config/schema.js';

/** The tenant name of a platform role (tenant: null). */
export const NO_TENANT = '';

/** The group the roles of one-user tenants share when they name none. */
export const USERS_GROUP = 'users';

export type TenantBy = 'tenant' | 'user';

/** auth.tenantBy, or by default: 'user' when no role names a tenant, else 'tenant'. */
export function tenantMode(config: LaunchConfig): TenantBy {
  const a = config.auth;
  if (a.tenantBy) return a.tenantBy;
  return Object.values(a.roles).some((r) => typeof r.tenant === 'string') ? 'tenant' : 'user';
}

/**
 * The tenant a role's objects belong to: its configured tenant; '' for a
 * platform admin; with one-user tenants and none given, one shared group
 * (ownership is then by user, see the id store's owners).
 */
export function roleTenant(config: LaunchConfig, role: string): string {
  const rc = config.auth.roles[role];
  if (!rc || rc.tenant === null) return NO_TENANT;
  if (typeof rc.tenant === 'string') return rc.tenant;
  return tenantMode(config) === 'user' ? USERS_GROUP : role;
}

export const isPlatformRole = (config: LaunchConfig, role: string): boolean => config.auth.roles[role]?.tenant === null;
