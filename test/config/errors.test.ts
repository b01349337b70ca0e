import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfigText } from '../../src/config/load.js';
import { configError, lines, MINIMAL } from './helpers.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/config');

describe('schema errors carry file, line, column, key and expected', () => {
  it('wrong type', () => {
    const text = lines(
      'project:',
      '  name: Tiny',
      'environments:',
      '  production:',
      '    appUrl: https://tiny.test',
      '    allowWrites: yes',
    );
    const err = configError(() => parseConfigText(text, 'launchready.yml'));
    expect(err.issues).toEqual([
      {
        file: path.resolve('launchready.yml'),
        line: 6,
        column: 5,
        key: 'environments.production.allowWrites',
        expected: 'a boolean',
        message: 'launchready.yml:6:5: environments.production.allowWrites — expected a boolean, got "yes"',
      },
    ]);
    expect(err.message).toBe(
      'Invalid config:\n  launchready.yml:6:5: environments.production.allowWrites — expected a boolean, got "yes"',
    );
  });

  it('wrong type in a JSON file, with its line', () => {
    const err = configError(() => loadConfig(path.join(FIXTURES, 'wrong-type.json')));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ line: 6, column: 7, key: 'environments.prod.allowWrites', expected: 'a boolean' });
    expect(err.issues[0]?.message).toMatch(/wrong-type\.json:6:7: environments\.prod\.allowWrites — expected a boolean/);
  });

  it('unknown key: points at the key itself and suggests the near miss', () => {
    const text = MINIMAL + lines('    allowWrite: true');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ line: 6, column: 5, key: 'environments.prod.allowWrite' });
    expect(err.issues[0]?.expected).toBe('one of appUrl, apiUrl, httpUrl, envFiles, allowWrites');
    expect(err.issues[0]?.message).toContain('unknown key (did you mean allowWrites?)');
  });

  it('bad enum value', () => {
    const text = lines('project:', '  name: Tiny', '  stage: launch', 'environments:', '  prod: {}');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues[0]).toMatchObject({
      line: 3,
      column: 3,
      key: 'project.stage',
      expected: 'one of prototype, first-customers, scale',
    });
    expect(err.issues[0]?.message).toContain('got "launch"');
  });

  it('missing required key: points at the parent', () => {
    // (A role's tenant is optional since issue 11: one-user tenants and platform admins.)
    const text = MINIMAL + lines('auth:', '  login:', '    method: POST');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues).toHaveLength(1);
    expect(err.issues[0]).toMatchObject({ line: 7, column: 3, key: 'auth.login.path', expected: 'a string' });
    expect(err.issues[0]?.message).toContain('missing; expected a string (login endpoint path under the API root');
  });

  it('missing top-level section', () => {
    const err = configError(() => parseConfigText(lines('project:', '  name: Tiny'), 'x.yml'));
    expect(err.issues.map((i) => i.key)).toEqual(['environments']);
    expect(err.issues[0]).toMatchObject({ line: 1, column: 1, expected: 'a mapping' });
  });

  it('invalid role name (a record key)', () => {
    const text = MINIMAL + lines('auth:', '  roles:', '    Admin:', '      tenant: t1');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues[0]).toMatchObject({ line: 8, key: 'auth.roles.Admin', expected: 'a lower-case role name' });
  });

  it('numbers out of range and empty lists', () => {
    const text = MINIMAL + lines('network:', '  timeoutMs: 0', 'policy:', '  - operation: GET /', '    allow: []');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues.map((i) => [i.key, i.line, i.expected])).toEqual([
      ['network.timeoutMs', 7, 'a positive number'],
      ['policy[0].allow', 10, 'a non-empty list'],
    ]);
  });

  it('reports every issue at once, in source order', () => {
    const text = lines('project:', '  name: 5', '  bogus: 1', 'environments:', '  prod:', '    allowWrites: 1');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues.map((i) => `${i.line}:${i.key}`)).toEqual([
      '2:project.name',
      '3:project.bogus',
      '6:environments.prod.allowWrites',
    ]);
    expect(err.message.split('\n')).toHaveLength(4);
  });

  it('empty file', () => {
    const err = configError(() => parseConfigText('# nothing yet\n', 'x.yml'));
    expect(err.issues[0]?.message).toContain('the file is empty');
  });
});

describe('syntax errors', () => {
  it('YAML syntax error with its line', () => {
    const text = lines('project:', '  name: Tiny', 'environments:', '  prod: [https://a', '  stage: {}');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues.length).toBeGreaterThan(0);
    expect(err.issues[0]?.line).toBe(5);
    expect(err.issues[0]?.expected).toBe('valid YAML');
    expect(err.issues[0]?.message).toMatch(/^x\.yml:5:\d+: YAML syntax error — /);
  });

  it('duplicate keys are an error, not a silent overwrite', () => {
    const text = MINIMAL + lines('project:', '  name: Again');
    const err = configError(() => parseConfigText(text, 'x.yml'));
    expect(err.issues[0]).toMatchObject({ line: 6, column: 1 });
    expect(err.issues[0]?.message).toContain('unique');
  });

  it('rejects unquoted YAML values in a .json file without echoing them', () => {
    const err = configError(() => loadConfig(path.join(FIXTURES, 'yaml-in.json')));
    expect(err.issues[0]).toMatchObject({ line: 2, column: 24, expected: 'valid JSON' });
    expect(err.message).toContain('JSON syntax error — unquoted value');
    expect(err.message).not.toContain('Tiny');
  });
});
