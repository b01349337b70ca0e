import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/env-var-inventory.js';
import type { EnvRead } from '../../src/evidence/hygiene-types.js';
import { CTX } from '../helpers/exchange.js';
import { code, envFile, repoEv } from '../helpers/repo.js';

const read = (name: string, hasDefault = false): EnvRead => ({ name, path: 'src/server.js', line: 3, syntax: 'process.env', hasDefault });

describe('env-var-inventory', () => {
  it('warns for each variable without a default that no production file sets (empty counts as unset)', () => {
    const repo = repoEv({
      envFiles: [envFile('.env.production', 'DATABASE_URL=postgres://db.internal/app\nMAIL_KEY=\n'), envFile('.env.staging', 'SLACK_TOKEN=x\n')],
      code: code({ envReads: [read('DATABASE_URL'), read('MAIL_KEY'), read('SLACK_TOKEN'), read('PORT'), read('TIMEOUT', true)] }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('warn');
    if (out.status !== 'warn') return;
    expect(out.findings.map((f) => f.identity[0])).toEqual(['MAIL_KEY', 'SLACK_TOKEN']);
    expect(out.findings[1]?.evidence[0]?.excerpt).toContain('.env.staging (staging)');
  });

  it('passes when production sets everything the code needs', () => {
    const repo = repoEv({ envFiles: [envFile('.env.production', 'A=1\n')], code: code({ envReads: [read('A'), read('NODE_ENV')] }) });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not tested without a production file, and without a code scan', () => {
    expect(check.run({ repo: repoEv({ code: code({ envReads: [read('A')] }) }) }, CTX).status).toBe('not-tested');
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
