// The labelled corpus: for every rule, text that must be found and
// look-alikes that must not. Every credential-shaped string is assembled at
// run time from pieces and random characters, so this file holds none.
import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const B62 = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';

export function rand(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}
/** Random base62 that surely has an upper, a lower and a digit (entropy floors). */
export function b62(n: number): string {
  if (n < 3) return rand(B62, n);
  return rand(UPPER, 1) + rand(LOWER, 1) + rand(DIGITS, 1) + rand(B62, n - 3);
}
export const hex = (n: number): string => rand('abcdef', 1) + rand(DIGITS, 1) + rand(HEX, n - 2);
const j = (...parts: string[]): string => parts.join('');

export interface CorpusEntry {
  found: string[];
  notFound: string[];
  /** Optional file path for the cases (default `src/config.ts`). */
  path?: string;
}

const pw = (): string => b62(18);
const jwtPart = (n: number): string => j('ey', 'J', b62(n));

export function buildCorpus(): Record<string, CorpusEntry> {
  const pemBody = Array.from({ length: 8 }, () => rand(B62 + '+/', 64)).join('\n');
  const begin = (t: string) => j('-----BEGIN ', t, 'PRIVATE', ' KEY-----');
  const end = (t: string) => j('-----END ', t, 'PRIVATE', ' KEY-----');
  return {
    'postgres-url-password': {
      found: [j('DATABASE_URL=postgres', '://app:', pw(), '@db.internal:5432/app'), j('url: "postgresql', '://u:', pw(), '@10.0.0.5/x"')],
      notFound: [j('DATABASE_URL=postgres', '://app@db.internal/app'), j('postgres', '://app:${DB_PASSWORD}@db/app'), j('postgres', '://user:password@localhost/db')],
    },
    'mysql-url-password': {
      found: [j('mysql', '://root:', pw(), '@mysql.internal:3306/shop')],
      notFound: [j('mysql', '://root@localhost/shop'), j('mysql', '://root:<password>@host/db')],
    },
    'mongodb-url-password': {
      found: [j('MONGO_URL=mongodb', '+srv://svc:', pw(), '@cluster0.ab12c.mongodb.net/app')],
      notFound: [j('mongodb', '+srv://cluster0.ab12c.mongodb.net/app'), j('mongodb', '://svc:changeme@localhost')],
    },
    'redis-url-password': {
      found: [j('REDIS_URL=rediss', '://default:', pw(), '@cache.internal:6380')],
      notFound: [j('redis', '://localhost:6379/0'), j('redis', '://:xxxxxxxx@cache:6379')],
    },
    'amqp-url-password': {
      found: [j('amqps', '://worker:', pw(), '@mq.internal/vhost')],
      notFound: [j('amqp', '://guest@localhost'), j('amqp', '://worker:${MQ_PASS}@mq/')],
    },
    'smtp-url-password': {
      found: [j('SMTP_URL=smtps', '://mailer:', pw(), '@smtp.mailhost.test:465')],
      notFound: [j('smtp', '://smtp.mailhost.test:587'), j('smtp', '://mailer:your-password@smtp.test')],
    },
    'http-basic-auth-url': {
      found: [j('git remote add origin https', '://deploy:', pw(), '@git.internal/acme.git')],
      notFound: [j('https', '://user:password@host.test/'), 'https://example.test/path?a=b:c@d', j('https', '://api.test/users/@me')],
    },
    'private-key': {
      found: [[begin('RSA '), pemBody, end('RSA ')].join('\n'), JSON.stringify({ key: [begin(''), pemBody, end('')].join('\n') })],
      notFound: [[begin('RSA '), '...', end('RSA ')].join('\n'), j('const header = "', begin(''), '";')],
    },
    jwt: {
      found: [j('Authorization: Bearer ', jwtPart(30), '.', jwtPart(60), '.', b62(43))],
      notFound: ['eyJhbGciOi is how a JWT header starts', j(jwtPart(30), '.', jwtPart(30), '.')],
    },
    'jwt-signing-secret': {
      found: [j('JWT_SECRET=', b62(40)), j('const jwtSigningKey = "', b62(32), '";')],
      notFound: ['JWT_SECRET=process.env.JWT_SECRET', 'jwtSecret: config.jwtSecret', 'JWT_SECRET=changeme-in-production'],
    },
    'aws-access-key-id': {
      found: [j('aws_access_key_id = ', 'AKIA', rand(UPPER + '234567', 16))],
      notFound: [j('aws_access_key_id = ', ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('')), j('AKIA', 'lowercase', 'notakey')],
    },
    'aws-secret-access-key': {
      found: [j('aws_secret_access_key = ', b62(36), '/+', rand(B62, 2))],
      notFound: ['aws_secret_access_key = ' + ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/'), 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}'],
    },
    'gcp-api-key': {
      found: [j('firebase.apiKey = "', 'AIza', b62(35), '"')],
      notFound: [j('AIza', 'Sy-short'), 'the AIza prefix marks Google keys'],
    },
    'gcp-service-account': {
      found: [`{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${hex(40)}"\n}`],
      notFound: [`{ "type": "service_account", "private_key_id": "" }`, `{ "type": "authorized_user" }`],
    },
    'azure-storage-key': {
      found: [j('DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=', b62(86), '==;EndpointSuffix=core.windows.net')],
      notFound: ['AccountKey=<storage-key>;', 'AccountKey=${AZURE_KEY}'],
    },
    'stripe-secret-key': {
      found: [j('STRIPE_KEY=', ['sk', 'live', b62(24)].join('_')), j('stripe(', "'", ['sk', 'test', b62(24)].join('_'), "')"), j(['rk', 'live', b62(30)].join('_'))],
      notFound: [['sk', 'live', 'xxxxxxxxxxxxxxxxxxxxxxxx'].join('_'), ['sk', 'test', '4eC39HqLyjWDarjtT1zdp7dc'].join('_'), ['pk', 'live', b62(24)].join('_')],
    },
    'stripe-webhook-secret': {
      found: [j('STRIPE_WEBHOOK_SECRET=', 'whsec_', b62(32))],
      notFound: ['STRIPE_WEBHOOK_SECRET=whsec_...', 'whsec_<your-signing-secret>'],
    },
    'square-access-token': {
      found: [j('SQUARE_TOKEN=', 'EAAA', b62(60))],
      notFound: ['EAAA is a prefix', j('sq0atp-', 'short')],
    },
    'paypal-braintree-token': {
      found: [j('access_token', '$production$', rand(LOWER + DIGITS, 16), '$', hex(32))],
      notFound: ['access_token$production$<merchant>$<secret>', 'access_token = $production'],
    },
    'slack-token': {
      found: [j('SLACK_BOT_TOKEN=', 'xox', 'b-', rand(DIGITS, 12), '-', rand(DIGITS, 13), '-', b62(24))],
      notFound: ['xoxb-your-token-here', j('xox', 'b-', 'xxxxxxxxxxxx')],
    },
    'slack-webhook-url': {
      found: [j('https://hooks.slack', '.com/services/T', rand(UPPER + DIGITS, 8), '/B', rand(UPPER + DIGITS, 10), '/', b62(24))],
      notFound: ['https://hooks.slack.com/services/...', 'see hooks.slack.com for incoming webhooks'],
    },
    'discord-webhook-url': {
      found: [j('https://discord', '.com/api/webhooks/', rand(DIGITS, 18), '/', rand(B62 + '_-', 68))],
      notFound: ['https://discord.com/api/webhooks/123/token', 'https://discord.com/channels/1/2'],
    },
    'teams-webhook-url': {
      found: [
        j('https://acme.webhook.office', '.com/webhookb2/', uuid(), '@', uuid(), '/IncomingWebhook/', hex(32), '/', uuid()),
      ],
      notFound: ['https://acme.webhook.office.com/webhookb2/<id>', 'webhook.office.com is Microsoft Teams'],
    },
    'pagerduty-integration-key': {
      found: [j('PAGERDUTY_ROUTING_KEY=', rand(LOWER + DIGITS, 32)), j('routing_key: "', hex(32), '"')],
      notFound: ['routing_key: "${PD_KEY}"', 'routing_key: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"'],
    },
    'opsgenie-api-key': {
      found: [j('OPSGENIE_API_KEY=', uuid())],
      notFound: ['OPSGENIE_API_KEY=', 'genie = "lamp"'],
    },
    'github-token': {
      found: [j('GH_TOKEN=', 'ghp_', b62(36)), j('github_pat_', rand(B62 + '_', 82))],
      notFound: [j('ghp_', 'short'), ['ghp', '1234567890abcdefghijklmnopqrstuvwxyz'].join('_')],
    },
    'gitlab-token': {
      found: [j('GITLAB_TOKEN=', 'glpat-', b62(20))],
      notFound: ['glpat-xxxxxxxxxxxxxxxxxxxx', 'glpat-<token>'],
    },
    'npm-token': {
      found: [j('//registry.npmjs.org/:_authToken=', 'npm_', b62(36))],
      notFound: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', j('npm_', 'config_registry')],
    },
    'sendgrid-api-key': {
      found: [j('SENDGRID_API_KEY=', 'SG.', b62(22), '.', b62(43))],
      notFound: ['SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'SG.short.key'],
    },
    'mailgun-api-key': {
      found: [j('MAILGUN_KEY=', 'key-', hex(32))],
      notFound: ['primary-key-of-table', j('key-', 'abc')],
    },
    'resend-api-key': {
      found: [j('RESEND_API_KEY=', 're_', b62(8), '_', b62(24))],
      notFound: ['re_render_component', 're_xxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxx'],
    },
    'postmark-server-token': {
      found: [j('POSTMARK_SERVER_TOKEN=', uuid())],
      notFound: ['POSTMARK_SERVER_TOKEN=', 'postmark: "00000000-0000-0000-0000-000000000000"'],
    },
    'mailchimp-api-key': {
      found: [j('MAILCHIMP_KEY=', hex(32), '-us', String(randomInt(1, 21)))],
      notFound: ['locale: en-us1', 'abcdef-us1'],
    },
    'smtp-password': {
      found: [j('SMTP_PASSWORD=', pw()), j('smtpPass: "', b62(12), '"')],
      notFound: ['SMTP_PASSWORD=', 'SMTP_PASSWORD=${SMTP_PASSWORD}', 'smtpPass: process.env.SMTP_PASS'],
    },
    'anthropic-api-key': {
      found: [j('ANTHROPIC_API_KEY=', 'sk-ant-', 'api03-', rand(B62 + '_-', 93), 'AA')],
      notFound: ['sk-ant-api03-xxxx', 'ANTHROPIC_API_KEY=sk-ant-...'],
    },
    'openai-api-key': {
      found: [j('OPENAI_API_KEY=', 'sk-proj-', b62(40), 'T3Blbk', 'FJ', b62(40)), j('sk-', b62(20), 'T3Blbk', 'FJ', b62(20))],
      notFound: ['OPENAI_API_KEY=sk-proj-your-key', 'the T3BlbkFJ marker'],
    },
    'groq-api-key': {
      found: [j('GROQ_API_KEY=', 'gsk_', b62(52))],
      notFound: ['gsk_short', 'GROQ_API_KEY=gsk_<key>'],
    },
    'huggingface-token': {
      found: [j('HF_TOKEN=', 'hf_', b62(34))],
      notFound: ['hf_hub_download', 'hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
    'shopify-token': {
      found: [j('shpat_', hex(32))],
      notFound: ['shpat_short', 'shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
    },
    'linear-api-key': {
      found: [j('LINEAR_API_KEY=', 'lin_api_', b62(40))],
      notFound: ['lin_api_key_name', 'lin_api_<your-key>'],
    },
    'notion-token': {
      found: [j('NOTION_TOKEN=', 'ntn_', b62(46)), j('secret_', b62(43))],
      notFound: ['secret_santa_list', 'ntn_short'],
    },
    'vercel-token': {
      found: [j('VERCEL_TOKEN=', 'vcp_', b62(56))],
      notFound: ['vcp_short', 'vcp_<token>'],
    },
    'hashicorp-vault-token': {
      found: [j('VAULT_TOKEN=', 'hvs.', b62(95))],
      notFound: ['hvs.short', 'VAULT_TOKEN=hvs.<token>'],
    },
    'grafana-token': {
      found: [j('glsa_', b62(32), '_', hex(8))],
      notFound: ['glsa_short', 'glc_x'],
    },
    'databricks-token': {
      found: [j('DATABRICKS_TOKEN=', 'dapi', hex(32))],
      notFound: ['dapi_endpoint', 'dapi' + 'x'.repeat(32)],
    },
    'figma-token': {
      found: [j('FIGMA_TOKEN=', 'figd_', b62(40))],
      notFound: ['figd_short', 'figd_<token>'],
    },
    'onepassword-service-token': {
      found: [j('OP_SERVICE_ACCOUNT_TOKEN=', 'ops_', 'eyJ', b62(200))],
      notFound: ['ops_eyJ', 'OP_SERVICE_ACCOUNT_TOKEN=ops_<token>'],
    },
    'generic-secret-assignment': {
      path: '.env',
      found: [j('SESSION_SECRET=', hex(64)), j('ADMIN_PASSWORD=', pw()), j('const apiKey = "', b62(24), '";'), j('internal_service_token: ', b62(30))],
      notFound: [
        'SESSION_SECRET=',
        'ADMIN_PASSWORD=password123',
        'password = req.body.password',
        'const token = getToken(user);',
        'API_KEY=${API_KEY}',
        'SECRET_KEY=process.env.SECRET_KEY',
        'passwordConfirmation: passwordConfirmationField',
        'TOKEN_TTL=3600',
        'private_key_path: ./keys/service.pem',
        j('AUTH_TOKEN=', b62(30), ' # launchready:allow'),
      ],
    },
  };
}

function uuid(): string {
  return [hex(8), hex(4), hex(4), hex(4), hex(12)].join('-');
}
