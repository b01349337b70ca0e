// The catch-all: `*_SECRET`, `*_PASSWORD`, `*_TOKEN`, `*_KEY` assignments in
// any of the shapes config and code use: `NAME = value`, `name: value`
// (YAML, Ruby, properties), `name="value"` (XML attributes, INI), and (a
// second rule) `define('NAME', 'value')` and `("NAME", "value")` pairs, with quotes that
// may be escaped (JSON inside a string). Generic rules are where scanners
// drown users in false alarms, so this one demands entropy, refuses code
// expressions, identifiers and readable words, and yields to any specific
// rule that found the same value.
import { ASSIGN, ASSIGNMENT_NEAR, CODE_SHAPES, CODE_VALUE_ALLOW, assignedValue } from './code-values.js';
import type { SecretRule } from './types.js';

/** Words that make a name secret; `pass` only as a word of its own or after a separator (`ftp_pass`, `.pass`; not `compass`, `passport`). */
export const SECRET_NAME_WORDS = String.raw`(?:secret|password|passwd|passphrase|pwd|token|api_?key|apikey|access_?key|private_?key|auth_?key|signing_?key|_key|-key|credential|[_.-]pass\b|\bpass\b)`;
/**
 * A secret-named key: one of the words above inside a name of up to 40
 * characters before and 10 after (`secret_key_base`, `password_digest`).
 * One alternation, not two: the regex runs on every line that says token or
 * key, and a second name shape doubled its cost.
 */
export const SECRET_NAME = String.raw`\b[\w.-]{0,40}${SECRET_NAME_WORDS}s?[\w-]{0,10}`;

const pair = String.raw`(?i)\\{0,3}["'](?P<pairname>${SECRET_NAME})\\{0,3}["'][ \t]{0,8},[ \t]{0,8}\\{0,3}["'](?P<secretpair>[^"'\\\s,;)\]}][^"'\\\r\n]{8,198}[^"'\\\s])\\{0,3}["']`;

const GENERIC_ALLOW: SecretRule['allow'] = {
  // Lockfiles and checksums are full of high-entropy values that are not secrets.
  paths: [String.raw`(?:^|/)(?:package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock|go\.sum)$`],
  regexes: CODE_VALUE_ALLOW,
  unquotedCode: CODE_SHAPES,
  stopwords: ['getenv', 'environ', 'keyof', 'typeof', 'password', 'passw0rd', 'p@ssw0rd'],
  readable: true,
  // Keys meant to be public: public keys (EJSON, dotenvx, JWT verification), publishable keys, key ids.
  before: String.raw`(?:public|publishable)[_.-]?key|key[_.-]?id\b|[_.-]keys?[_.-]?(?:url|path|file)\b`,
};

export const GENERIC_RULES: SecretRule[] = [
  {
    id: 'generic-secret-assignment',
    description: 'High-entropy value assigned to a secret-named key (*_SECRET, *_PASSWORD, *_TOKEN, *_KEY)',
    category: 'generic',
    regex: String.raw`(?i)${SECRET_NAME}${ASSIGN}${assignedValue(10)}`,
    keywords: ['secret', 'pass', 'pwd', 'token', 'key', 'credential'],
    severity: 'high',
    minEntropy: 3.3,
    generic: true,
    // Backtrack-safe: every quantifier is bounded ({0,40}, {0,10}, {0,64},
    // {10,200}, ?), no group is repeated, and no alternation is optional.
    // This rule fires on ordinary code (token, key, password), so running it
    // on V8's RegExp rather than re2js is most of the engine's speed.
    backtrackSafe: true,
    lineBounded: true,
    near: ASSIGNMENT_NEAR,
    before: 48,
    after: 260,
    allow: GENERIC_ALLOW,
  },
  {
    // Its own rule, with its own cheap `near`, so the common `name = value`
    // shape does not pay for trying this one on every line that says key.
    id: 'generic-secret-pair',
    description: 'High-entropy value paired with a secret name: define(\'*_KEY\', \'…\'), ("*_PASSWORD", "…")',
    category: 'generic',
    regex: pair,
    keywords: ['secret', 'pass', 'pwd', 'token', 'key', 'credential'],
    severity: 'high',
    minEntropy: 3.3,
    generic: true,
    // Backtrack-safe: every quantifier is bounded and no alternation is optional or repeated.
    backtrackSafe: true,
    lineBounded: true,
    near: String.raw`^[\w.-]{0,10}\\{0,3}["'][ \t]{0,8},[ \t]{0,8}\\{0,3}["']`,
    before: 56,
    after: 260,
    allow: GENERIC_ALLOW,
  },
];
