// Private keys, JSON Web Tokens and the secrets that sign them.
import { ASSIGN_OR_COMMA, CODE_SHAPES, CODE_VALUE_ALLOW, assignedValue } from './code-values.js';
import type { SecretRule } from './types.js';

export const KEY_RULES: SecretRule[] = [
  {
    id: 'private-key',
    description: 'PEM private key (RSA, EC, DSA, OpenSSH, PKCS#8, PGP)',
    category: 'private-key',
    // The body may be escaped (\n in JSON or a source map) or real newlines.
    regex: String.raw`-----BEGIN[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----(?P<secret>(?:\\[nr]|[\sA-Za-z0-9+/=:,_-])+?)-----END[ A-Z0-9_-]{0,40}PRIVATE KEY(?: BLOCK)?-----`,
    keywords: ['private key'],
    severity: 'critical',
    minEntropy: 3.5,
    before: 40,
    after: 13_000,
  },
  {
    id: 'jwt',
    description: 'JSON Web Token (signed; may still be valid)',
    category: 'jwt',
    regex: String.raw`\b(?P<secret>ey[JI][A-Za-z0-9_-]{10,}\.ey[JI][A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})`,
    keywords: ['eyj', 'eyi'],
    // Decoded: a token that is not JSON is dropped; an expired one is a low finding that says so.
    validate: 'jwt',
    severity: 'high',
    minEntropy: 3.5,
    before: 4,
    after: 4000,
  },
  {
    id: 'jwt-signing-secret',
    description: 'JWT signing secret assigned in code or config',
    category: 'jwt',
    regex: String.raw`(?i)[\w.-]{0,30}jwt[\w.-]{0,20}(?:secret|key|signing)[\w.-]{0,20}${ASSIGN_OR_COMMA}${assignedValue(12)}`,
    keywords: ['jwt'],
    // Backtrack-safe: every quantifier bounded (spaces capped at 64 for this), no repeated group.
    backtrackSafe: true,
    lineBounded: true,
    near: String.raw`^[\w.-]{0,40}\\{0,3}["']?[ \t]*(?:=|:|=>|,)`,
    severity: 'critical',
    minEntropy: 3.2,
    before: 40,
    after: 300,
    allow: { stopwords: ['process.env', 'import.meta', 'os.environ', 'getenv'], regexes: CODE_VALUE_ALLOW, unquotedCode: CODE_SHAPES, readable: true },
  },
];
