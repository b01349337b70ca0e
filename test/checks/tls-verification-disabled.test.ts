import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/tls-verification-disabled.js';
import { CTX } from '../helpers/exchange.js';
import { code, envFile, hit, repoEv } from '../helpers/repo.js';

describe('tls-verification-disabled', () => {
  it('fails for a code switch and for NODE_TLS_REJECT_UNAUTHORIZED=0 in production, not in a dev .env', () => {
    const repo = repoEv({
      envFiles: [envFile('.env.production', 'NODE_TLS_REJECT_UNAUTHORIZED=0\nDATABASE_URL=postgres://db.internal/app?sslmode=no-verify\n'), envFile('.env', 'NODE_TLS_REJECT_UNAUTHORIZED=0\n')],
      code: code({ hits: [hit('tls-off', 'reject-unauthorized-false', 'const agent = new https.Agent({ rejectUnauthorized: false });')] }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.identity[1])).toEqual(['reject-unauthorized-false', 'NODE_TLS_REJECT_UNAUTHORIZED', 'DATABASE_URL']);
    expect(out.findings[0]?.identity).toEqual(['src/app.js', 'reject-unauthorized-false', 'const agent = new https.Agent({ rejectUnauthorized: false });']);
  });

  it('passes with verification on', () => {
    const repo = repoEv({ envFiles: [envFile('.env.production', 'NODE_TLS_REJECT_UNAUTHORIZED=1\nPGSSLMODE=verify-full\n')] });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not tested without a code scan', () => {
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
