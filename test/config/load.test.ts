import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText, resolveFromConfig, targetEnvironment } from '../../src/config/load.js';
import { configError, MINIMAL } from './helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/config');
const ENV = {
  TINY_APP_URL: 'https://app.tiny.test',
  TINY_ADMIN_PASSWORD: 'adm1n-Passw0rd!',
  TINY_BOT_TOKEN: ['tok', '4f9a8b7c6d5e'].join('_'),
};

describe('loadConfig', () => {
  it('loads a YAML file, applies defaults and resolves env: references', () => {
    const loaded = loadConfig(path.join(FIXTURES, 'valid.yml'), { env: ENV });
    const { config } = loaded;
    expect(loaded.file).toBe(path.join(FIXTURES, 'valid.yml'));
    expect(loaded.baseDir).toBe(FIXTURES);
    expect(config.project).toEqual({ name: 'Tiny', stage: 'scale', productType: 'internal-tool' });
    expect(config.environments.prod).toEqual({ appUrl: 'https://app.tiny.test', allowWrites: false, envFiles: [] });
    expect(config.auth.roles.admin?.login?.password).toBe(ENV.TINY_ADMIN_PASSWORD);
    expect(config.auth.roles.bot?.token).toBe(ENV.TINY_BOT_TOKEN);
    expect(config.auth.login).toEqual({
      method: 'POST',
      path: '/login',
      usernameField: 'email',
      passwordField: 'password',
      tokenFrom: 'json:token',
      contentType: 'json',
    });
    expect(config.network.maxRequests).toBe(2000);
  });

  it('loads the same config written as JSON to the same result', () => {
    const yml = loadConfig(path.join(FIXTURES, 'valid.yml'), { env: ENV });
    const json = loadConfig(path.join(FIXTURES, 'valid.json'), { env: ENV });
    expect(json.config).toEqual(yml.config);
    expect(json.secrets.sort()).toEqual(yml.secrets.sort());
  });

  it('reads env: references from process.env by default', () => {
    process.env.LR_TEST_APP_URL = 'https://from-process.test';
    try {
      const loaded = parseConfigText(MINIMAL.replace('https://tiny.test', 'env:LR_TEST_APP_URL'), 'x.yml');
      expect(loaded.config.environments.prod?.appUrl).toBe('https://from-process.test');
    } finally {
      delete process.env.LR_TEST_APP_URL;
    }
  });

  it('reports a missing file as a ConfigError naming it', () => {
    const file = path.join(FIXTURES, 'does-not-exist.yml');
    const err = configError(() => loadConfig(file));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ file, line: 0, key: '' });
    expect(err.message).toContain('does-not-exist.yml — file not found');
  });

  it('reports a folder given as the config file as unreadable', () => {
    const err = configError(() => loadConfig(FIXTURES));
    expect(err.message).toMatch(/cannot read the file/);
  });
});

describe('resolveFromConfig and targetEnvironment', () => {
  it('resolves paths against the config folder and passes URLs through', () => {
    const loaded = loadConfig(path.join(FIXTURES, 'valid.yml'), { env: ENV });
    expect(resolveFromConfig(loaded, 'spec/openapi.yaml')).toBe(path.join(FIXTURES, 'spec/openapi.yaml'));
    expect(resolveFromConfig(loaded, '/abs/x.json')).toBe('/abs/x.json');
    expect(resolveFromConfig(loaded, 'https://api.test/openapi.json')).toBe('https://api.test/openapi.json');
  });

  it('targets api.target when given', () => {
    const loaded = loadConfig(path.join(FIXTURES, 'valid.yml'), { env: ENV });
    expect(targetEnvironment(loaded)).toEqual({ name: 'stage', env: loaded.config.environments.stage });
  });

  it('targets the first environment otherwise', () => {
    const loaded = parseConfigText(MINIMAL + '  other:\n    appUrl: https://other.test\n', 'x.yml');
    expect(targetEnvironment(loaded).name).toBe('prod');
  });

  it('uses the working directory as the base of inline text', () => {
    const loaded = parseConfigText(MINIMAL, '<inline>');
    expect(loaded.file).toBe('<inline>');
    expect(loaded.baseDir).toBe(process.cwd());
  });
});
