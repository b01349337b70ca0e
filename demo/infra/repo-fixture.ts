// The Acme Ops source repository as launchready would find it: a few commits
// by a small team, env files, migrations and a built bundle. The vulnerable
// variant carries the mistakes stage 4 checks look for; the hardened one is
// the same project done right.
//
// Every secret-looking value is generated here at run time from pieces, so no
// credential (not even a fake one) ever sits literally in launchready's own
// source: GitHub push protection and our own scanner stay quiet on this repo.
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DemoMode } from './types.js';

const run = promisify(execFile);

export interface RepoFixture {
  /** Absolute path of the repository root (the `dir` given). */
  path: string;
  /** Every secret value written anywhere in the working tree or history. */
  plantedSecrets: string[];
}

/** The assistant the fixture's app ships: its system prompt (committed) and the model key of each deployment. */
export interface AssistantFiles {
  systemPrompt: string;
  /** The production model key (committed in .env.production by the vulnerable variant, untracked in the hardened one). */
  productionKey: string;
}

/** An OpenAI-format project key, built from pieces at run time. */
export const modelApiKey = (): string => 'sk-' + 'proj-' + randomBase62(40) + 'T3Blbk' + 'FJ' + randomBase62(40);

// The assistant module the AI scan notices: an SDK import, the key from the environment, a prompt file.
const ASSISTANT_JS = `'use strict';
const fs = require('fs');
const path = require('path');
const OpenAI = require('openai');

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const systemPrompt = fs.readFileSync(path.join(__dirname, 'system-prompt.md'), 'utf8');

async function chat(messages, tools) {
  const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: systemPrompt }, ...messages], tools });
  return res.choices[0].message;
}

module.exports = { chat };
`;

const assistantCommit = (a: AssistantFiles): Commit => ({
  author: 'olivia',
  message: 'Add the invoice assistant',
  files: { 'src/assistant/index.js': ASSISTANT_JS, 'src/assistant/system-prompt.md': a.systemPrompt },
});

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
export const randomBase62 = (length: number): string => randomFrom(BASE62, length);
const randomHex = (length: number): string => randomFrom('0123456789abcdef', length);
const randomDigits = (length: number): string => randomFrom('0123456789', length);

/** Secret values for one environment, each shaped like the real provider's. */
interface EnvSecrets {
  dbPassword: string;
  databaseUrl: string;
  sessionSecret: string;
  paymentsKey: string;
  mailApiKey: string;
}

function envSecrets(env: 'production' | 'staging' | 'local', payments: 'live' | 'test'): EnvSecrets {
  const dbPassword = randomBase62(20);
  const dbHost = env === 'staging' ? 'db-staging.internal' : 'db.internal';
  const dbName = env === 'staging' ? 'acme_staging' : 'acme';
  return {
    dbPassword,
    databaseUrl: 'postgres://' + `acme_${env}:` + dbPassword + `@${dbHost}:5432/${dbName}`,
    sessionSecret: randomHex(64),
    paymentsKey: 'sk' + `_${payments}_` + randomBase62(24),
    mailApiKey: 'SG' + '.' + randomBase62(22) + '.' + randomBase62(43),
  };
}

const slackToken = (): string =>
  'xox' + 'b-' + randomDigits(12) + '-' + randomDigits(13) + '-' + randomBase62(24);

function envFile(lines: Record<string, string>, header: string): string {
  return `# ${header}\n` + Object.entries(lines).map(([k, v]) => `${k}=${v}`).join('\n') + '\n';
}

// ---------------------------------------------------------------------------
// File contents shared by both variants.

const PACKAGE_JSON = JSON.stringify(
  {
    name: 'acme-ops',
    version: '1.4.0',
    private: true,
    type: 'commonjs',
    scripts: {
      start: 'node src/server.js',
      build: 'esbuild web/main.js --bundle --minify --outfile=dist/assets/app.js',
      migrate: 'node scripts/migrate.js',
    },
    dependencies: { express: '^4.19.2', pg: '^8.11.5', 'express-session': '^1.18.0', openai: '^4.56.0' },
  },
  null,
  2,
) + '\n';

const SERVER_JS = `'use strict';
const express = require('express');
const session = require('express-session');
const { Pool } = require('pg');
const { notify } = require('../config/notify');

const db = new Pool({ connectionString: process.env.DATABASE_URL });
const debug = process.env.DEBUG === 'true';
const paymentsKey = process.env.PAYMENTS_SECRET_KEY;
const mailApiKey = process.env.MAIL_API_KEY;
const webhookUrl = process.env.WEBHOOK_URL;

const app = express();
app.use(express.json());
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.get('/health', (_req, res) => res.json({ ok: true }));

app.post('/api/invoices/:id/approve', async (req, res) => {
  const { rows } = await db.query('UPDATE invoices SET status = $1 WHERE id = $2 RETURNING *', ['approved', req.params.id]);
  await fetch(webhookUrl, { method: 'POST', headers: { authorization: 'Bearer ' + paymentsKey }, body: JSON.stringify(rows[0]) });
  await notify('Invoice ' + req.params.id + ' approved');
  res.json(rows[0]);
});

app.post('/api/contact', async (req, res) => {
  await fetch('https://mail.acme.test/v3/send', { method: 'POST', headers: { authorization: 'Bearer ' + mailApiKey }, body: JSON.stringify(req.body) });
  res.status(202).end();
});

app.use((err, _req, res, _next) => {
  res.status(500).json(debug ? { error: err.message, stack: err.stack } : { error: 'internal error' });
});

app.listen(process.env.PORT || 3000);
`;

const NOTIFY_FROM_ENV = `'use strict';
// Posts operational messages to #acme-ops.
async function notify(text) {
  const token = process.env.SLACK_BOT_TOKEN;
  if (!token) return;
  await fetch('https://slack.com/api/chat.postMessage', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify({ channel: '#acme-ops', text }),
  });
}
module.exports = { notify };
`;

const notifyHardcoded = (token: string): string =>
  NOTIFY_FROM_ENV.replace("process.env.SLACK_BOT_TOKEN", `'${token}'`);

const README = `# Acme Ops

Internal invoicing and payouts for the Acme team.

    npm install
    npm run migrate
    npm start

Configuration is read from the environment; see \`.env.example\`.
`;

const MIGRATION_INIT = `CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL
);

CREATE TABLE users (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'staff', 'viewer')),
  password_hash text NOT NULL
);

CREATE TABLE invoices (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants(id),
  customer text NOT NULL,
  amount_cents integer NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  notes text
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL
);
`;

function bundle(config: Record<string, string>): string {
  // One long minified line, like a real bundler's output.
  const cfg = JSON.stringify(config);
  return (
    `(()=>{"use strict";var e=${cfg};function t(n,o){return fetch(e.apiUrl+n,Object.assign({credentials:"include",` +
    `headers:{"content-type":"application/json"}},o)).then(function(r){if(!r.ok)throw new Error("HTTP "+r.status);return r.json()})}` +
    `function a(){return t("/api/invoices").then(function(n){var l=document.querySelector("#invoices");l.replaceChildren.apply(l,` +
    `n.map(function(o){var i=document.createElement("li");i.textContent=o.customer;return i}))})}` +
    `window.AcmeOps={config:e,api:t,load:a};document.addEventListener("DOMContentLoaded",a)})();\n`
  );
}

// ---------------------------------------------------------------------------
// git plumbing

const AUTHORS = {
  dana: { name: 'Dana Builder', email: 'dana@acme.test' },
  olivia: { name: 'Olivia Owner', email: 'olivia@acme.test' },
} as const;

interface Commit {
  author: keyof typeof AUTHORS;
  message: string;
  files: Record<string, string>;
}

// Fixed dates keep `git log` stable across runs (hashes still differ: the
// secrets are random).
const FIRST_COMMIT = Date.UTC(2025, 0, 6, 9, 30);
const DAY_MS = 24 * 60 * 60 * 1000;

async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

async function git(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<void> {
  await run('git', ['-C', root, ...args], {
    // Isolate from the machine's git config: no signing, hooks or templates
    // that could change or break the fixture.
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env },
    timeout: 30_000,
  });
}

async function commitAll(root: string, commits: Commit[]): Promise<void> {
  await git(root, ['init', '-q', '-b', 'main']);
  for (const [i, c] of commits.entries()) {
    await writeFiles(root, c.files);
    await git(root, ['add', '-A']);
    const who = AUTHORS[c.author];
    const date = new Date(FIRST_COMMIT + i * DAY_MS).toISOString();
    await git(
      root,
      ['-c', `user.name=${who.name}`, '-c', `user.email=${who.email}`, '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', c.message],
      { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    );
  }
}

// ---------------------------------------------------------------------------
// the two variants

function vulnerable(ai: AssistantFiles): { commits: Commit[]; untracked: Record<string, string>; secrets: string[] } {
  const local = envSecrets('local', 'live');
  const prod = envSecrets('production', 'test');
  const staging = envSecrets('staging', 'test');
  // The mistakes: staging reuses production's session secret and payments key.
  staging.sessionSecret = prod.sessionSecret;
  staging.paymentsKey = prod.paymentsKey;
  const slack = slackToken();

  const commits: Commit[] = [
    {
      author: 'dana',
      message: 'Initial scaffold',
      files: {
        'package.json': PACKAGE_JSON,
        'README.md': README,
        '.gitignore': 'node_modules/\n',
        // Documents only some of what the code reads.
        '.env.example': 'PORT=3000\nDATABASE_URL=\nSESSION_SECRET=\n',
        'src/server.js': SERVER_JS,
        'config/notify.js': notifyHardcoded(slack),
      },
    },
    { author: 'dana', message: 'Add database schema', files: { 'migrations/001_init.sql': MIGRATION_INIT } },
    {
      author: 'olivia',
      message: 'Read the Slack token from the environment',
      files: { 'config/notify.js': NOTIFY_FROM_ENV },
    },
    {
      author: 'dana',
      message: 'Add env files for deploys',
      files: {
        '.env': envFile(
          { DATABASE_URL: local.databaseUrl, SESSION_SECRET: local.sessionSecret, PAYMENTS_SECRET_KEY: local.paymentsKey, DEBUG: 'true' },
          'local settings',
        ),
        '.env.production': envFile(
          {
            NODE_ENV: 'development',
            DEBUG: 'true',
            DATABASE_URL: prod.databaseUrl,
            SESSION_SECRET: prod.sessionSecret,
            PAYMENTS_SECRET_KEY: prod.paymentsKey,
            MAIL_API_KEY: prod.mailApiKey,
            WEBHOOK_URL: 'https://staging.acme.test/hooks/payments',
            OPENAI_API_KEY: ai.productionKey,
          },
          'production',
        ),
        '.env.staging': envFile(
          {
            NODE_ENV: 'development',
            DEBUG: 'true',
            DATABASE_URL: staging.databaseUrl,
            SESSION_SECRET: staging.sessionSecret,
            PAYMENTS_SECRET_KEY: staging.paymentsKey,
            MAIL_API_KEY: staging.mailApiKey,
            WEBHOOK_URL: 'https://staging.acme.test/hooks/payments',
          },
          'staging',
        ),
      },
    },
    {
      author: 'olivia',
      message: 'Drop the legacy invoices table',
      files: {
        'migrations/002_drop_legacy_invoices.sql':
          '-- legacy_invoices was replaced by invoices in 001.\nDROP TABLE legacy_invoices;\nALTER TABLE invoices DROP COLUMN notes;\n',
      },
    },
    {
      author: 'dana',
      message: 'Build the frontend',
      files: {
        // The bundler inlined the mail key because the frontend sends the contact form itself.
        'dist/assets/app.js': bundle({ apiUrl: 'https://api.acme.test', mailApiKey: prod.mailApiKey }),
      },
    },
    assistantCommit(ai),
  ];
  const secrets = [local, prod, staging].flatMap((s) => [s.dbPassword, s.databaseUrl, s.sessionSecret, s.paymentsKey, s.mailApiKey]);
  return { commits, untracked: {}, secrets: [...secrets, slack, ai.productionKey] };
}

const DEPLOY_WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npm run build
      - run: npm run migrate
        env:
          DATABASE_URL: \${{ secrets.DATABASE_URL }}
      - run: ./scripts/deploy.sh
        env:
          SESSION_SECRET: \${{ secrets.SESSION_SECRET }}
          PAYMENTS_SECRET_KEY: \${{ secrets.PAYMENTS_SECRET_KEY }}
          MAIL_API_KEY: \${{ secrets.MAIL_API_KEY }}
          SLACK_BOT_TOKEN: \${{ secrets.SLACK_BOT_TOKEN }}
          WEBHOOK_URL: https://app.acme.test/hooks/payments
          OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
`;

function hardened(ai: AssistantFiles): { commits: Commit[]; untracked: Record<string, string>; secrets: string[] } {
  const prod = envSecrets('production', 'live');
  const staging = envSecrets('staging', 'test');
  const prodSlack = slackToken();
  const stagingSlack = slackToken();
  const stagingModelKey = modelApiKey();
  const perEnv = (s: EnvSecrets, slack: string, webhook: string, header: string, modelKey: string): string =>
    envFile(
      {
        NODE_ENV: 'production',
        DEBUG: 'false',
        DATABASE_URL: s.databaseUrl,
        SESSION_SECRET: s.sessionSecret,
        PAYMENTS_SECRET_KEY: s.paymentsKey,
        MAIL_API_KEY: s.mailApiKey,
        SLACK_BOT_TOKEN: slack,
        WEBHOOK_URL: webhook,
        OPENAI_API_KEY: modelKey,
      },
      `${header} (not committed; the deploy reads these from the secret store)`,
    );

  const commits: Commit[] = [
    {
      author: 'dana',
      message: 'Initial scaffold',
      files: {
        'package.json': PACKAGE_JSON,
        'README.md': README,
        '.gitignore': 'node_modules/\n.env*\n!.env.example\n',
        '.env.example': [
          '# Copy to .env and fill in; never commit the copy.',
          'PORT=3000',
          'NODE_ENV=development',
          'DEBUG=false',
          'DATABASE_URL=',
          'SESSION_SECRET=changeme',
          'PAYMENTS_SECRET_KEY=',
          'MAIL_API_KEY=',
          'SLACK_BOT_TOKEN=',
          'WEBHOOK_URL=',
          'OPENAI_API_KEY=',
          '',
        ].join('\n'),
        'src/server.js': SERVER_JS,
        'config/notify.js': NOTIFY_FROM_ENV,
      },
    },
    {
      author: 'dana',
      message: 'Add database schema',
      files: {
        'migrations/001_init.up.sql': MIGRATION_INIT,
        // A down migration reverses its own up, which for a fresh schema means
        // removing the tables that up created; it only runs on rollback.
        'migrations/001_init.down.sql': 'DROP TABLE audit_log;\nDROP TABLE invoices;\nDROP TABLE users;\nDROP TABLE tenants;\n',
      },
    },
    {
      author: 'olivia',
      message: 'Index invoices by tenant and status',
      files: {
        'migrations/002_invoice_status_index.up.sql': 'CREATE INDEX CONCURRENTLY invoices_tenant_status ON invoices (tenant_id, status);\n',
        'migrations/002_invoice_status_index.down.sql': 'DROP INDEX CONCURRENTLY invoices_tenant_status;\n',
      },
    },
    {
      author: 'dana',
      message: 'Build the frontend and deploy from CI',
      files: {
        'dist/assets/app.js': bundle({ apiUrl: 'https://api.acme.test' }),
        '.github/workflows/deploy.yml': DEPLOY_WORKFLOW,
      },
    },
    assistantCommit(ai),
  ];
  const untracked = {
    '.env.production': perEnv(prod, prodSlack, 'https://app.acme.test/hooks/payments', 'production', ai.productionKey),
    '.env.staging': perEnv(staging, stagingSlack, 'https://staging.acme.test/hooks/payments', 'staging', stagingModelKey),
  };
  const secrets = [prod, staging].flatMap((s) => [s.dbPassword, s.databaseUrl, s.sessionSecret, s.paymentsKey, s.mailApiKey]);
  return { commits, untracked, secrets: [...secrets, prodSlack, stagingSlack, ai.productionKey, stagingModelKey] };
}

/**
 * Creates the repository at `dir` (made if missing; must be empty so we never
 * `git init` over someone's work) and returns it with every planted value.
 */
export async function buildRepoFixture(mode: DemoMode, dir: string, ai: AssistantFiles = { systemPrompt: 'You are a helpful assistant.\n', productionKey: modelApiKey() }): Promise<RepoFixture> {
  const root = path.resolve(dir);
  await mkdir(root, { recursive: true });
  if ((await readdir(root)).length > 0) throw new Error(`buildRepoFixture: ${root} is not empty`);
  const variant = mode === 'vulnerable' ? vulnerable(ai) : hardened(ai);
  await commitAll(root, variant.commits);
  await writeFiles(root, variant.untracked);
  return { path: root, plantedSecrets: [...new Set(variant.secrets)] };
}
