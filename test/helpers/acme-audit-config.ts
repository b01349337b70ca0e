// The audit config the loopback e2e targets (fragile-app, crashy-app) share:
// an OpenAPI document next to it, a JSON login at /api/auth/login, an owner
// and a viewer in tenant acme and an outsider in globex, and every GET open to
// all three. Each test adds what it is about (writes, exclusions, more rules).

/** The three accounts every such target seeds, by role. */
export const ACME_ACCOUNTS = [
  { role: 'owner', email: 'olivia@acme.test', tenant: 'acme' },
  { role: 'viewer', email: 'vic@acme.test', tenant: 'acme' },
  { role: 'outsider', email: 'gary@globex.test', tenant: 'globex' },
] as const;

export interface AcmeAuditConfig {
  name: string;
  apiUrl: string;
  /** The password of each account, by email. */
  passwordOf: (email: string) => string;
  environment?: 'production' | 'staging';
  allowWrites?: boolean;
  /** Policy rules after the shared `GET /api/*` one, as YAML flow mappings. */
  policy?: string[];
  /** Top-level YAML appended as is (exclude:, …). */
  extra?: string;
  ratePerSecond?: number;
}

/** launchready.yml text; the document is expected at openapi.json beside it. */
export function acmeAuditConfig(o: AcmeAuditConfig): string {
  const roles = ACME_ACCOUNTS.map((a) => `    ${a.role}:\n      tenant: ${a.tenant}\n      login: { username: ${a.email}, password: "${o.passwordOf(a.email)}" }\n`).join('');
  const policy = ['{ operation: "GET /api/*", allow: [owner, viewer, outsider] }', ...(o.policy ?? [])].map((r) => `  - ${r}\n`).join('');
  return `project: { name: ${o.name} }
environments:
  ${o.environment ?? 'production'}:
    apiUrl: ${o.apiUrl}
${o.allowWrites ? '    allowWrites: true\n' : ''}api: { openapi: openapi.json }
auth:
  login: { path: /api/auth/login }
  roles:
${roles}policy:
${policy}${o.extra ?? ''}network: { timeoutMs: 3000, ratePerSecond: ${o.ratePerSecond ?? 200} }
`;
}
