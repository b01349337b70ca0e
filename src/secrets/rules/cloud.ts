// Cloud provider credentials.
import type { SecretRule } from './types.js';

export const CLOUD_RULES: SecretRule[] = [
  {
    id: 'aws-access-key-id',
    description: 'AWS access key ID',
    category: 'cloud',
    regex: String.raw`\b(?P<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})\b`,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    // Backtrack-safe: a four-character prefix alternation (not repeated), then {16}.
    backtrackSafe: true,
    severity: 'critical',
    // The prefix and length already say "key id"; 16 random base32 characters
    // fall under 3.0 bits now and then (one planted key in ~5,000), never under 2.5.
    minEntropy: 2.5,
    before: 0,
    after: 24,
  },
  {
    id: 'aws-secret-access-key',
    description: 'AWS secret access key',
    category: 'cloud',
    regex: String.raw`(?i)aws[\w.-]{0,20}(?:secret|sk)[\w.-]{0,20}["']?[ \t]{0,64}(?:=|:|:=|=>)[ \t]{0,64}["']?(?P<secret>[A-Za-z0-9/+=]{40})(?:[^A-Za-z0-9/+=]|$)`,
    keywords: ['aws'],
    // Backtrack-safe: every quantifier bounded (spaces capped at 64 for this), no repeated group.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 4.0,
    before: 30,
    after: 120,
  },
  {
    id: 'gcp-api-key',
    description: 'Google Cloud / Firebase API key',
    category: 'cloud',
    regex: String.raw`\b(?P<secret>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)`,
    keywords: ['aiza'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.5,
    before: 0,
    after: 44,
  },
  {
    id: 'gcp-service-account',
    description: 'Google Cloud service-account key file (private key id)',
    category: 'cloud',
    regex: String.raw`"type"[ \t]*:[ \t]*"service_account"[\s\S]{0,400}?"private_key_id"[ \t]*:[ \t]*"(?P<secret>[a-f0-9]{40})"`,
    keywords: ['service_account'],
    severity: 'critical',
    minEntropy: 3.0,
    before: 10,
    after: 500,
  },
  {
    id: 'azure-storage-key',
    description: 'Azure storage account key in a connection string',
    category: 'cloud',
    regex: String.raw`(?i)AccountKey=(?P<secret>[A-Za-z0-9+/]{86}==)`,
    keywords: ['accountkey='],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 4.0,
    before: 0,
    after: 110,
  },
];
