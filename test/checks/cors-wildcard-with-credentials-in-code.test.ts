import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/cors-wildcard-with-credentials-in-code.js';
import { CTX } from '../helpers/exchange.js';
import { code, hit, repoEv } from '../helpers/repo.js';

describe('cors-wildcard-with-credentials-in-code', () => {
  it('fails high for a reflected origin and medium for a literal star', () => {
    const repo = repoEv({
      code: code({
        hits: [
          hit('cors-wildcard-credentials', 'origin-reflected-with-credentials', 'app.use(cors({ origin: true, credentials: true }));', { reflectsOrigin: true }),
          hit('cors-wildcard-credentials', 'origin-star-with-credentials', "origin: '*',", { path: 'src/api.js', reflectsOrigin: false }),
        ],
      }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings.map((f) => f.severity)).toEqual(['high', 'medium']);
  });

  it('passes when no such line exists, ignoring other kinds of hits', () => {
    const repo = repoEv({ code: code({ hits: [hit('tls-off', 'verify-false', 'requests.get(u, verify=False)')] }) });
    expect(check.run({ repo }, CTX).status).toBe('pass');
  });

  it('is not tested without a code scan', () => {
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
