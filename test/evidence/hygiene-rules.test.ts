// Line rules and value classification: cases that must match and look-alikes
// that must not.
import { describe, expect, it } from 'vitest';
import { findHits, maskExcerpt, sensitiveLogRule, stripStrings } from '../../src/evidence/gatherers/code-rules.js';
import { classifyEnvValue, isSecretKey, redactUrl, tierOfFile } from '../../src/evidence/gatherers/env-values.js';
import { analyseMigration } from '../../src/evidence/gatherers/migrations.js';
import { fakeKey, randomish } from '../helpers/repo.js';

const rulesOf = (src: string) => findHits({ path: 'src/x.js', lines: src.split('\n') }).map((h) => h.rule);

describe('code rules', () => {
  it.each([
    ['new Agent({ rejectUnauthorized: false })', 'reject-unauthorized-false'],
    ["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';", 'node-tls-reject-unauthorized-0'],
    ["process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';", 'node-tls-reject-unauthorized-0'],
    ['request({ url, strictSSL: false })', 'strict-ssl-false'],
    ['requests.post(url, verify=False)', 'verify-false'],
    ['tls.Config{InsecureSkipVerify: true}', 'insecure-skip-verify'],
    ['curl -sk --insecure https://api.example.com', 'curl-insecure'],
    ['app.use(errorhandler());', 'express-errorhandler'],
    ['app.run(host="0.0.0.0", debug=True)', 'flask-debug-run'],
    ['console.log("auth", req.headers)', 'request-headers'],
    ['logger.info({ user, password })', 'password'],
    ['log.debug(`sending ${headers.authorization}`)', 'authorization-header'],
    ["console.log(req.headers['authorization'])", 'authorization-header'],
    ['console.log(process.env)', 'environment-dump'],
  ])('finds %s', (line, rule) => {
    expect(rulesOf(line)).toEqual([rule]);
  });

  it.each([
    'new Agent({ rejectUnauthorized: true })',
    "console.log('invalid password for', email)",
    'console.log(token.length)',
    'logger.info({ user, password: "[redacted]" })',
    '// rejectUnauthorized: false is never acceptable here',
    "const help = { tls: 'never set rejectUnauthorized: false' };",
    'console.log(req.headers.host)',
    'const tokenizer = new Tokenizer(); console.log(tokenizer)',
    "git commit --no-verify -m 'x'",
    "app.use(cors({ origin: 'https://app.example.com', credentials: true }))",
    "logger.error({ msg: err.message, stack: err.stack })",
  ])('does not flag %s', (line) => {
    expect(rulesOf(line)).toEqual([]);
  });

  it('pairs a CORS origin with credentials a few lines away, and tells reflection from star', () => {
    expect(rulesOf("cors({\n  origin: '*',\n  methods: ['GET'],\n  credentials: true,\n})")).toEqual(['origin-star-with-credentials']);
    expect(rulesOf("res.setHeader('Access-Control-Allow-Origin', req.headers.origin);\nres.setHeader('Access-Control-Allow-Credentials', 'true');")).toEqual(['origin-reflected-with-credentials']);
    expect(rulesOf("cors({ origin: '*' })")).toEqual([]);
  });

  it('marks flag-gated verbose errors as conditional', () => {
    const hits = findHits({ path: 'a.js', lines: ["res.json(debug ? { stack: err.stack } : { error: 'x' })"] });
    expect(hits[0]?.conditional).toBe(true);
  });

  it('strips string text but keeps template expressions, and masks credentials in excerpts', () => {
    expect(stripStrings("log('a password', `x ${token} y`)")).toBe("log('', ` token `)");
    expect(sensitiveLogRule("print('token:', token)")).toBe('token');
    const key = fakeKey('sk', 'live');
    const secret = randomish(30);
    const masked = maskExcerpt(`const a = '${key}'; const b = "${secret}"; fetch(u, { headers: { authorization: 'Bearer ${secret}' } })`);
    expect(masked).not.toContain(key);
    expect(masked).not.toContain(secret);
    expect(masked).toContain("const a = 'sk_l…");
    expect(masked).toContain('Bearer ');
  });
});

describe('env value classification', () => {
  it('treats keys by name and values by shape', () => {
    expect(['DB_PASSWORD', 'STRIPE_SECRET_KEY', 'GITHUB_TOKEN', 'SENTRY_DSN', 'API_KEY', 'AUTH_SECRET'].every(isSecretKey)).toBe(true);
    expect(['DEBUG', 'NODE_ENV', 'STRIPE_PUBLISHABLE_KEY', 'KEY_ID', 'WEBHOOK_URL', 'MONKEY_COUNT'].some(isSecretKey)).toBe(false);
    expect(classifyEnvValue('DEBUG', 'true')).toEqual({ secret: false, value: 'true', hints: { truthy: true } });
    const opaque = classifyEnvValue('SOMETHING', randomish(40));
    expect(opaque.secret).toBe(true);
    expect(opaque.value).toBeUndefined();
    const test = classifyEnvValue('PAY', fakeKey('sk', 'test'));
    expect(test).toMatchObject({ secret: true, hints: { testModeKey: true } });
    expect(test.value).toBeUndefined();
    expect(classifyEnvValue('ADMIN_PASSWORD', 'admin').hints.weakPassword).toBe(true);
  });

  it('keeps URLs with their passwords and token-like parts masked', () => {
    const secret = randomish(32);
    expect(redactUrl(`https://user:${secret}@db.example.com:5432/app?sslmode=require&token=${secret}`)?.url).toBe(
      `https://user:***@db.example.com:5432/app?sslmode=require&token=${secret.slice(0, 4)}…${secret.slice(-4)}`,
    );
    expect(classifyEnvValue('REDIS_URL', 'redis://localhost:6379')).toEqual({ secret: false, value: 'redis://localhost:6379', hints: { urlHost: 'localhost' } });
    expect(classifyEnvValue('DB', ['postgres://admin', 'admin@db/app'].join(':')).hints).toMatchObject({ weakPassword: true, urlHasPassword: true });
  });

  it('tells tiers from environment names and file names', () => {
    expect(tierOfFile('.env.production', [])).toBe('production');
    expect(tierOfFile('config/a.env', ['prod'])).toBe('production');
    expect(tierOfFile('config/a.env', ['staging'])).toBe('staging');
    expect(tierOfFile('.env.example', ['production'])).toBe('example');
    expect(tierOfFile('.env', [])).toBe('development');
    expect(tierOfFile('.env.eu-west', [])).toBe('unknown');
  });
});

describe('migrations', () => {
  it('ignores drops in a goose down section but not in the up section', () => {
    const m = analyseMigration('db/migrations/5_x.sql', '-- +goose Up\nALTER TABLE a DROP COLUMN b;\n-- +goose Down\nDROP TABLE a;\n', new Set());
    expect(m).toMatchObject({ hasDown: true, destructive: [{ line: 2, statement: 'DROP COLUMN' }] });
  });

  it('finds Flyway undo files and diesel up/down pairs', () => {
    expect(analyseMigration('migrations/V2__add.sql', 'TRUNCATE t;', new Set(['migrations/U2__add.sql']))).toMatchObject({
      hasDown: true,
      downPath: 'migrations/U2__add.sql',
      destructive: [{ statement: 'TRUNCATE' }],
    });
    expect(analyseMigration('migrations/2024_a/up.sql', 'CREATE TABLE a();', new Set(['migrations/2024_a/down.sql'])).hasDown).toBe(true);
  });
});
