import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/debug-enabled-in-production.js';
import { CTX } from '../helpers/exchange.js';
import { code, envFile, hit, repoEv } from '../helpers/repo.js';

const stackHit = (conditional: boolean) =>
  hit('debug', 'stack-trace-in-response', "res.status(500).json({ error: err.message, stack: err.stack })", conditional ? { conditional } : {});

describe('debug-enabled-in-production', () => {
  it('fails on DEBUG=true and NODE_ENV=development in a production file, and on stack traces in code', () => {
    const repo = repoEv({
      envFiles: [envFile('.env.production', 'DEBUG=true\nNODE_ENV=development\nLOG_LEVEL=debug\n'), envFile('.env', 'DEBUG=true\n')],
      code: code({ hits: [stackHit(false)] }),
    });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => [f.identity[1], f.severity])).toEqual([
      ['DEBUG', 'high'],
      ['NODE_ENV', 'high'],
      ['LOG_LEVEL', 'low'],
      ['stack-trace-in-response', 'medium'],
    ]);
    expect(out.findings[3]?.reproduction).toContain('grep -nF');
  });

  it('passes when production turns debug off, even with flag-gated verbose errors in code', () => {
    const repo = repoEv({ envFiles: [envFile('.env.production', 'DEBUG=false\nNODE_ENV=production\n')], code: code({ hits: [stackHit(true)] }) });
    const out = check.run({ repo }, CTX);
    expect(out.status).toBe('pass');
    expect(out.status === 'pass' && out.reason).toContain('flag-gated');
  });

  it('reports flag-gated verbose errors as low when nothing shows the flag off', () => {
    const out = check.run({ repo: repoEv({ code: code({ hits: [stackHit(true)] }) }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]?.severity).toBe('low');
  });

  it('is not tested with clean code but no production file, and without a code scan', () => {
    expect(check.run({ repo: repoEv() }, CTX).status).toBe('not-tested');
    expect(check.run({ repo: repoEv({ code: undefined }) }, CTX).status).toBe('not-tested');
  });
});
