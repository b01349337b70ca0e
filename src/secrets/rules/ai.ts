// AI-API keys: a leaked one is spent by strangers within hours.
import type { SecretRule } from './types.js';

export const AI_RULES: SecretRule[] = [
  {
    id: 'anthropic-api-key',
    description: 'Anthropic API key',
    category: 'ai',
    regex: String.raw`\b(?P<secret>sk-ant-(?:api|admin)\d{2}-[0-9A-Za-z_-]{80,110})`,
    keywords: ['sk-ant-'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.5,
    before: 0,
    after: 130,
  },
  {
    id: 'openai-api-key',
    description: 'OpenAI API key',
    category: 'ai',
    regex: String.raw`\b(?P<secret>sk-(?:(?:proj|svcacct|admin)-[0-9A-Za-z_-]{20,200}T3BlbkFJ[0-9A-Za-z_-]{20,200}|[0-9A-Za-z]{20}T3BlbkFJ[0-9A-Za-z]{20}))`,
    keywords: ['t3blbkfj'],
    // Backtrack-safe: bounded classes ({20,200}, {20}); the prefix alternations are not repeated.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.5,
    before: 220,
    after: 220,
  },
  {
    id: 'groq-api-key',
    description: 'Groq API key',
    category: 'ai',
    regex: String.raw`\b(?P<secret>gsk_[0-9A-Za-z]{52})\b`,
    keywords: ['gsk_'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.5,
    before: 0,
    after: 60,
  },
  {
    id: 'huggingface-token',
    description: 'Hugging Face access token',
    category: 'ai',
    regex: String.raw`\b(?P<secret>hf_[0-9A-Za-z]{34})\b`,
    keywords: ['hf_'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'high',
    minEntropy: 3.5,
    before: 0,
    after: 40,
  },
];
