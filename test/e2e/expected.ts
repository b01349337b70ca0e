// The known answers for the bundled demo. Each planted problem of the
// vulnerable Acme Ops (see demo/app/README.md and demo/infra/) appears here
// as the check that must find it and a pattern for each finding's title.
// Adding a check that finds something new in the demo means adding it here.

/** The first checks (issue 2): each must fail in vulnerable mode and pass in hardened mode. */
export const ISSUE2_CHECKS = [
  'unauthenticated-access',
  'http-not-redirected-to-https',
  'missing-security-headers',
  'error-response-leaks-internals',
  'env-file-committed',
] as const;

export const EXPECTED_VULNERABLE: Record<string, RegExp[]> = {
  'unauthenticated-access': [/^GET \/api\/admin\/users answers without credentials$/, /^GET \/api\/audit-log answers without credentials$/],
  'http-not-redirected-to-https': [/serves the app over plain HTTP \(200\)/],
  'missing-security-headers': [/^Missing HSTS/, /^Missing X-Content-Type-Options/, /^Missing clickjacking protection/, /^Missing Content-Security-Policy/],
  'error-response-leaks-internals': [/^Error responses show a stack trace$/, /^Responses announce the framework: x-powered-by: Express$/],
  'env-file-committed': [/^\.env is committed/, /^\.env\.production is committed/, /^\.env\.staging is committed/],
  // Deployment hygiene (issue 4).
  'env-example-missing-keys': [/^DEBUG /, /^MAIL_API_KEY /, /^PAYMENTS_SECRET_KEY /, /^SLACK_BOT_TOKEN /, /^WEBHOOK_URL /],
  'secret-shared-between-environments': [/^SESSION_SECRET /, /^PAYMENTS_SECRET_KEY /],
  'test-credentials-in-production': [/test-mode payment key/],
  'debug-enabled-in-production': [/NODE_ENV=development/, /DEBUG=true/, /stack traces to the client/],
  'webhook-points-outside-production': [/points at a staging host/],
  'migration-not-reversible': [/001_init\.sql has no down path$/, /002_drop_legacy_invoices\.sql has no down path and runs DROP TABLE/],
  'no-deployment-pipeline': [/No CI workflow/],
  'env-var-inventory': [/SLACK_BOT_TOKEN is read by the code but set in no production/],
};
