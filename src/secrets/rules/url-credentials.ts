// Credentials embedded in connection URLs. The secret is the password part
// only, so a placeholder filter never trips on a host name like example.com.
import { DOC_PASSWORDS } from './code-values.js';
import type { SecretRule } from './types.js';

// user:password@ — the password stops at '@', '/', whitespace or a quote.
// The user name is capped at 128 characters to keep the pattern backtrack-safe.
const userinfo = String.raw`[A-Za-z0-9._~%!$&*+=;-]{0,128}:(?P<secret>[^\s:@/'"\x60<>]{3,200})@[A-Za-z0-9.\[\]_-]`;

function urlRule(id: string, schemes: string, keywords: string[], description: string): SecretRule {
  return {
    id,
    description,
    category: 'url-credentials',
    regex: String.raw`(?i)\b(?:${schemes})://${userinfo}`,
    keywords,
    severity: 'critical',
    minEntropy: 1.5,
    before: 20,
    after: 400,
    allow: { values: DOC_PASSWORDS },
    // Backtrack-safe: the scheme alternation is not repeated and every class is
    // bounded ({0,128}, {3,200}). 'http' is in every URL, so speed matters here.
    backtrackSafe: true,
  };
}

export const URL_RULES: SecretRule[] = [
  urlRule('postgres-url-password', 'postgres|postgresql|postgis', ['postgres'], 'PostgreSQL connection URL with a password'),
  urlRule('mysql-url-password', 'mysql|mysql2|mariadb', ['mysql', 'mariadb'], 'MySQL/MariaDB connection URL with a password'),
  urlRule('mongodb-url-password', 'mongodb|mongodb\\+srv', ['mongodb'], 'MongoDB connection URL with a password'),
  urlRule('redis-url-password', 'redis|rediss', ['redis'], 'Redis connection URL with a password'),
  urlRule('amqp-url-password', 'amqp|amqps', ['amqp'], 'AMQP (RabbitMQ) connection URL with a password'),
  urlRule('smtp-url-password', 'smtp|smtps', ['smtp'], 'SMTP connection URL with a password'),
  {
    ...urlRule('http-basic-auth-url', 'https?|ftp', ['http', 'ftp'], 'HTTP(S) or FTP URL with a user and password'),
    severity: 'high',
    minEntropy: 2.5,
    allow: { values: DOC_PASSWORDS, stopwords: ['password', 'passwd'] },
  },
];
