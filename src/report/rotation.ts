// How to rotate a credential and what breaks meanwhile, per kind of provider.
// The kind comes from the secret engine's rule category when it recognised the
// value (payment, email, cloud, chat, source hosting, credentials in a URL);
// otherwise from the variable's name; otherwise the generic procedure.
import type { SecretCategory } from '../secrets/rules/types.js';

export type ProviderId = 'payment' | 'email' | 'cloud' | 'chat' | 'source-hosting' | 'database' | 'webhook' | 'session' | 'generic';

export interface Provider {
  label: string;
  steps: (name: string) => string[];
  breaks: string;
}

export const PROVIDERS: Record<ProviderId, Provider> = {
  payment: {
    label: 'payment provider',
    steps: (n) => [
      `Roll the key in the payment provider's dashboard (Stripe: Developers → API keys → Roll key, keeping the old key valid for a few hours).`,
      `Set ${n} to the new live key in production's secret store (never in a committed file) and deploy.`,
      'Make one test charge or refund, then expire the old key in the dashboard.',
    ],
    breaks: 'Charges, refunds and payouts fail with authentication errors from the moment the old key expires until the new one is deployed. Webhook signing secrets are separate and keep working.',
  },
  email: {
    label: 'email provider',
    steps: (n) => [
      'Create a second API key at the mail provider with the same permissions (send only).',
      `Set ${n} to it in production and deploy.`,
      'Send yourself a password-reset email, then delete the old key.',
    ],
    breaks: 'Sign-up, invite and password-reset emails stop sending while the app holds a deleted key; customers cannot get back into their accounts.',
  },
  cloud: {
    label: 'cloud provider',
    steps: (n) => [
      'Create a second access key for the same IAM user or service account (a user may hold two).',
      `Set ${n} (and its key id) in production and deploy.`,
      'Check uploads and any job that calls the cloud API, then deactivate the old key, and delete it a day later.',
    ],
    breaks: 'File uploads, queues, storage and anything else calling the cloud API fail while the app holds a deactivated key.',
  },
  chat: {
    label: 'chat (Slack-style token or webhook)',
    steps: (n) => [
      'Regenerate the token or incoming webhook in the chat app\'s settings (this revokes the old one at once).',
      `Set ${n} to the new value in production and in launchready.yml's monitor channel if it is the same webhook, then deploy.`,
      'Send a test notification (`launchready monitor --once` sends alerts through the configured channels).',
    ],
    breaks: 'Notifications and alerts to chat stop between revoking and deploying; an outage in that window pages nobody.',
  },
  'source-hosting': {
    label: 'source hosting (GitHub/GitLab token)',
    steps: (n) => [
      'Create a fine-grained token with the same repositories and scopes, and an expiry.',
      `Replace ${n} in CI and deploy secrets.`,
      'Run the pipeline once, then revoke the old token.',
    ],
    breaks: 'Deploys and CI jobs that clone, publish or comment fail until every place holding the token is updated.',
  },
  database: {
    label: 'database URL',
    steps: (n) => [
      'Create a new database user (or a second password) with the same grants.',
      `Set ${n} to the URL with the new credentials in production and deploy.`,
      'Check /health and one signed-in read per role, then drop the old user.',
    ],
    breaks: 'Every request that touches the database fails if the old user is dropped before the new URL is deployed; migrations run by CI need the new URL too.',
  },
  webhook: {
    label: 'webhook signing secret',
    steps: (n) => [
      'Roll the signing secret at the provider (most keep the old one valid for a while).',
      `Set ${n} in production and deploy.`,
      'Replay one delivery from the provider\'s dashboard and watch "Webhook retries" stay flat.',
    ],
    breaks: 'Incoming webhooks fail signature checks and pile up as retries until the new secret is deployed.',
  },
  session: {
    label: 'session / signing secret',
    steps: (n) => [
      `Generate a new value: \`openssl rand -base64 48\`.`,
      `Set ${n} in production and deploy, outside business hours.`,
      'Sign in again with a test account of each role.',
    ],
    breaks: 'Every session and token signed with the old value stops working: everyone is signed out at once.',
  },
  generic: {
    label: 'other',
    steps: (n) => [
      `Issue a new value where ${n} comes from (the provider's console, or \`openssl rand -base64 32\` for a value you make yourself).`,
      `Set ${n} in production's secret store (never in a committed file) and deploy.`,
      'Check the feature that uses it, then revoke or delete the old value everywhere it was copied.',
    ],
    breaks: 'Whatever reads the variable fails between revoking the old value and deploying the new one.',
  },
};

const BY_CATEGORY: Partial<Record<SecretCategory, ProviderId>> = {
  payment: 'payment',
  email: 'email',
  cloud: 'cloud',
  chat: 'chat',
  'source-hosting': 'source-hosting',
  'url-credentials': 'database',
  webhook: 'webhook',
};

// Names, for variables whose value the engine did not see (set in no committed
// file) or matched only generically. First match wins.
const BY_NAME: [RegExp, ProviderId][] = [
  [/^(DATABASE|DB|POSTGRES|PG|MYSQL|MONGO(DB)?|REDIS)(_|$).*(URL|URI|DSN|PASSWORD)?/i, 'database'],
  [/STRIPE|PAYMENT|PAYPAL|BRAINTREE|ADYEN|SQUARE/i, 'payment'],
  [/SENDGRID|MAILGUN|POSTMARK|SES_|RESEND|MAIL|SMTP/i, 'email'],
  [/^AWS_|^GCP_|^GOOGLE_APPLICATION|^AZURE_|^DO_|^CLOUDFLARE/i, 'cloud'],
  [/SLACK|DISCORD|TEAMS|MATTERMOST/i, 'chat'],
  [/GITHUB|GITLAB|BITBUCKET|^GH_/i, 'source-hosting'],
  [/WEBHOOK.*SECRET|SIGNING/i, 'webhook'],
  [/SESSION|JWT|COOKIE_SECRET|SECRET_KEY_BASE|APP_KEY/i, 'session'],
];

/** The provider kind of a variable: the engine's category first, then its name, then whether its URL carries a database scheme. */
export function providerOf(name: string, category: string | undefined, urlHost?: string): ProviderId {
  const fromEngine = category ? BY_CATEGORY[category as SecretCategory] : undefined;
  if (fromEngine) return fromEngine;
  const fromName = BY_NAME.find(([re]) => re.test(name))?.[1];
  if (fromName) return fromName;
  return urlHost && /(^|_)(URL|URI|DSN)$/i.test(name) && /db|sql|mongo|redis/i.test(urlHost) ? 'database' : 'generic';
}
