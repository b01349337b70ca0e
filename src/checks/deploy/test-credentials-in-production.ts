// Production configured with test-mode payment keys takes no money (or takes
// it into a test account); with default passwords (admin/admin, password123)
// or seeded demo users it lets in whoever tries the obvious. Both are
// left-overs from the first deploy that nobody revisits.
import type { EnvEntry, EnvFile } from '../../evidence/types.js';
import type { Severity } from '../../report/model.js';
import { envEvidence, filesOfTier, NO_PRODUCTION_FILES } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

const SANDBOX_KEY_RE = /(PAYPAL|BRAINTREE|SQUARE|ADYEN|PADDLE|PAYMENTS?|STRIPE|PLAID|CHECKOUT|RAZORPAY|MOLLIE|BILLING)\w*_(MODE|ENV|ENVIRONMENT)$/i;
const SANDBOX_VALUE_RE = /^(sandbox|test|testing|development|dev)$/i;
const DEMO_KEY_RE = /(^|_)(SEED|DEMO|TEST|FAKE|SAMPLE)_?(USERS?|ACCOUNTS?|DATA|MODE|LOGIN|EMAIL|PASSWORD|ADMIN)($|_)|^(ENABLE|CREATE|ALLOW)_(DEMO|TEST|SEED)/i;
const DEFAULT_USERS = new Set(['admin', 'administrator', 'root', 'test', 'demo', 'user', 'guest']);

interface Problem {
  what: string;
  severity: Severity;
  why: string;
}

function problemOf(e: EnvEntry, file: EnvFile): Problem | undefined {
  if (e.empty) return undefined;
  if (e.hints?.testModeKey) {
    return { what: 'a test-mode payment key', severity: 'high', why: 'Payments in production would run against the test account: no real charges, or charges nobody can refund.' };
  }
  if (e.hints?.weakPassword) {
    const user = file.entries.find((u) => /(USER|USERNAME|LOGIN|EMAIL)$/i.test(u.key) && u.key.split('_')[0] === e.key.split('_')[0]);
    const pair = user?.value && DEFAULT_USERS.has(user.value.toLowerCase()) ? ` (user ${user.value})` : '';
    return { what: `a default or well-known password${pair}`, severity: 'high', why: 'Default passwords are the first thing anyone tries; credential-stuffing lists contain them all.' };
  }
  if (e.value !== undefined && SANDBOX_KEY_RE.test(e.key) && SANDBOX_VALUE_RE.test(e.value)) {
    return { what: `payments in ${e.value} mode`, severity: 'high', why: 'The payment provider is switched to its sandbox: production takes no real payments.' };
  }
  if (e.secret && e.hints?.placeholder) {
    return { what: 'a placeholder instead of a secret', severity: 'high', why: 'A placeholder such as "changeme" is public knowledge: anything it protects (sessions, signatures) can be forged.' };
  }
  if (DEMO_KEY_RE.test(e.key) && !e.hints?.falsy) {
    return { what: 'seeded demo or test users switched on', severity: 'medium', why: 'Demo and test accounts have passwords that are shared, guessed or published in the README.' };
  }
  return undefined;
}

export default defineCheck({
  meta: {
    id: 'test-credentials-in-production',
    stage: 4,
    title: 'Production config holds no test keys or test credentials',
    failureTitle: 'Production config holds test keys or test credentials',
    severity: 'high',
    minimumBar: 'Remove debug flags and test credentials from production builds.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Use the live key from the provider in production (test keys belong in staging), replace default passwords with generated ones, and turn off seeding of demo users in production.',
    requires: ['repo'],
  },
  run({ repo }) {
    const production = filesOfTier(repo, 'production');
    if (production.length === 0) return { status: 'not-tested', reason: NO_PRODUCTION_FILES };
    const findings: FindingInput[] = [];
    for (const f of production) {
      for (const e of f.entries) {
        const p = problemOf(e, f);
        if (!p) continue;
        findings.push({
          title: `${e.key} in ${f.path} is ${p.what}`,
          severity: p.severity,
          detail: p.why,
          evidence: [envEvidence(f, [e], `${f.path} is a production env file${f.environments?.length ? ` (${f.environments.join(', ')})` : ''}`)],
          reproduction: `grep -n '^${e.key}=' ${f.path} | cut -c1-${e.key.length + 12}`,
          location: { path: f.path, line: e.line },
          identity: [f.path, e.key],
        });
      }
    }
    const n = production.reduce((s, f) => s + f.entries.length, 0);
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `${n} production settings checked in ${production.map((f) => f.path).join(', ')}` };
  },
});
