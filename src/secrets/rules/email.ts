// Email-API keys: a leaked one sends phishing from the company's domain.
import { ASSIGN, ASSIGNMENT_NEAR, CODE_SHAPES, CODE_VALUE_ALLOW, assignedValue } from './code-values.js';
import type { SecretRule } from './types.js';

export const EMAIL_RULES: SecretRule[] = [
  {
    id: 'sendgrid-api-key',
    description: 'SendGrid API key',
    category: 'email',
    regex: String.raw`\b(?P<secret>SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43})(?:[^0-9A-Za-z_-]|$)`,
    keywords: ['sg.'],
    // Backtrack-safe: fixed-length classes ({22}, {43}); 'sg.' is in every `msg.`, so speed matters here.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.5,
    before: 0,
    after: 72,
  },
  {
    id: 'mailgun-api-key',
    description: 'Mailgun API key',
    category: 'email',
    regex: String.raw`\b(?P<secret>key-[0-9a-f]{32})\b`,
    keywords: ['key-'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.2,
    before: 0,
    after: 40,
  },
  {
    id: 'resend-api-key',
    description: 'Resend API key',
    category: 'email',
    regex: String.raw`\b(?P<secret>re_[0-9A-Za-z]{8}_[0-9A-Za-z]{24})\b`,
    keywords: ['re_'],
    // Backtrack-safe: fixed-length classes; 're_' is in every `compare_`, `store_`, so speed matters here.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.5,
    before: 0,
    after: 40,
  },
  {
    id: 'postmark-server-token',
    description: 'Postmark server token',
    category: 'email',
    regex: String.raw`(?i)postmark[\w.-]{0,30}["']?[ \t]*(?:=|:|:=|=>)[ \t]*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b`,
    keywords: ['postmark'],
    severity: 'high',
    minEntropy: 3.0,
    before: 30,
    after: 90,
  },
  {
    id: 'mailchimp-api-key',
    description: 'Mailchimp / Mandrill API key',
    category: 'email',
    regex: String.raw`\b(?P<secret>[0-9a-f]{32}-us\d{1,2})\b`,
    keywords: ['-us'],
    // Backtrack-safe: fixed-length classes ({32}, {1,2}).
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.2,
    before: 34,
    after: 6,
  },
  {
    id: 'smtp-password',
    description: 'SMTP or mail password assigned in config',
    category: 'email',
    regex: String.raw`(?i)\b(?:smtp|mail|email)_?(?:pass|password|passwd|pwd)\b${ASSIGN}${assignedValue(6)}`,
    keywords: ['smtp_pass', 'smtppass', 'mail_pass', 'mailpass', 'smtp_pwd', 'mail_pwd'],
    lineBounded: true,
    near: ASSIGNMENT_NEAR,
    severity: 'high',
    minEntropy: 2.5,
    before: 20,
    after: 240,
    allow: { stopwords: ['process.env', 'import.meta', 'os.environ', 'getenv'], regexes: CODE_VALUE_ALLOW, unquotedCode: CODE_SHAPES, readable: true },
  },
];
