import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/env-example-missing-keys.js';
import type { EnvRead } from '../../src/evidence/hygiene-types.js';
import { CTX } from '../helpers/exchange.js';
import { code, envFile, repoEv } from '../helpers/repo.js';

const read = (name: string, line = 1, hasDefault = false): EnvRead => ({ name, path: 'src/server.js', line, syntax: 'process.env', hasDefault });

describe('env-example-missing-keys', () => {
  it('fails once per variable the code reads that the example lacks, with where it is read', () => {
    const repo = repoEv({
      envFiles: [envFile('.env.example', 'PORT=3000\nDATABASE_URL=\n', { tracked: true })],
      code: code({ envReads: [read('DATABASE_URL'), read('STRIPE_KEY', 7), read('STRIPE_KEY', 9), read('NODE_ENV')] }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.identity)).toEqual([['STRIPE_KEY']]);
    expect(out.findings[0]?.location).toEqual({ path: 'src/server.js', line: 7 });
    expect(out.findings[0]?.evidence[0]?.excerpt).toBe('src/server.js:7\nsrc/server.js:9');
  });

  it('fails with one finding when there is no example file at all', () => {
    const out = check.run({ repo: repoEv({ code: code({ envReads: [read('A'), read('B')] }) }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings.map((f) => f.identity)).toEqual([['no-example-file']]);
  });

  it('passes when every read variable is documented (platform variables need not be)', () => {
    const repo = repoEv({
      envFiles: [envFile('.env.sample', 'A=\nB=changeme\n')],
      code: code({ envReads: [read('A'), read('B'), read('PORT'), read('NODE_ENV')] }),
    });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not applicable when the code reads no variables, and not tested without a code scan', () => {
    expect(check.run({ repo: repoEv() }, CTX).status).toBe('not-applicable');
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
