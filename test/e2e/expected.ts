// The known answers for the bundled demo. Each planted problem of the
// vulnerable Acme Ops (see demo/app/README.md, demo/infra/ and demo/start.ts)
// appears here as the check that must find it and one pattern per finding
// title. A new check that finds something in the demo must be added here, and
// a finding nobody planted fails the test: that is the point.

/** The first checks (issue 2): each must fail in vulnerable mode and pass in hardened mode. */
export const ISSUE2_CHECKS = [
  'unauthenticated-access',
  'http-not-redirected-to-https',
  'missing-security-headers',
  'error-response-leaks-internals',
  'env-file-committed',
] as const;

/** Every name the demo's one HTTPS listener answers for (demo/infra/certs.ts). */
const HOSTS = ['acme.test', 'www.acme.test', 'app.acme.test', 'api.acme.test', 'staging.acme.test'];
const perHost = (make: (h: string) => RegExp) => HOSTS.map(make);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const EXPECTED_VULNERABLE: Record<string, RegExp[]> = {
  // Stage 2 and 6: access control and abuse (issue 3).
  'unauthenticated-access': [/^GET \/api\/admin\/users answers without credentials$/, /^GET \/api\/audit-log answers without credentials$/],
  'expired-session-accepted': [/^A session \d+ s old still works \(lifetime 10 s\)$/],
  'session-valid-after-logout': [/^A session keeps working after logout$/],
  'session-valid-after-password-change': [/^An older session keeps working after the password was changed$/],
  'session-valid-after-disable': [/^A disabled user's session keeps working$/],
  'session-cookie-insecure': [/^Session cookie sid is set without Secure and SameSite$/],
  'function-level-authorization-missing': [
    /^GET \/api\/payouts is open to staff and viewer$/,
    /^GET \/api\/admin\/users is open to staff and viewer$/,
    // The same planted problem as unauthenticated-access's audit-log finding; found every run now that the matrix reads before it writes.
    /^GET \/api\/audit-log is open to staff and viewer$/,
    /^POST \/api\/admin\/users\/\{id\}\/disable is open to anonymous$/,
    /^POST \/api\/invoices is open to viewer$/,
    /^POST \/api\/payouts is open to staff and viewer$/,
    /^PATCH \/api\/invoices\/\{id\} is open to viewer$/,
    /^DELETE \/api\/invoices\/\{id\} is open to staff and viewer$/,
    /^POST \/api\/invoices\/\{id\}\/approve is open to staff and viewer$/,
  ],
  'object-level-authorization-missing': [
    /can read lists that include another tenant's rows via GET \/api\/admin\/users$/,
    /can read guessed \(neighbouring\) ids of another tenant via GET \/api\/invoices\/\{id\}$/,
    /can read objects of another tenant by id via GET \/api\/invoices\/\{id\}$/,
    /can change objects of another tenant by id via PATCH \/api\/invoices\/\{id\}$/,
    /can delete objects of another tenant by id via DELETE \/api\/invoices\/\{id\}$/,
    /can change objects of another tenant by id via POST \/api\/invoices\/\{id\}\/approve$/,
  ],
  'mass-assignment-accepted': [/^PATCH \/api\/me lets viewer set role, isAdmin, tenantId$/, /^PATCH \/api\/invoices\/\{id\} lets staff set tenantId, status, approved$/],
  'request-validation-missing': [
    /^A wrong-type value is stored without validation/,
    /^A missing-required value is stored without validation/,
    /^A oversize-string value is stored without validation/,
    /^A wrong-content-type body makes the server fail \(500\)/,
    /^A 2 MB body is accepted \(no size limit\)$/,
    /^A huge-body body makes the server fail \(500\)/,
  ],
  'rate-limit-missing': [
    /^No rate limit on login: \d+ requests, no 429$/,
    /^No rate limit on password reset: \d+ requests, no 429$/,
    /^No rate limit on contact form: \d+ requests, no 429$/,
  ],
  'user-enumeration-possible': [/^Login tells existing accounts apart/, /^Password reset tells existing accounts apart/],
  'reset-token-exposed': [/returns the reset token in its response$/],
  'reset-token-reusable': [/^A password-reset token works a second time$/],
  'revoked-invite-accepted': [/^A revoked invite still creates an account$/, /^A used invite can be accepted again, setting a new password$/],
  'invite-terms-changeable': [/^An invitee can change the invite's terms \(role viewer → owner, workspace → globex\)$/],
  'weak-password-accepted': [
    /^Invite acceptance \(POST \/api\/invites\/accept\) accepts a 6-character password$/,
    /^Password reset \(POST \/api\/auth\/password-reset\/confirm\) accepts a 6-character password$/,
  ],
  'cors-reflects-any-origin': [/^CORS reflects the arbitrary origin .* with credentials$/, /^CORS reflects the `null` origin null with credentials$/],
  // Stage 3: edge and domain (issue 5); one HTTPS listener answers for every name.
  'http-not-redirected-to-https': perHost((h) => new RegExp(`^${esc(h)} serves the app over plain HTTP \\(200\\) instead of redirecting$`)),
  'missing-security-headers': [/^Missing X-Content-Type-Options/, /^Missing clickjacking protection/, /^Missing Content-Security-Policy/],
  // One certificate for every name: one finding.
  'tls-certificate-expiring': [new RegExp(`^${HOSTS.map(esc).join(', ')}: certificate expires in [45] day\\(s\\)`)],
  'tls-legacy-protocol-offered': [new RegExp(`^${HOSTS.map(esc).join(', ')} accept TLS 1\\.0 and TLS 1\\.1$`)],
  'legacy-redirect-wrong-target': [/^http:\/\/www\.acme\.test:\d+\/ lands on http:\/\/www\.acme\.test:\d+\/ \(200\) instead of https:\/\/app\.acme\.test:\d+\/$/],
  'hsts-weak': perHost((h) => new RegExp(`^${esc(h)} sends no Strict-Transport-Security header$`)),
  'mixed-content': perHost((h) => new RegExp(`^https://${esc(h)}:\\d+/ loads scripts, styles or frames over http://`)),
  'api-response-cacheable': [
    /^anonymous API response \/health has no Cache-Control/,
    ...['/api/me', '/api/invoices', '/api/payouts', '/api/invites', '/api/audit-log', '/api/admin/users', '/api/invoices/1'].map(
      (p) => new RegExp(`^signed-in API response ${esc(p)} has no Cache-Control`),
    ),
  ],
  'spf-allows-any-sender': [/^SPF of acme\.test authorises every server on the internet \(\+all\)$/],
  'dmarc-missing': [/^acme\.test publishes no DMARC record$/],
  'dkim-key-too-weak': [/^DKIM key at selector s1 is 512-bit RSA$/],
  'mta-sts-missing': [/^acme\.test publishes no MTA-STS policy$/],
  'tls-rpt-missing': [/^acme\.test publishes no TLS-RPT record$/],
  // Stage 4: production deployment (issues 2 and 4).
  'error-response-leaks-internals': [/^Error responses show a stack trace$/, /^Responses announce the framework: x-powered-by: Express$/],
  'env-file-committed': [/^\.env is committed/, /^\.env\.production is committed/, /^\.env\.staging is committed/],
  'secret-in-repository': [
    /^PostgreSQL connection URL with a password in \.env$/,
    /^High-entropy value assigned to a secret-named key .* in \.env$/,
    /^Stripe secret or restricted API key \(live mode\) in \.env$/,
    /^PostgreSQL connection URL with a password in \.env\.production$/,
    /^High-entropy value assigned to a secret-named key .* in \.env\.production$/,
    /^Stripe secret or restricted API key \(test mode\) in \.env\.production$/,
    /^SendGrid API key in \.env\.production$/,
    /^PostgreSQL connection URL with a password in \.env\.staging$/,
    /^High-entropy value assigned to a secret-named key .* in \.env\.staging$/,
    /^Stripe secret or restricted API key \(test mode\) in \.env\.staging$/,
    /^SendGrid API key in \.env\.staging$/,
  ],
  'secret-in-git-history': [/^Slack bot, user, app or config token in git history \(config\/notify\.js, commit [0-9a-f]+\)$/],
  'secret-in-client-bundle': [/^SendGrid API key in the client bundle dist\/assets\/app\.js$/],
  'env-example-missing-keys': [/^DEBUG /, /^MAIL_API_KEY /, /^PAYMENTS_SECRET_KEY /, /^SLACK_BOT_TOKEN /, /^WEBHOOK_URL /],
  'secret-shared-between-environments': [/^SESSION_SECRET /, /^PAYMENTS_SECRET_KEY /],
  'test-credentials-in-production': [/test-mode payment key/],
  'debug-enabled-in-production': [/NODE_ENV=development/, /DEBUG=true/, /stack traces to the client/],
  'webhook-points-outside-production': [/points at a staging host/],
  'migration-not-reversible': [/001_init\.sql has no down path$/, /002_drop_legacy_invoices\.sql has no down path and runs DROP TABLE/],
  'no-deployment-pipeline': [/No CI workflow/],
  // Stage 5: monitoring (issue 6): the app logs what it should not.
  'logs-contain-secrets-or-personal-data': [
    /acme-ops\.log logs an email address \(personal data\) in body\.email$/,
    /acme-ops\.log logs a password in body\.password$/,
    /acme-ops\.log logs an email address \(personal data\) in msg$/,
    /acme-ops\.log logs an Authorization header \(a live credential\) in req\.headers\.authorization$/,
  ],
  // Stage 7: handover.
  'env-var-inventory': [/SLACK_BOT_TOKEN is read by the code but set in no production/],
};

// AI features (issue 16): the assistant at POST /api/assistant (JSON) and
// /api/assistant/stream (server-sent events), red-teamed by demo/launchready.yml's
// ai: section. Both endpoints fail every family the same way, except output
// handling: only the JSON route serves its reply as text/html (an event stream
// is never rendered). demo/app/README.md lists each planted problem.
const ASSISTANT = ['POST /api/assistant', 'POST /api/assistant/stream'];
const perEndpoint = (make: (op: string) => RegExp) => ASSISTANT.map((op) => make(esc(op)));
const LOG = 'acme-ops\\.log';

export const EXPECTED_AI_VULNERABLE: Record<string, RegExp[]> = {
  'prompt-injection-followed': perEndpoint((op) => new RegExp(`^${op} obeys prompts that override its rules \\(11 of 11 attacks\\)$`)),
  'indirect-prompt-injection-followed': [
    ...perEndpoint((op) => new RegExp(`^${op} follows instructions written into PATCH /api/invoices/\\{id\\} note$`)),
    ...perEndpoint((op) => new RegExp(`^${op} sends data to an outside origin when PATCH /api/invoices/\\{id\\} note tells it to$`)),
  ],
  'system-prompt-leaked': perEndpoint((op) => new RegExp(`^${op} reveals its system prompt \\(3 of 3 attacks\\)$`)),
  'ai-sensitive-information-disclosed': [
    ...perEndpoint((op) => new RegExp(`^${op} shows viewer another tenant's records \\(globex\\)$`)),
    ...perEndpoint((op) => new RegExp(`^${op} shows viewer owner's conversation$`)),
    ...perEndpoint((op) => new RegExp(`^${op} reveals secrets to viewer$`)),
  ],
  'ai-excessive-agency': [
    ...perEndpoint((op) => new RegExp(`^${op} lets viewer approve an invoice through the assistant \\(POST /api/invoices/\\{id\\}/approve\\)$`)),
    ...perEndpoint((op) => new RegExp(`^${op} lets viewer delete an invoice through the assistant \\(DELETE /api/invoices/\\{id\\}\\)$`)),
  ],
  'ai-output-renders-active-content': [/^POST \/api\/assistant returns active HTML from the model as text\/html$/],
  'ai-consumption-unbounded': [
    ...perEndpoint((op) => new RegExp(`^No rate limit on ${op}: 30 requests, no 429$`)),
    ...perEndpoint((op) => new RegExp(`^A 200,000-character prompt makes ${op} fail \\(500\\)$`)),
  ],
  'logs-expose-prompts': [
    new RegExp(`${LOG} logs a model API key in request\\.key$`),
    new RegExp(`${LOG} logs the system prompt in request\\.messages\\[\\*\\]\\.content$`),
    new RegExp(`${LOG} logs users' full prompts next to their personal data in request\\.messages\\[\\*\\]\\.content$`),
  ],
};
Object.assign(EXPECTED_VULNERABLE, EXPECTED_AI_VULNERABLE);
// The assistant's model key is committed in the vulnerable .env.production, and its crash on a long prompt is a validation failure too.
EXPECTED_VULNERABLE['secret-in-repository']!.push(/^OpenAI API key in \.env\.production$/);
EXPECTED_VULNERABLE['env-example-missing-keys']!.push(/^OPENAI_API_KEY /);
EXPECTED_VULNERABLE['request-validation-missing']!.push(/^A oversize-string body makes the server fail \(500\) on 2 operations$/);
