// Findings are what the checks saw; fixes are what a person does. One missing
// header on five hosts is five findings and one change, so the report counts
// and orders fixes: one root cause, one change, every instance listed under it.
//
// The grouping is data, in two tables kept apart from the checks (as triage is):
// FIX_OF_CHECK says which root cause each check's findings belong to, FIXES
// says what that change is, where it is made and roughly how long it takes.
// A check missing from FIX_OF_CHECK still gets a fix of its own (its findings,
// its remediation), so a new check can never drop a finding from the list.
import { SEVERITIES, TRIAGES, type CheckResult, type Finding, type Fix, type FixSize, type Severity, type Triage } from '../report/model.js';

export interface FixKind {
  /** The change, named as a task: "Enforce the access policy on every API route". */
  title: string;
  /** What to change, concretely enough to start. */
  change: string;
  /** Where the change is made (the layer, file or console). */
  place: string;
  /** How long it usually takes one engineer, instances included. */
  size: FixSize;
}

export interface FixRule {
  /** Key into FIXES: findings of every check with the same key become one fix. */
  fix: keyof typeof FIXES;
  /**
   * Sends a finding to another fix when it needs a change of its own (a debug
   * switch hard-coded in source rather than set in an env file). Default: none.
   */
  elsewhere?: (f: Finding) => FixId | undefined;
}

export const FIXES = {
  'route-authorization': {
    title: 'Enforce the access policy on every API route',
    change: 'Put authentication in front of the whole API router and check the caller\'s role per operation in one place (route middleware or a policy table), allow-listing the public routes.',
    place: 'the API router / auth middleware',
    size: 'hours',
  },
  'token-verification': {
    title: 'Verify every token server-side',
    change: 'Look every session up (opaque tokens) or verify the signature, algorithm and expiry (JWTs) before use; reject anything else.',
    place: 'the auth middleware',
    size: 'hours',
  },
  'jwt-signing-key': {
    title: 'Sign tokens with a long random key',
    change: 'Replace the guessable signing key with 32+ random bytes from the secret store (or move to an asymmetric key), then rotate: every token signed with the old key must stop working.',
    place: 'the token signing configuration and the secret store',
    size: 'hours',
  },
  'session-revocation': {
    title: 'Keep sessions server-side and revoke them',
    change: 'Give every session an expiry and check it on each request; delete sessions on logout, and revoke all of a user\'s sessions when the password changes or the user is disabled.',
    place: 'the session store and auth middleware',
    size: 'a day',
  },
  'session-cookie': {
    title: 'Harden the session cookie',
    change: 'Set the session cookie with Secure, HttpOnly and SameSite=Lax (or Strict).',
    place: 'the session/cookie configuration',
    size: 'minutes',
  },
  'tenant-scoping': {
    title: 'Scope every query by the caller\'s tenant',
    change: 'Add WHERE tenant_id = caller.tenant to every read, update and delete in the data layer (ids from the path and the body), and filter lists the same way.',
    place: 'the data-access layer',
    size: 'a day',
  },
  'write-allow-lists': {
    title: 'Copy only allow-listed fields from request bodies',
    change: 'Replace object spreads of the request body with a per-operation allow-list (a DTO or a schema with additionalProperties: false); never take role, tenant, owner or status from the client.',
    place: 'the write handlers',
    size: 'hours',
  },
  'request-validation': {
    title: 'Validate request bodies against a schema',
    change: 'Validate every body before handler code runs (types, required fields, lengths, JSON and content type) and answer 400 on failure.',
    place: 'a validation middleware fed by the OpenAPI document',
    size: 'hours',
  },
  'rate-limits': {
    title: 'Rate-limit sign-in, reset and public forms',
    change: 'Limit login and reset per account and per client address, signup/invite and contact per address; key on the socket address and normalised usernames so headers and case cannot reset the count.',
    place: 'a rate-limit middleware on the auth and public routes',
    size: 'hours',
  },
  'account-enumeration': {
    title: 'Answer login and reset the same way for every account',
    change: 'Use one message and status for failed logins and always answer reset requests with the same body and timing.',
    place: 'the login and reset handlers',
    size: 'minutes',
  },
  'reset-tokens': {
    title: 'Send reset tokens only by email, and use them once',
    change: 'Never return the token in the response; store it hashed with a short expiry and mark it used in the transaction that changes the password.',
    place: 'the password-reset handlers',
    size: 'hours',
  },
  'invite-acceptance': {
    title: 'Accept an invite only on its stored terms, once',
    change: 'In the accept handler check the invite is pending (not revoked, used or expired), take role and tenant from the stored invite only, and consume it in the same transaction.',
    place: 'the invite-accept handler',
    size: 'hours',
  },
  'password-rule': {
    title: 'One password rule wherever a password is set',
    change: 'Enforce a minimum length (12+) and a breached-password check on sign-up, invite acceptance, reset and change, in one shared function.',
    place: 'the password-setting handlers',
    size: 'minutes',
  },
  cors: {
    title: 'Allow only your own origins in CORS',
    change: 'Replace origin reflection with an explicit list of your origins; never allow null; credentials only for listed origins.',
    place: 'the CORS middleware',
    size: 'minutes',
  },
  'undocumented-routes': {
    title: 'Answer only the methods the API documents',
    change: 'Remove routes and method-override middleware that are not meant to exist, or document and protect them; answer 405 otherwise.',
    place: 'the API router',
    size: 'hours',
  },
  'https-redirects': {
    title: 'Redirect every plain-HTTP and legacy URL to HTTPS',
    change: 'Answer http:// with one 301 to the same host and path on https://, and send old URLs straight to their new https:// address.',
    place: 'the load balancer, CDN or web server',
    size: 'minutes',
  },
  'security-headers': {
    title: 'Send the security headers on every response',
    change: 'Add Strict-Transport-Security (max-age=31536000; includeSubDomains), X-Content-Type-Options, frame protection and the rest in one middleware (e.g. helmet) or at the proxy.',
    place: 'one middleware or the proxy/CDN',
    size: 'minutes',
  },
  'mixed-content': {
    title: 'Load every script, style and frame over HTTPS',
    change: 'Change http:// references in the page templates to https:// (or relative URLs) and add Content-Security-Policy: upgrade-insecure-requests.',
    place: 'the page templates',
    size: 'minutes',
  },
  'api-caching': {
    title: 'Mark API and signed-in responses uncacheable',
    change: 'Send Cache-Control: no-store on API and signed-in responses, and exclude /api/* from CDN caching.',
    place: 'one middleware or the CDN cache rules',
    size: 'minutes',
  },
  dns: {
    title: 'Clean up the DNS records',
    change: 'Add missing A/AAAA records, delete dangling CNAMEs, replace a CNAME at the apex with ALIAS/A records, and let CAA allow the CA you use.',
    place: 'the DNS zone',
    size: 'minutes',
  },
  'certificate-renewal': {
    title: 'Renew the certificates and automate renewal',
    change: 'Renew now from a public CA for every served name, switch to automatic (ACME) renewal, and alert 14 days before expiry.',
    place: 'the load balancer, CDN or certificate manager',
    size: 'hours',
  },
  'tls-config': {
    title: 'Serve only TLS 1.2+ with strong keys',
    change: 'Set the minimum TLS version to 1.2 and re-issue with RSA 2048+ or ECDSA P-256 and a SHA-256 signature where flagged.',
    place: 'the TLS settings of the load balancer, CDN or server',
    size: 'minutes',
  },
  'origin-exposure': {
    title: 'Hide the origin behind the CDN',
    change: 'Move unproxied names off the origin\'s address and make the origin accept connections only from the CDN.',
    place: 'DNS and the origin firewall',
    size: 'hours',
  },
  'mail-authentication': {
    title: 'Publish correct SPF, DKIM and DMARC records',
    change: 'End SPF in -all listing only real senders, publish a 2048-bit DKIM key under a new selector, and a DMARC record with rua= reports (then move to p=quarantine).',
    place: 'the DNS zone of the mail domain and the mail provider\'s console',
    size: 'hours',
  },
  'mail-transport': {
    title: 'Publish MTA-STS and TLS-RPT',
    change: 'Publish _mta-sts and _smtp._tls TXT records and the MTA-STS policy file.',
    place: 'the DNS zone of the mail domain and a static file host',
    size: 'hours',
  },
  'error-handling': {
    title: 'Return generic errors and hide the framework banner',
    change: 'Install a final error handler that logs the error and returns a generic body, and turn off X-Powered-By and version banners.',
    place: 'the app\'s error handler',
    size: 'minutes',
  },
  // Issue 10: the target's liveness and the harm a request can leave.
  'crash-handling': {
    title: 'Stop a single request from crashing the app',
    change: 'Find the crash in the app log at the time in the finding, handle the error in that route (validate the input, check the caller exists before reading from it), add process-level handlers that log instead of exiting, and run the app under a supervisor that restarts it.',
    place: 'the route named in the finding, and the process supervisor',
    size: 'hours',
  },
  'broken-data': {
    title: 'Repair what the failed write left, and validate before storing',
    change: 'Repair the rows the named request left behind, then validate every write before it stores anything (or store inside a transaction that rolls back on error), so one bad request cannot break a read for everyone.',
    place: 'the database and the write handler named in the finding',
    size: 'hours',
  },
  'secrets-in-repository': {
    title: 'Rotate the committed secrets and take env files out of git',
    change: 'Rotate every secret listed at its provider, delete the env files from git (git rm --cached, .gitignore), and keep values in the platform\'s secret store; the history keeps the old values, so rotation is the fix.',
    place: 'each provider\'s console, the repository and the deploy platform\'s secret store',
    size: 'a day',
  },
  'secret-in-bundle': {
    title: 'Move server secrets out of the client bundle',
    change: 'Rotate the secret and move the call that needs it to the server; expose only public (publishable) keys to the browser build.',
    place: 'the client build configuration and a server route',
    size: 'hours',
  },
  'production-config': {
    title: 'Give production its own configuration',
    change: 'Build production\'s environment from scratch rather than copying staging: its own secrets, live provider keys, NODE_ENV=production with debug off, and webhooks pointing at production.',
    place: 'the production environment (env file or the platform\'s settings) and debug switches in code',
    size: 'hours',
  },
  'debug-in-code': {
    title: 'Take debug switches out of the code',
    change: 'Make debug behaviour depend on configuration that is off in production (never on by default), and remove hard-coded debug flags.',
    place: 'the source files listed',
    size: 'minutes',
  },
  'env-documentation': {
    title: 'List every variable in .env.example and production',
    change: 'Add every variable the code reads to .env.example (placeholders only) and set each one in production, or remove the read.',
    place: '.env.example and the production environment',
    size: 'minutes',
  },
  'tls-verification': {
    title: 'Turn TLS verification back on',
    change: 'Remove the switch that disables certificate verification; trust a private CA explicitly where one is needed.',
    place: 'the HTTP/database client setup',
    size: 'minutes',
  },
  migrations: {
    title: 'Give every migration a way back',
    change: 'Add a down path to each migration listed (or make it safe to rerun), and split destructive steps into a later release after a backup.',
    place: 'the migrations folder',
    size: 'hours',
  },
  'deployment-pipeline': {
    title: 'Commit one repeatable deployment pipeline',
    change: 'Generate one with `launchready ci --provider github|gitlab --deploy "<your deploy command>"`: test, scan, audit staging, deploy, smoke-check production and roll back on failure.',
    place: 'the repository (.github/workflows or .gitlab-ci.yml)',
    size: 'hours',
  },
  'log-redaction': {
    title: 'Redact secrets and personal data from logs',
    change: 'Configure the logger to redact the fields listed (e.g. pino redact paths) and stop logging credentials in code.',
    place: 'the logger configuration',
    size: 'minutes',
  },
  'site-down': {
    title: 'Bring the failing pages back (or roll back)',
    change: 'Find why home, login or health fails (app logs for a 5xx, the proxy for a refused connection) and fix it, or roll back the last deploy.',
    place: 'the running deployment',
    size: 'hours',
  },
  'ai-scope': {
    title: 'Give the AI assistant only what the caller may see and do',
    change: "Run every assistant tool as the caller, through the API's own authorization (tenant and role), fence tool results as data, and confirm actions that move money or delete data.",
    place: 'the assistant\'s tool layer and prompt assembly',
    size: 'a day',
  },
  'ai-system-prompt': {
    title: 'Keep nothing secret in the system prompt',
    change: 'Move secrets and security rules out of the system prompt into code, and withhold replies that carry its canary or long runs of its text.',
    place: 'the system prompt and the reply filter',
    size: 'hours',
  },
  'ai-output': {
    title: 'Treat the assistant\'s replies as untrusted output',
    change: 'Answer with application/json and nosniff, render replies as text or through a sanitiser, and set a CSP without unsafe-inline.',
    place: 'the assistant endpoint and the front end that shows replies',
    size: 'hours',
  },
  'ai-limits': {
    title: 'Limit what one user can spend on the model',
    change: 'Rate-limit requests and tokens per user on every model endpoint (429 with Retry-After), cap prompt size (413), and turn model errors into 4xx answers.',
    place: 'the model endpoints',
    size: 'hours',
  },
  monitoring: {
    title: 'Watch home, login and health, and route alerts to a person',
    change: 'Add a monitor: section with checks for home, login and health and at least one channel routed for critical alerts, then run `launchready monitor`.',
    place: 'launchready.yml (monitor:)',
    size: 'minutes',
  },
} as const satisfies Record<string, FixKind>;

export type FixId = keyof typeof FIXES;

// A debug flag set in an env file and one hard-coded in source are fixed in
// different places, so the code hits get their own fix.
const debugInCode = (f: Finding): FixId | undefined => (f.location?.path && !/(^|\/)\.env[^/]*$/.test(f.location.path) ? 'debug-in-code' : undefined);

/** Which root cause each check's findings belong to. */
export const FIX_OF_CHECK: Record<string, FixRule> = {
  'unauthenticated-access': { fix: 'route-authorization' },
  'function-level-authorization-missing': { fix: 'route-authorization' },
  'malformed-token-accepted': { fix: 'token-verification' },
  'jwt-signing-key-guessable': { fix: 'jwt-signing-key' },
  'expired-session-accepted': { fix: 'session-revocation' },
  'session-valid-after-logout': { fix: 'session-revocation' },
  'session-valid-after-password-change': { fix: 'session-revocation' },
  'session-valid-after-disable': { fix: 'session-revocation' },
  'session-cookie-insecure': { fix: 'session-cookie' },
  'object-level-authorization-missing': { fix: 'tenant-scoping' },
  'mass-assignment-accepted': { fix: 'write-allow-lists' },
  'request-validation-missing': { fix: 'request-validation' },
  'rate-limit-missing': { fix: 'rate-limits' },
  'rate-limit-bypassable': { fix: 'rate-limits' },
  'user-enumeration-possible': { fix: 'account-enumeration' },
  'reset-token-exposed': { fix: 'reset-tokens' },
  'reset-token-reusable': { fix: 'reset-tokens' },
  'revoked-invite-accepted': { fix: 'invite-acceptance' },
  'invite-terms-changeable': { fix: 'invite-acceptance' },
  'weak-password-accepted': { fix: 'password-rule' },
  'cors-reflects-any-origin': { fix: 'cors' },
  'cors-wildcard-with-credentials-in-code': { fix: 'cors' },
  'undocumented-method-answered': { fix: 'undocumented-routes' },
  'method-override-honoured': { fix: 'undocumented-routes' },
  'http-not-redirected-to-https': { fix: 'https-redirects' },
  'redirect-chain-broken': { fix: 'https-redirects' },
  'legacy-redirect-wrong-target': { fix: 'https-redirects' },
  'missing-security-headers': { fix: 'security-headers' },
  'hsts-weak': { fix: 'security-headers' },
  'mixed-content': { fix: 'mixed-content' },
  'api-response-cacheable': { fix: 'api-caching' },
  'host-does-not-resolve': { fix: 'dns' },
  'dangling-cname': { fix: 'dns' },
  'cname-at-apex': { fix: 'dns' },
  'caa-forbids-issuer': { fix: 'dns' },
  'tls-certificate-expiring': { fix: 'certificate-renewal' },
  'tls-certificate-untrusted': { fix: 'certificate-renewal' },
  'tls-hostname-mismatch': { fix: 'certificate-renewal' },
  'tls-certificate-lifetime-too-long': { fix: 'certificate-renewal' },
  'tls-legacy-protocol-offered': { fix: 'tls-config' },
  'tls-weak-key-or-signature': { fix: 'tls-config' },
  'origin-exposed-beside-cdn': { fix: 'origin-exposure' },
  'spf-missing': { fix: 'mail-authentication' },
  'spf-allows-any-sender': { fix: 'mail-authentication' },
  'spf-too-many-lookups': { fix: 'mail-authentication' },
  'spf-record-invalid': { fix: 'mail-authentication' },
  'dmarc-missing': { fix: 'mail-authentication' },
  'dmarc-policy-none': { fix: 'mail-authentication' },
  'dmarc-record-invalid': { fix: 'mail-authentication' },
  'dkim-selector-missing': { fix: 'mail-authentication' },
  'dkim-key-too-weak': { fix: 'mail-authentication' },
  'mx-missing': { fix: 'mail-authentication' },
  'mta-sts-missing': { fix: 'mail-transport' },
  'tls-rpt-missing': { fix: 'mail-transport' },
  'error-response-leaks-internals': { fix: 'error-handling' },
  'request-crashes-server': { fix: 'crash-handling' },
  'audit-left-app-broken': { fix: 'broken-data' },
  'env-file-committed': { fix: 'secrets-in-repository' },
  'secret-in-repository': { fix: 'secrets-in-repository' },
  'secret-in-git-history': { fix: 'secrets-in-repository' },
  'secret-in-client-bundle': { fix: 'secret-in-bundle' },
  'secret-shared-between-environments': { fix: 'production-config' },
  'test-credentials-in-production': { fix: 'production-config' },
  'debug-enabled-in-production': { fix: 'production-config', elsewhere: debugInCode },
  'webhook-points-outside-production': { fix: 'production-config' },
  'env-example-missing-keys': { fix: 'env-documentation' },
  'env-var-inventory': { fix: 'env-documentation' },
  'tls-verification-disabled': { fix: 'tls-verification' },
  'migration-not-reversible': { fix: 'migrations' },
  'no-deployment-pipeline': { fix: 'deployment-pipeline' },
  'secrets-written-to-logs': { fix: 'log-redaction' },
  'logs-contain-secrets-or-personal-data': { fix: 'log-redaction' },
  'uptime-check-missing': { fix: 'monitoring' },
  'critical-page-unavailable': { fix: 'site-down' },
  'prompt-injection-followed': { fix: 'ai-scope' },
  'indirect-prompt-injection-followed': { fix: 'ai-scope' },
  'ai-sensitive-information-disclosed': { fix: 'ai-scope' },
  'ai-excessive-agency': { fix: 'ai-scope' },
  'system-prompt-leaked': { fix: 'ai-system-prompt' },
  'ai-output-renders-active-content': { fix: 'ai-output' },
  'ai-consumption-unbounded': { fix: 'ai-limits' },
  'logs-expose-prompts': { fix: 'log-redaction' },
  'alert-route-missing': { fix: 'monitoring' },
};

const TRIAGE_RANK = (t: Triage): number => TRIAGES.indexOf(t);
const SEVERITY_RANK = (s: Severity): number => SEVERITIES.indexOf(s);
const SIZE_RANK: Record<FixSize, number> = { minutes: 0, hours: 1, 'a day': 2 };

/** The command that re-runs exactly the checks a fix is about. */
export function verifyCommand(checkIds: readonly string[]): string {
  return `launchready audit --only ${checkIds.join(',')}`;
}

/** Where one finding sits, for the fix's "where" list: a file (no line), or a host. */
function placeOf(f: Finding): string | undefined {
  if (f.location?.path) return f.location.path;
  if (f.location?.url) {
    try {
      return new URL(f.location.url).host;
    } catch {
      return f.location.url;
    }
  }
  return undefined;
}

interface Bucket {
  key: string;
  kind: FixKind;
  checkIds: string[];
  findings: Finding[];
}

/**
 * Groups every finding of the checks into fixes. Each finding lands in exactly
 * one fix. Order: most urgent first (by the triage of the fix's open findings),
 * then severity, then the smaller change, then the fix with more findings.
 */
export function groupFixes(checks: readonly CheckResult[]): Fix[] {
  const buckets = new Map<string, Bucket>();
  for (const check of checks) {
    const rule = FIX_OF_CHECK[check.id];
    for (const finding of check.findings) {
      const fixId = rule ? (rule.elsewhere?.(finding) ?? rule.fix) : undefined;
      const key = fixId ?? `check:${check.id}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        const kind: FixKind = fixId
          ? FIXES[fixId]
          : { title: check.failureTitle, change: check.remediation, place: 'see the findings', size: 'hours' };
        bucket = { key, kind, checkIds: [], findings: [] };
        buckets.set(key, bucket);
      }
      if (!bucket.checkIds.includes(check.id)) bucket.checkIds.push(check.id);
      bucket.findings.push(finding);
    }
  }
  const fixes = [...buckets.values()].map(toFix);
  return fixes.sort(
    (a, b) =>
      Number(a.accepted) - Number(b.accepted) ||
      TRIAGE_RANK(a.triage) - TRIAGE_RANK(b.triage) ||
      SEVERITY_RANK(a.severity) - SEVERITY_RANK(b.severity) ||
      SIZE_RANK[a.size] - SIZE_RANK[b.size] ||
      b.findings.length - a.findings.length ||
      a.title.localeCompare(b.title),
  );
}

function toFix(b: Bucket): Fix {
  const open = b.findings.filter((f) => !f.accepted);
  // A fix is as urgent as its most urgent open finding; once every finding is
  // accepted it keeps its triage for display but no longer blocks.
  const judged = open.length ? open : b.findings;
  const triage = judged.map((f) => f.triage).sort((x, y) => TRIAGE_RANK(x) - TRIAGE_RANK(y))[0]!;
  const severity = judged.map((f) => f.severity).sort((x, y) => SEVERITY_RANK(x) - SEVERITY_RANK(y))[0]!;
  const ordered = [...b.findings].sort(
    (x, y) => Number(x.accepted) - Number(y.accepted) || TRIAGE_RANK(x.triage) - TRIAGE_RANK(y.triage) || SEVERITY_RANK(x.severity) - SEVERITY_RANK(y.severity),
  );
  return {
    id: b.key,
    title: b.kind.title,
    triage,
    severity,
    change: b.kind.change,
    place: b.kind.place,
    where: [...new Set(b.findings.map(placeOf).filter((p): p is string => Boolean(p)))],
    size: b.kind.size,
    verify: verifyCommand(b.checkIds),
    checkIds: b.checkIds,
    findings: ordered.map((f) => f.fingerprint),
    openFindings: open.length,
    accepted: open.length === 0,
  };
}

/** Open (not accepted) fixes per triage, and the open findings they hold. */
export function countFixes(fixes: readonly Fix[]): Record<Triage, { fixes: number; findings: number }> {
  const out = Object.fromEntries(TRIAGES.map((t) => [t, { fixes: 0, findings: 0 }])) as Record<Triage, { fixes: number; findings: number }>;
  for (const fix of fixes) {
    if (fix.accepted) continue;
    out[fix.triage].fixes++;
    out[fix.triage].findings += fix.openFindings;
  }
  return out;
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "NOT READY — 14 fixes first (75 findings)" / "READY — nothing to fix first, 3 fixes after launch". */
export function fixVerdictLine(
  ready: boolean,
  counts: Record<Triage, { fixes: number; findings: number }>,
  /** Fix-first findings the baseline accepted: said in the line, so READY never hides them (critic #10). */
  acceptedFixFirst = 0,
): string {
  const accepted = acceptedFixFirst ? ` (${acceptedFixFirst} accepted in baseline)` : '';
  if (ready) {
    const after = counts['launch-now'].fixes;
    return `READY — nothing to fix first${accepted}${after ? `, ${plural(after, 'fix', 'fixes')} after launch` : ''}`;
  }
  const first = counts['fix-first'];
  return `NOT READY — ${plural(first.fixes, 'fix', 'fixes')} first (${plural(first.findings, 'finding', 'findings')}${acceptedFixFirst ? `; ${acceptedFixFirst} more accepted in baseline` : ''})`;
}
