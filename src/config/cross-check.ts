// Rules that span fields, which the schema cannot express without losing its
// per-field error paths. They run on the resolved config, so a URL that came
// from env: is checked as the URL it became.
import type { ConfigPath, IssueDraft } from './errors.js';
import type { LaunchConfig } from './schema.js';

const ANONYMOUS = 'anonymous';
const URL_FIELDS = ['appUrl', 'apiUrl', 'httpUrl'] as const;

export interface ValueSource {
  /** How to mention the value at a path without printing a value read from the environment. */
  show(p: ConfigPath, value: string): string;
  /** False when the value is still an unresolved env: reference (already reported). */
  resolved(p: ConfigPath): boolean;
}

export function crossCheck(config: LaunchConfig, src: ValueSource): IssueDraft[] {
  const out: IssueDraft[] = [];
  const envNames = Object.keys(config.environments);
  const roleNames = Object.keys(config.auth.roles);

  const target = config.api.target;
  if (target !== undefined && !envNames.includes(target)) {
    const p = ['api', 'target'];
    const expected = `one of the configured environments: ${envNames.join(', ')}`;
    out.push({ path: p, expected, problem: `names environment ${src.show(p, target)}, which is not configured; expected ${expected}` });
  }

  config.policy.forEach((rule, i) => {
    rule.allow.forEach((role, j) => {
      if (role === ANONYMOUS || roleNames.includes(role)) return;
      const p = ['policy', i, 'allow', j];
      const expected = `a role under auth.roles (${roleNames.join(', ') || 'none configured'}) or ${ANONYMOUS}`;
      out.push({ path: p, expected, problem: `unknown role ${src.show(p, role)}; expected ${expected}` });
    });
  });

  for (const [name, role] of Object.entries(config.auth.roles)) {
    if (role.login && !config.auth.login) {
      out.push({
        path: ['auth', 'roles', name, 'login'],
        expected: 'auth.login to be configured',
        problem: 'logs in with a username and password, but auth.login (the login endpoint) is not configured',
      });
    }
    if (role.login && role.token !== undefined) {
      out.push({
        path: ['auth', 'roles', name, 'token'],
        expected: 'only one of login or token',
        problem: 'has both login and token; expected only one of them',
      });
    }
  }

  config.ai?.endpoints.forEach((e, i) => {
    (e.roles ?? []).forEach((role, j) => {
      if (roleNames.includes(role)) return;
      const p = ['ai', 'endpoints', i, 'roles', j];
      const expected = `a role under auth.roles (${roleNames.join(', ') || 'none configured'})`;
      out.push({ path: p, expected, problem: `unknown role ${src.show(p, role)}; expected ${expected}` });
    });
  });

  const checkUrl = (p: ConfigPath, v: string | undefined) => {
    if (v === undefined || !src.resolved(p) || isHttpUrl(v)) return;
    out.push({ path: p, expected: 'an absolute http(s) URL', problem: `expected an absolute http(s) URL, got ${src.show(p, v)}` });
  };
  for (const [name, env] of Object.entries(config.environments)) {
    for (const f of URL_FIELDS) checkUrl(['environments', name, f], env[f]);
  }
  config.domains.redirects.forEach((r, i) => {
    checkUrl(['domains', 'redirects', i, 'from'], r.from);
    checkUrl(['domains', 'redirects', i, 'to'], r.to);
  });

  return out;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
