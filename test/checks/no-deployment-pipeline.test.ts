import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/no-deployment-pipeline.js';
import { CTX } from '../helpers/exchange.js';
import { code, repoEv } from '../helpers/repo.js';

describe('no-deployment-pipeline', () => {
  it('fails, informational, when nothing describes the deploy', () => {
    const out = check.run({ repo: repoEv() }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]?.severity ?? check.meta.severity).toBe('info');
  });

  it('passes and names what it found', () => {
    const out = check.run({ repo: repoEv({ code: code({ pipelines: [{ path: 'fly.toml', kind: 'platform', name: 'Fly.io' }] }) }) }, CTX);
    expect(out).toEqual({ status: 'pass', reason: 'Fly.io: fly.toml' });
  });

  it('is not tested without a code scan', () => {
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
