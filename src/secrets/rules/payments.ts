// Payment-provider keys. Live and test mode are told apart: a test key in a
// repository is poor hygiene, a live key is a launch blocker.
import type { SecretRule } from './types.js';

export const PAYMENT_RULES: SecretRule[] = [
  {
    id: 'stripe-secret-key',
    description: 'Stripe secret or restricted API key',
    category: 'payment',
    regex: String.raw`\b(?P<secret>(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{20,247})\b`,
    keywords: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    // Backtrack-safe: prefix alternations (not repeated), then {20,247}.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.0,
    modes: { live: '^[sr]k_live_', test: '^[sr]k_test_' },
    before: 0,
    after: 260,
  },
  {
    id: 'stripe-webhook-secret',
    description: 'Stripe webhook signing secret',
    category: 'webhook',
    regex: String.raw`\b(?P<secret>whsec_[0-9A-Za-z+/=]{24,100})`,
    keywords: ['whsec_'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.0,
    before: 0,
    after: 110,
  },
  {
    id: 'square-access-token',
    description: 'Square access token',
    category: 'payment',
    regex: String.raw`\b(?P<secret>(?:EAAA|sq0atp-)[0-9A-Za-z_-]{22,60})\b`,
    keywords: ['eaaa', 'sq0atp-'],
    // Backtrack-safe: a prefix alternation (not repeated), then {22,60}.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.5,
    before: 0,
    after: 70,
  },
  {
    id: 'paypal-braintree-token',
    description: 'PayPal Braintree access token',
    category: 'payment',
    regex: String.raw`\b(?P<secret>access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32})`,
    keywords: ['access_token$'],
    // Backtrack-safe: literal parts and fixed-length classes ({16}, {32}).
    backtrackSafe: true,
    severity: 'critical',
    modes: { live: '\\$production\\$', test: '\\$sandbox\\$' },
    before: 0,
    after: 90,
  },
];
