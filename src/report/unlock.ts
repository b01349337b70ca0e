// The config line that would let a not-tested check run, from the reason it
// gives. One table, so the coverage block, the onboarding hints and the docs
// say the same thing. Checks and gatherers may name the line themselves
// (Gathered.unlock, CheckOutcome.unlock); this is the fallback for the
// reasons they write in words.
import type { AuditSetup } from '../evidence/types.js';

interface UnlockRule {
  test: RegExp;
  unlock: string | ((m: RegExpExecArray) => string);
}

// First match wins: specific reasons before general ones.
const RULES: readonly UnlockRule[] = [
  { test: /certificate|self[- ]signed|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED_CERT/i, unlock: 'add its CA with network.caFile' },
  { test: /no api\.openapi|no OpenAPI/i, unlock: 'set api.openapi to your OpenAPI (Swagger) document, api.har to HAR recordings of each role (launchready init --har drafts the config from them), or list "METHOD /path" rules under policy' },
  { test: /no roles configured|no role (of the home tenant )?signs in|need at least one signed-in role/i, unlock: 'add roles under auth.roles (owner, staff, viewer and an outsider in another tenant) with auth.login; launchready init drafts both and prints the variables to set' },
  { test: /login failed|could not sign in/i, unlock: 'check auth.login and the credentials of each role under auth.roles' },
  { test: /role of another tenant|one tenant/i, unlock: 'add a role of another tenant under auth.roles (tenant: …)' },
  { test: /writes are not allowed|allowWrites/i, unlock: 'audit a staging environment with allowWrites: true (api.target)' },
  { test: /(auth\.flows\.\w+)/, unlock: (m) => `set ${m[1]!}` },
  { test: /auth\.logout/, unlock: 'set auth.logout' },
  { test: /no auth\.login/, unlock: 'set auth.login' },
  { test: /domains\.mail/, unlock: 'set domains.mail (the domain your app sends email from)' },
  { test: /domains\.dkimSelectors|DKIM selectors/i, unlock: 'list domains.dkimSelectors' },
  { test: /no (web hosts|domains)/i, unlock: 'set domains.app and domains.api (the names customers use)' },
  { test: /not a git repository/i, unlock: 'point repo.path at a git clone' },
  { test: /monitor\.logs/, unlock: 'add the app log (JSON lines) under monitor.logs' },
  { test: /no ai: section/, unlock: 'describe the assistant under ai.endpoints (operation, body with {prompt}, where the reply is)' },
  { test: /production env file/i, unlock: 'list the production env files under environments.<production>.envFiles' },
];

/** The unlock line for a reason, or undefined when the reason is not a missing setting. */
export function unlockFor(reason: string | undefined, setup?: AuditSetup): string | undefined {
  if (!reason) return undefined;
  for (const rule of RULES) {
    const m = rule.test.exec(reason);
    if (!m) continue;
    const line = typeof rule.unlock === 'string' ? rule.unlock : rule.unlock(m);
    // A CA that is already configured and still not trusted needs another answer.
    if (line.includes('network.caFile') && setup?.caFile) return 'check that network.caFile holds the CA that issued the certificate';
    return line;
  }
  return undefined;
}
