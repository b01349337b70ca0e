import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/secrets-written-to-logs.js';
import { CTX } from '../helpers/exchange.js';
import { code, hit, repoEv } from '../helpers/repo.js';

describe('secrets-written-to-logs', () => {
  it('fails with a finding per logging line, severity by what is logged', () => {
    const repo = repoEv({
      code: code({
        hits: [
          hit('secret-logged', 'request-headers', 'console.log(req.headers);'),
          hit('secret-logged', 'token', "logger.debug('refreshed', token);", { line: 40 }),
        ],
      }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(out.findings[1]?.location).toEqual({ path: 'src/app.js', line: 40 });
  });

  it('passes without logging hits', () => {
    expect(check.run({ repo: repoEv() }, CTX).status).toBe('pass');
  });

  it('is not tested without a code scan', () => {
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
