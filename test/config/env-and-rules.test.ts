import { describe, expect, it } from 'vitest';
import { isSecretKey } from '../../src/config/env-refs.js';
import { parseConfigText } from '../../src/config/load.js';
import { configError, lines, MINIMAL } from './helpers.js';

const PASSWORD = 'correct-horse-battery-staple';
// Built from pieces: no credential-shaped literal in the repository (our own scanner checks).
const TOKEN = ['tok', 'live', '8d7f6e5a4b3c2d1e'].join('_');

describe('env: references', () => {
  it('a missing variable names the variable, the key and the line', () => {
    const text = lines(
      'project:',
      '  name: Tiny',
      'environments:',
      '  prod:',
      '    appUrl: env:TINY_URL',
      'auth:',
      '  login: { path: /login }',
      '  roles:',
      '    owner:',
      '      tenant: t1',
      '      login:',
      '        username: o@tiny.test',
      '        password: env:OWNER_PASSWORD',
    );
    const err = configError(() => parseConfigText(text, 'x.yml', { env: { TINY_URL: 'https://tiny.test' } }));
    expect(err.issues).toEqual([
      expect.objectContaining({
        line: 13,
        column: 9,
        key: 'auth.roles.owner.login.password',
        expected: 'environment variable OWNER_PASSWORD to be set',
        message: 'x.yml:13:9: auth.roles.owner.login.password — env:OWNER_PASSWORD is not set',
      }),
    ]);
    expect(err.message).not.toContain('https://tiny.test');
  });

  it('an empty variable is not a usable value', () => {
    const text = MINIMAL.replace('https://tiny.test', 'env:TINY_URL');
    const err = configError(() => parseConfigText(text, 'x.yml', { env: { TINY_URL: '' } }));
    expect(err.issues[0]?.message).toContain('env:TINY_URL is set but empty');
  });

  it('only exact references are resolved', () => {
    const text = MINIMAL + lines('handover:', '  rollback: ["run env:FOO", "env:not-a-name"]');
    const loaded = parseConfigText(text, 'x.yml', { env: { FOO: 'nope' } });
    expect(loaded.config.handover.rollback).toEqual(['run env:FOO', 'env:not-a-name']);
  });

  it('a URL that is invalid after resolution is reported without its value', () => {
    const secretish = 'internal-host-7731';
    const text = MINIMAL.replace('https://tiny.test', 'env:TINY_URL');
    const err = configError(() => parseConfigText(text, 'x.yml', { env: { TINY_URL: secretish } }));
    expect(err.issues).toEqual([
      expect.objectContaining({ line: 5, column: 5, key: 'environments.prod.appUrl', expected: 'an absolute http(s) URL' }),
    ]);
    expect(err.message).toContain('got the value of env:TINY_URL');
    expect(err.message).not.toContain(secretish);
  });

  it('a literal URL that is not http(s) is quoted back', () => {
    const text = MINIMAL.replace('https://tiny.test', 'ftp://tiny.test') + lines('domains:', '  redirects:', '    - { from: tiny.test, to: "https://tiny.test/" }');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues.map((i) => [i.key, i.line])).toEqual([
      ['environments.prod.appUrl', 5],
      ['domains.redirects[0].from', 8],
    ]);
    expect(err.issues[0]?.message).toContain('got "ftp://tiny.test"');
  });
});

describe('secrets', () => {
  const text = lines(
    'project: { name: Tiny }',
    'environments:',
    '  prod: { appUrl: env:APP_URL }',
    'auth:',
    '  login: { path: /login, passwordField: password, tokenFrom: "json:token" }',
    '  roles:',
    '    owner: { tenant: t1, login: { username: o@tiny.test, password: env:OWNER_PASSWORD } }',
    '    bot: { tenant: t1, token: env:BOT_TOKEN }',
    '    legacy: { tenant: t1, token: inline-token-123456 }',
  );
  const env = { APP_URL: 'https://tiny.test', OWNER_PASSWORD: PASSWORD, BOT_TOKEN: TOKEN };

  it('collects passwords and tokens, from env: or inline, and nothing else', () => {
    const loaded = parseConfigText(text, 'x.yml', { env });
    expect(loaded.secrets.sort()).toEqual([PASSWORD, 'inline-token-123456', TOKEN].sort());
  });

  it('judges secret keys by their last word', () => {
    expect(['password', 'token', 'apiKey', 'client_secret', 'AUTH_TOKEN'].every(isSecretKey)).toBe(true);
    expect(['passwordField', 'tokenFrom', 'username', 'keys', 'dkimSelectors'].some(isSecretKey)).toBe(false);
  });

  it('no error message ever contains a secret value', () => {
    // Every rule broken at once, around values that must stay hidden.
    const broken = lines(
      'project: { name: Tiny }',
      'environments:',
      '  prod: { appUrl: env:APP_URL }',
      'api: { target: env:TARGET }',
      'auth:',
      '  roles:',
      '    owner: { tenant: t1, login: { username: o@tiny.test, password: env:OWNER_PASSWORD }, token: env:BOT_TOKEN }',
      'policy:',
      '  - { operation: GET /x, allow: [env:ROLE] }',
      'domains:',
      '  redirects: [{ from: env:OWNER_PASSWORD, to: env:BOT_TOKEN }]',
    );
    const leaky = { APP_URL: PASSWORD, OWNER_PASSWORD: PASSWORD, BOT_TOKEN: TOKEN, TARGET: TOKEN, ROLE: PASSWORD };
    const err = configError(() => parseConfigText(broken, 'x.yml', { env: leaky }));
    expect(err.issues.length).toBeGreaterThanOrEqual(6);
    for (const s of [PASSWORD, TOKEN]) {
      expect(err.message).not.toContain(s);
      expect(JSON.stringify(err.issues)).not.toContain(s);
    }
  });

  it('a wrongly typed inline password is described, not quoted', () => {
    const t = MINIMAL + lines('auth:', '  roles:', '    owner: { tenant: t1, login: { username: o, password: 12345678 } }');
    const err = configError(() => parseConfigText(t, 'x.yml'));
    expect(err.issues[0]?.message).toContain('expected a string, got a number');
    expect(err.message).not.toContain('12345678');
  });
});

describe('cross-field rules', () => {
  it('api.target must name an environment', () => {
    const err = configError(() => parseConfigText(MINIMAL + lines('api:', '  target: production'), 'x.yml'));
    expect(err.issues).toEqual([
      expect.objectContaining({ line: 7, column: 3, key: 'api.target', expected: 'one of the configured environments: prod' }),
    ]);
    expect(err.issues[0]?.message).toContain('names environment "production", which is not configured');
  });

  it('policy may name only configured roles or anonymous', () => {
    const text =
      MINIMAL +
      lines(
        'auth:',
        '  roles:',
        '    owner: { tenant: t1, token: abcdefgh }',
        'policy:',
        '  - operation: GET /health',
        '    allow: [anonymous]',
        '  - operation: GET /admin',
        '    allow: [owner, admin]',
      );
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues).toEqual([
      expect.objectContaining({ line: 13, column: 20, key: 'policy[1].allow[1]', expected: 'a role under auth.roles (owner) or anonymous' }),
    ]);
    expect(err.issues[0]?.message).toContain('unknown role "admin"');
  });

  it('a role that logs in needs auth.login, and cannot also have a token', () => {
    const text = MINIMAL + lines('auth:', '  roles:', '    owner:', '      tenant: t1', '      login: { username: o, password: p }', '      token: abc');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues.map((i) => [i.key, i.line, i.expected])).toEqual([
      ['auth.roles.owner.login', 10, 'auth.login to be configured'],
      ['auth.roles.owner.token', 11, 'only one of login or token'],
    ]);
  });
});
