// Source-hosting and package-registry tokens: they open the code itself and
// the release pipeline.
import type { SecretRule } from './types.js';

export const SOURCE_HOSTING_RULES: SecretRule[] = [
  {
    id: 'github-token',
    description: 'GitHub personal access, OAuth, app or refresh token',
    category: 'source-hosting',
    regex: String.raw`\b(?P<secret>(?:ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}|github_pat_[0-9A-Za-z_]{82})\b`,
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    // Backtrack-safe: prefix alternations (not repeated), then fixed-length classes.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.0,
    before: 0,
    after: 96,
  },
  {
    id: 'gitlab-token',
    description: 'GitLab personal, project or pipeline token',
    category: 'source-hosting',
    regex: String.raw`\b(?P<secret>(?:glpat|gldt|glptt|glrt|glcbt)-[0-9A-Za-z_-]{20,60})`,
    keywords: ['glpat-', 'gldt-', 'glptt-', 'glrt-', 'glcbt-'],
    // Backtrack-safe: a prefix alternation (not repeated), then {20,60}.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.0,
    before: 0,
    after: 70,
  },
  {
    id: 'npm-token',
    description: 'npm access token',
    category: 'source-hosting',
    regex: String.raw`\b(?P<secret>npm_[0-9A-Za-z]{36})\b`,
    keywords: ['npm_'],
    // Backtrack-safe: a literal prefix, then bounded classes; no optional alternation.
    backtrackSafe: true,
    severity: 'critical',
    minEntropy: 3.0,
    before: 0,
    after: 44,
  },
];
