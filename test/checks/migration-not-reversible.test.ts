import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/migration-not-reversible.js';
import { CTX } from '../helpers/exchange.js';
import { code, repoEv } from '../helpers/repo.js';

describe('migration-not-reversible', () => {
  it('rates destructive-without-down high, destructive-with-down medium, no-down low', () => {
    const repo = repoEv({
      code: code({
        migrations: [
          { path: 'migrations/001_init.sql', isDown: false, hasDown: false, destructive: [] },
          { path: 'migrations/002_drop.sql', isDown: false, hasDown: false, destructive: [{ line: 2, statement: 'DROP TABLE', excerpt: 'DROP TABLE legacy;' }] },
          { path: 'migrations/003_trunc.up.sql', isDown: false, hasDown: true, downPath: 'migrations/003_trunc.down.sql', destructive: [{ line: 1, statement: 'TRUNCATE', excerpt: 'TRUNCATE sessions;' }] },
          { path: 'migrations/003_trunc.down.sql', isDown: true, hasDown: true, destructive: [] },
        ],
      }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => [f.identity[0], f.severity])).toEqual([
      ['migrations/001_init.sql', 'low'],
      ['migrations/002_drop.sql', 'high'],
      ['migrations/003_trunc.up.sql', 'medium'],
    ]);
    expect(out.findings[1]?.identity).toEqual(['migrations/002_drop.sql', 'DROP TABLE']);
  });

  it('passes when every migration has a way back', () => {
    const repo = repoEv({ code: code({ migrations: [{ path: 'migrations/1.up.sql', isDown: false, hasDown: true, destructive: [] }] }) });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not applicable without migrations and not tested without a code scan', () => {
    expect(check.run({ repo: repoEv() }, CTX).status).toBe('not-applicable');
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
