// The catch-all: `*_SECRET`, `*_PASSWORD`, `*_TOKEN`, `*_KEY` assignments.
// Generic rules are where scanners drown users in false alarms, so this one
// demands entropy, refuses code expressions and identifiers, and yields to
// any specific rule that found the same value.
import { ASSIGNMENT_NEAR, CODE_VALUE_ALLOW, VALUE_END } from './code-values.js';
import type { SecretRule } from './types.js';

// The value: no quotes, whitespace, or code punctuation.
const value = String.raw`["'\x60]?(?P<secret>[^\s"'\x60;,(){}<>\[\]]{10,200})${VALUE_END}`;
// Spaces around the operator are bounded (64 is far beyond any alignment
// seen in config files) so the pattern stays backtrack-safe.
const assign = String.raw`["']?[ \t]{0,64}(?:=|:|:=|=>|\?\?|\|\|)[ \t]{0,64}`;

export const GENERIC_RULES: SecretRule[] = [
  {
    id: 'generic-secret-assignment',
    description: 'High-entropy value assigned to a secret-named key (*_SECRET, *_PASSWORD, *_TOKEN, *_KEY)',
    category: 'generic',
    regex: String.raw`(?i)\b[\w.-]{0,40}(?:secret|password|passwd|pwd|token|api_?key|apikey|access_?key|private_?key|auth_?key|signing_?key|_key|-key|credential)s?[\w-]{0,4}${assign}${value}`,
    keywords: ['secret', 'password', 'passwd', 'pwd', 'token', 'key', 'credential'],
    severity: 'high',
    minEntropy: 3.3,
    generic: true,
    // Backtrack-safe: every quantifier is bounded ({0,40}, {0,4}, {0,64},
    // {10,200}, ?), and the keyword and operator alternations are not repeated.
    // This rule fires on ordinary code (token, key, password), so running it
    // on V8's RegExp rather than re2js is most of the engine's speed.
    backtrackSafe: true,
    lineBounded: true,
    near: ASSIGNMENT_NEAR,
    before: 48,
    after: 260,
    allow: {
      // Lockfiles and checksums are full of high-entropy values that are not secrets.
      paths: [String.raw`(?:^|/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock|go\.sum)$`],
      regexes: [
        ...CODE_VALUE_ALLOW,
        // Paths and URLs without credentials.
        String.raw`^(?:\.{0,2}/|https?://|file:)`,
        // Hash algorithm prefixes and integrity strings.
        String.raw`^(?:sha\d{1,3}|md5)[-:]`,
      ],
      stopwords: ['getenv', 'environ', 'keyof', 'typeof', 'password', 'passw0rd', 'p@ssw0rd'],
    },
  },
];
