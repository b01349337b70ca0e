// Chat and incident tools: tokens and incoming-webhook URLs. A leaked
// webhook lets anyone post as the app into the team's channels or page the
// on-call engineer.
import type { SecretRule } from './types.js';

export const CHAT_RULES: SecretRule[] = [
  {
    id: 'slack-token',
    description: 'Slack bot, user, app or config token',
    category: 'chat',
    regex: String.raw`\b(?P<secret>xox[abposr]-(?:\d+-)?[0-9A-Za-z-]{10,250})`,
    keywords: ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'],
    severity: 'high',
    minEntropy: 3.0,
    before: 0,
    after: 260,
  },
  {
    id: 'slack-webhook-url',
    description: 'Slack incoming-webhook URL',
    category: 'webhook',
    regex: String.raw`(?P<secret>https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{30,120})`,
    keywords: ['hooks.slack.com'],
    severity: 'high',
    before: 10,
    after: 160,
  },
  {
    id: 'discord-webhook-url',
    description: 'Discord webhook URL',
    category: 'webhook',
    regex: String.raw`(?P<secret>https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{15,20}/[A-Za-z0-9_-]{60,70})`,
    keywords: ['discord'],
    severity: 'high',
    before: 20,
    after: 160,
  },
  {
    id: 'teams-webhook-url',
    description: 'Microsoft Teams incoming-webhook URL',
    category: 'webhook',
    regex: String.raw`(?P<secret>https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[A-Za-z0-9_-]+)?)`,
    keywords: ['webhook.office.com'],
    severity: 'high',
    before: 40,
    after: 260,
  },
  {
    id: 'pagerduty-integration-key',
    description: 'PagerDuty Events API routing (integration) key',
    category: 'webhook',
    regex: String.raw`(?i)(?:routing_?key|integration_?key|pagerduty[\w.-]{0,20}key)["']?[ \t]*(?:=|:|:=|=>)[ \t]*["']?(?P<secret>[a-z0-9]{32})\b`,
    keywords: ['routing_key', 'routingkey', 'integration_key', 'integrationkey', 'pagerduty'],
    severity: 'high',
    // 32 random hex characters fall under 3.2 bits about once in a hundred.
    minEntropy: 2.8,
    before: 30,
    after: 90,
  },
  {
    id: 'opsgenie-api-key',
    description: 'Opsgenie API key',
    category: 'webhook',
    regex: String.raw`(?i)(?:genie|opsgenie)[\w.-]{0,20}["']?[ \t]*(?:=|:|:=|=>|[ \t])[ \t]*["']?(?P<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b`,
    keywords: ['genie'],
    severity: 'high',
    minEntropy: 3.0,
    before: 30,
    after: 80,
  },
];
