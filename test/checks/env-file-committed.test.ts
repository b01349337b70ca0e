import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/env-file-committed.js';
import { parseEnv } from '../../src/evidence/gatherers/repo.js';
import type { EnvFile, RepoEvidence } from '../../src/evidence/types.js';
import { CTX } from '../helpers/exchange.js';

// Built from pieces at run time: no credential-looking literal in the repository.
const fakeKey = ['sk', 'live', 'Zq8WmP2xR7tYvB4nK9sLd3Fh'].join('_');

function repo(files: EnvFile[], isGit = true): RepoEvidence {
  return { root: '/tmp/r', isGit, files: [], envFiles: files };
}
const envFile = (path: string, tracked: boolean, text: string): EnvFile => ({ path, tracked, ignored: !tracked, entries: parseEnv(text) });

describe('env-file-committed', () => {
  it('fails, critical, for a committed .env with secrets, showing only masked values', () => {
    const out = check.run({ repo: repo([envFile('.env', true, `PAYMENTS_SECRET_KEY=${fakeKey}\nPORT=3000\n`)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings[0]?.severity).toBe('critical');
    expect(out.findings[0]?.location).toEqual({ path: '.env', line: 1 });
    const text = JSON.stringify(out);
    expect(text).not.toContain(fakeKey);
    expect(text).toContain('sk_l…');
  });

  it('passes when env files exist but only the example is committed', () => {
    const out = check.run(
      { repo: repo([envFile('.env.example', true, 'PAYMENTS_SECRET_KEY=\n'), envFile('.env', false, `PAYMENTS_SECRET_KEY=${fakeKey}`)]) },
      CTX,
    );
    expect(out.status).toBe('pass');
  });

  it('does not flag a committed env file whose values are all empty', () => {
    expect(check.run({ repo: repo([envFile('.env.production', true, 'API_KEY=\nSECRET=\n')]) }, CTX).status).toBe('pass');
  });

  it('is not applicable outside git', () => {
    expect(check.run({ repo: repo([], false) }, CTX).status).toBe('not-applicable');
  });
});

describe('parseEnv', () => {
  it('reads export, quotes and comments, and never keeps the raw value', () => {
    const entries = parseEnv(`# comment\nexport A="quoted value"\nB='x' \nC=plain # trailing\nD=\n`);
    expect(entries.map((e) => e.key)).toEqual(['A', 'B', 'C', 'D']);
    expect(entries[3]?.empty).toBe(true);
    expect(JSON.stringify(entries)).not.toContain('quoted value');
    expect(entries[0]?.line).toBe(2);
  });
});
