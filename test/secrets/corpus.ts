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

/** A case: text, or text with its own file path (credential formats are known by their file name). */
export type CorpusCase = string | { text: string; path: string };

export interface CorpusEntry {
  found: CorpusCase[];
  notFound: CorpusCase[];
  /** Optional file path for the cases (default `src/config.ts`). */
  path?: string;
}

// Long enough that a random value never falls under the generic rule's entropy floor (18 characters did, about one in 300).
const pw = (): string => b62(24);
const jwtPart = (n: number): string => j('ey', 'J', b62(n));
const b64 = (t: string): string => Buffer.from(t).toString('base64');
/** A weak, human password: a word and a year (never a literal in this file). */
export const weak = (): string => j(['summer', 'winter', 'dragon', 'monkey'][randomInt(4)]!, String(randomInt(1990, 2030)));
/** A JWT with a JSON header and payload (a random signature): what decoding needs. */
export function jwtOf(payload: Record<string, unknown>): string {
  const part = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return [part({ alg: 'HS256', typ: 'JWT' }), part(payload), b62(43)].join('.');
}
const future = (): number => Math.floor(Date.now() / 1000) + 86_400 * 365;
const crypt = (n: number): string => rand(B62 + './', n);
const PUNCT = '!@#%^&*()-_=+[]{}<>~;:,.?|';
/** A generated framework key (Django, WordPress salts): letters, digits and punctuation, never a template marker or quote. */
export function punct(n: number): string {
  return j(b62(2), '#', rand(B62 + PUNCT, n - 3)).replace(/[{([<][{(<%]|\.\.\.|\*\*\*|#{3}|_{4}|-{4}|&&|\|\||=>/g, 'q7');
}
export const caseText = (c: CorpusCase): string => (typeof c === 'string' ? c : c.text);

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
      found: [j('Authorization: Bearer ', jwtOf({ sub: 'u1', exp: future() })), j('token: "', jwtOf({ sub: 'svc', role: 'admin' }), '"')],
      // Three base64url parts that do not decode to JSON are not a JWT.
      notFound: ['eyJhbGciOi is how a JWT header starts', j(jwtPart(30), '.', jwtPart(30), '.'), j(jwtPart(30), '.', jwtPart(60), '.', b62(43))],
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
    'netrc-password': {
      found: [
        { text: j('machine api.deploy.test login deploy password ', weak()), path: '.netrc' },
        { text: j('machine git.internal\n  login ci\n  password ', pw(), '\n'), path: 'home/ci/_netrc' },
      ],
      notFound: [
        { text: 'machine api.deploy.test login deploy password ${NETRC_PASSWORD}', path: '.netrc' },
        { text: 'machine api.deploy.test login deploy', path: '.netrc' },
      ],
    },
    'git-credentials': {
      found: [{ text: j('https', '://deploy:', weak(), '@git.internal\n'), path: '.git-credentials' }, { text: j('https', '://x-access-token:', b62(30), '@github.test\n'), path: 'ci/.git-credentials' }],
      notFound: [{ text: 'https://git.internal\n', path: '.git-credentials' }],
    },
    'pgpass-password': {
      found: [{ text: j('db.internal:5432:app:app:', weak(), '\n'), path: '.pgpass' }, { text: j('# prod\n*:*:*:postgres:', pw()), path: 'ops/pgpass' }],
      notFound: [{ text: '# hostname:port:database:username:password\n', path: '.pgpass' }, { text: 'db:5432:app:app:${PGPASSWORD}\n', path: '.pgpass' }],
    },
    'htpasswd-entry': {
      found: [
        { text: j('admin:', '$apr1$', crypt(8), '$', crypt(22), '\n'), path: 'public/.htpasswd' },
        { text: j('alice:', crypt(13), '\n'), path: '.htpasswd' },
        { text: j('root:', '$6$', crypt(16), '$', crypt(86), ':19000:0:99999:7:::\n'), path: 'backup/etc/shadow' },
      ],
      notFound: [{ text: 'daemon:*:19000:0:99999:7:::\nbin:!:19000::::::\n', path: 'etc/shadow' }, { text: 'root:x:0:0:root:/root:/bin/bash\n', path: 'etc/passwd' }],
    },
    'password-hash': {
      path: 'db/dump.sql',
      found: [
        j("INSERT INTO users VALUES (1,'ops@acme.test','", '$2b$', '12$', crypt(53), "');"),
        j("password_hash: '", '$argon2', 'id$v=19$m=65536,t=3,p=4$', b62(22), '$', b62(43), "'"),
        j('"password": "', 'pbkdf2_', 'sha256$600000$', b62(22), '$', b62(43), '="'),
        j("UPDATE mysql.user SET authentication_string='*", rand('0123456789ABCDEF', 40), "';"),
        j("GRANT ALL ON *.* TO 'app'@'%' IDENTIFIED BY PASSWORD '*", rand('0123456789ABCDEF', 40), "';"),
      ],
      notFound: ["-- bcrypt hashes start with $2b$12$", 'hash = "$6$"', "password: '*'"],
    },
    'sql-user-password': {
      path: 'db/init.sql',
      found: [j("CREATE USER 'app'@'%' IDENTIFIED BY '", weak(), "';"), j("ALTER ROLE reporting WITH LOGIN PASSWORD '", pw(), "';")],
      notFound: ["CREATE USER 'app'@'%' IDENTIFIED BY '${DB_PASSWORD}';", "ALTER ROLE app WITH PASSWORD NULL;", "CREATE USER app IDENTIFIED WITH auth_socket;"],
    },
    'registry-auth': {
      found: [
        { text: JSON.stringify({ auths: { 'registry.acme.test': { auth: b64(j('ci:', weak())) } } }, null, 2), path: '.docker/config.json' },
        { text: j('//npm.acme.test/:_auth=', b64(j('deploy:', pw())), '\n'), path: '.npmrc' },
      ],
      notFound: [JSON.stringify({ auths: { 'registry.acme.test': { auth: b64('no colon in here') } } }), JSON.stringify({ auths: { 'registry.acme.test': {} }, credsStore: 'desktop' })],
    },
    'putty-private-key': {
      path: 'keys/deploy.ppk',
      found: [j('PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n', rand(B62 + '+/', 64), '\n', rand(B62 + '+/', 20), '\nPrivate-Lines: 1\n', rand(B62 + '+/', 44), '\nPrivate-MAC: ', hex(64), '\n')],
      notFound: ['Private-Lines: 1', 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none'],
    },
    'rails-master-key': {
      found: [{ text: hex(32) + '\n', path: 'config/master.key' }, { text: hex(32), path: 'config/credentials/production.key' }],
      notFound: [{ text: hex(32), path: 'config/app.key.example' }, { text: 'see the team vault\n', path: 'config/master.key' }],
    },
    'credential-file-setting': {
      found: [
        { text: j('[pypi]\nusername = __token__\npassword = ', weak(), '\n'), path: '.pypirc' },
        { text: j('<Server><Host>ftp.acme.test</Host><User>deploy</User><Pass encoding="base64">', b64(weak()), '</Pass></Server>'), path: 'FileZilla/sitemanager.xml' },
        { text: j('{\n  "host": "ftp.acme.test",\n  "password": "', weak(), '"\n}'), path: '.vscode/sftp.json' },
        { text: j('[default]\nhost_base = s3.acme.test\ngpg_passphrase = ', weak(), '\n'), path: '.s3cfg' },
        { text: j('[client]\nuser=app\npassword="', weak(), '"\n'), path: '.my.cnf' },
        { text: j('account default\nhost smtp.acme.test\npassword ', weak(), '\n'), path: '.msmtprc' },
        { text: j('[Sessions\\\\deploy@acme]\nHostName=ftp.acme.test\nPassword=', rand('0123456789ABCDEF', 48), '\n'), path: 'WinSCP.ini' },
      ],
      notFound: [
        { text: 'gpg_command = /usr/bin/gpg\ngpg_passphrase =\nuse_https = True\n', path: '.s3cfg' },
        { text: '{ "password": "${SFTP_PASSWORD}", "passive": true }', path: 'sftp.json' },
        { text: '<Pass></Pass><Logontype>1</Logontype>', path: 'sitemanager.xml' },
      ],
    },
    'name-value-secret': {
      path: 'postman/prod.postman_environment.json',
      found: [
        j('{ "key": "password", "value": "', b62(6), '!', b62(9), '#', '", "type": "secret", "enabled": true }'),
        j('env:\n  - name: DB_PASSWORD\n    value: ', pw(), '\n'),
        j('<appSettings>\n  <add key="PaymentApiKey" value="', b62(32), '" />\n</appSettings>'),
        j('<dict>\n\t<key>ApiToken</key>\n\t<string>', b62(40), '</string>\n</dict>'),
        j('<entry key="db.password">', pw(), '</entry>'),
        j('[{"ParameterKey": "MasterUserPassword", "ParameterValue": "', pw(), '"}]'),
      ],
      notFound: [
        'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: db, key: password }\n',
        '{ "key": "password", "value": "", "type": "secret" }',
        '{ "key": "password", "value": "{{password}}" }',
        '{ "key": "toggle_key", "value": "ctrl+shift+f12" }',
        '{ "name": "session_token_ttl", "value": "3600" }',
      ],
    },
    'generic-secret-pair': {
      path: 'wp-config.php',
      found: [j("define('AUTH_KEY', '", punct(64), "');"), j("define( 'DB_PASSWORD', '", b62(24), "' );"), j('headers.set("X-Api-Key", "', b62(32), '")')],
      notFound: ["define('DB_PASSWORD', getenv('DB_PASSWORD'));", "t('password', 'Your password is too short, try again')", "define('AUTH_KEY', 'put your unique phrase here');"],
    },
    'generic-secret-assignment': {
      path: '.env',
      found: [
        j('SESSION_SECRET=', hex(64)),
        j('ADMIN_PASSWORD=', pw()),
        j('const apiKey = "', b62(24), '";'),
        j('internal_service_token: ', b62(30)),
        // Kind 1: values with punctuation (generated framework keys), quoted and bare.
        j("SECRET_KEY = '", punct(40), "'"),
        j('app.secret = "', punct(32), '"'),
        j('SIGNING_KEY=', punct(30).replace(/[;,)\]}]/g, 'Q')),
        // Kind 2: assignments of other shapes: Ruby/YAML, properties, XML attributes, INI sections.
        j('production:\n  secret_key_base: ', hex(128)),
        j('spring.datasource.password=', pw()),
        j('<connection host="db" password="', pw(), '" />'),
        j('[database]\nhost = db.internal\npassword = ', pw()),
        j('ftp_pass: ', pw()),
        // Kind 4: escaped JSON inside a string (annotations, notebooks, state files, logs).
        j('escaped-copy: "{\\"stringData\\":{\\"DB_PASSWORD\\":\\"', b62(20), '\\"}}"'),
        j('"source": ["api_key = \\"', b62(32), '\\"\\n"]'),
        // Escaped twice: JSON in a string in a JSON log line.
        j(String.raw`log: "{\\\"token\\\": \\\"`, b62(28), String.raw`\\\"}"`),
      ],
      notFound: [
        'SESSION_SECRET=',
        // Kind 8: readable compound values are not secrets.
        '{ "toggle_key": "ctrl+shift+f12" }',
        'shortcut_key: cmd.option.arrow_left',
        'sort_key: "created_at:desc:nulls_last"',
        'token_label = "Personal access token for the staging deploys"',
        'password_hint: "Your password must contain 12 characters"',
        'api_key_header: X-Api-Key',
        'token_expires_at: 2026-01-01T00:00:00Z',
        "print('token:', token)",
        'const tokenType: Promise<string> = fetchType(user)',
        'compass_heading = northnorthwest',
        'passport: passportFromEnvironment',
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
