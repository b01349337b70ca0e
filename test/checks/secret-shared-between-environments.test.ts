import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/secret-shared-between-environments.js';
import { CTX } from '../helpers/exchange.js';
import { envFile, randomish, repoEv } from '../helpers/repo.js';

const shared = randomish(48);
const other = randomish(44);

describe('secret-shared-between-environments', () => {
  it('fails, high, when production and staging hold the same secret, without showing it', () => {
    const repo = repoEv({
      envFiles: [
        envFile('deploy/prod.env', `SESSION_SECRET=${shared}\nPORT=3000\n`, { environments: ['production'], tier: 'production' }),
        envFile('deploy/stg.env', `COOKIE_SECRET=${shared}\nPORT=3000\n`, { environments: ['staging'], tier: 'staging' }),
      ],
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1); // PORT=3000 is shared too, but is no secret
    expect(out.findings[0]?.identity).toEqual(['deploy/prod.env', 'SESSION_SECRET', 'deploy/stg.env']);
    expect(out.findings[0]?.title).toContain('COOKIE_SECRET');
    expect(JSON.stringify(out)).not.toContain(shared);
  });

  it('passes when every environment has its own values', () => {
    const repo = repoEv({
      envFiles: [
        envFile('.env.production', `SESSION_SECRET=${shared}\n`),
        envFile('.env.staging', `SESSION_SECRET=${other}\n`),
        envFile('.env.example', `SESSION_SECRET=${shared}\n`),
      ],
    });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('ignores shared placeholders (another check reports those)', () => {
    const repo = repoEv({ envFiles: [envFile('.env.production', 'JWT_SECRET=changeme\n'), envFile('.env.staging', 'JWT_SECRET=changeme\n')] });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not tested without a production file or without anything to compare it with', () => {
    expect(check.run({ repo: repoEv({ envFiles: [envFile('.env.staging', `A_SECRET=${shared}`)] }) }, CTX).status).toBe('not-tested');
    expect(check.run({ repo: repoEv({ envFiles: [envFile('.env.production', `A_SECRET=${shared}`)] }) }, CTX).status).toBe('not-tested');
  });
});
