import { describe, expect, it } from 'vitest';
import check from '../../src/checks/monitor/critical-page-unavailable.js';
import type { HttpExchange, HttpProbes, RunContext } from '../../src/evidence/types.js';

const CTX: RunContext = { projectName: 'p', profile: 'first-customers', productType: 'internal-tool', environment: 'production' };

function ex(url: string, status?: number, error?: string): HttpExchange {
  return {
    request: { method: 'GET', url, headers: {}, role: 'anonymous' },
    ...(status === undefined ? { error: error ?? 'ECONNREFUSED' } : { response: { status, headers: {}, body: '', bodyTruncated: false } }),
    durationMs: 3,
  };
}

const run = (p: Partial<HttpProbes>) => check.run({ httpProbes: { skipped: {}, ...p } }, CTX);

describe('critical-page-unavailable', () => {
  it('passes when home and login answer below 400 and health 2xx', () => {
    const r = run({ appHome: ex('https://app/', 302), loginPage: ex('https://app/login', 200), apiHealth: ex('https://api/health', 204) });
    expect(r).toEqual({ status: 'pass', reason: 'home page 302, login page 200, health endpoint 204' });
  });

  it('fails once per failing page: a 500, a refused connection, a redirecting health endpoint', () => {
    const r = run({ appHome: ex('https://app/', 500), loginPage: ex('https://app/login', undefined, 'ECONNREFUSED'), apiHealth: ex('https://api/health', 301) });
    expect(r.status).toBe('fail');
    if (r.status !== 'fail') return;
    expect(r.findings.map((f) => f.title)).toEqual([
      'The home page answers 500',
      'The login page does not answer',
      'The health endpoint answers 301',
    ]);
    expect(r.findings.map((f) => f.identity)).toEqual([['appHome'], ['loginPage'], ['apiHealth']]);
    expect(r.findings[0]!.location).toEqual({ url: 'https://app/' });
  });

  it('is an error, not three findings, when nothing answers at all (the coverage block says why once)', () => {
    const r = run({ appHome: ex('https://app/'), loginPage: ex('https://app/login'), apiHealth: ex('https://api/health', undefined, 'ETIMEDOUT') });
    expect(r).toEqual({ status: 'error', reason: 'none of home, login page and health answered: the app could not be reached' });
  });

  it('a guessed /login (no monitor.loginPath) that answers 404 is no finding: an API signs in without a page', () => {
    const r = run({ appHome: ex('https://app/', 200), loginPage: ex('https://app/login', 404), loginPageDeclared: false, apiHealth: ex('https://api/health', 200) });
    expect(r.status).toBe('pass');
    expect(r.reason).toMatch(/^home page 200, health endpoint 200; login page not judged: https:\/\/app\/login answers 404 and monitor\.loginPath is not set/);
  });

  it('a guessed /login that answers 500 is still a finding, and a declared one that answers 404 is too', () => {
    const guessed = run({ appHome: ex('https://app/', 200), loginPage: ex('https://app/login', 500), loginPageDeclared: false });
    expect(guessed.status === 'fail' && guessed.findings.map((f) => f.title)).toEqual(['The login page answers 500']);
    const declared = run({ appHome: ex('https://app/', 200), loginPage: ex('https://app/login', 404), loginPageDeclared: true });
    expect(declared.status === 'fail' && declared.findings.map((f) => f.title)).toEqual(['The login page answers 404']);
  });

  it('is not applicable with nothing to request', () => {
    expect(run({}).status).toBe('not-applicable');
  });
});
