import { describe, expect, it } from 'vitest';
import check from '../../src/checks/edge/http-not-redirected-to-https.js';
import type { RedirectChain } from '../../src/evidence/edge-types.js';
import { CTX } from '../helpers/exchange.js';
import { chain, edgeHttp, hop } from '../helpers/edge.js';

const run = (...chains: RedirectChain[]) => check.run({ edgeHttp: edgeHttp({ chains }) }, CTX);
const first = (url: string, status: number | undefined, headers: Record<string, string> = {}, error?: string) =>
  chain('http-to-https', [hop(url, status, headers, error)], error ? 'error' : 'final');

describe('http-not-redirected-to-https', () => {
  it('passes on a 301 to https on the same host, for every host', () => {
    const out = run(
      first('http://app.example.test/', 301, { location: 'https://app.example.test/' }),
      first('http://api.example.test/', 308, { location: 'https://api.example.test/' }),
    );
    expect(out.status).toBe('pass');
  });

  it('fails, once per host, when plain HTTP serves the app', () => {
    const out = run(first('http://app.example.test/', 200), first('http://api.example.test/', 301, { location: 'https://api.example.test/' }));
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.title).toContain('app.example.test serves the app over plain HTTP (200)');
    expect(out.findings[0]?.reproduction).toMatch(/^curl -i 'http:\/\/app\.example\.test\/'$/);
  });

  it('fails when the first hop goes to another host or stays on http', () => {
    const other = run(first('http://app.example.test/', 302, { location: 'https://evil.example/' }));
    const plain = run(first('http://app.example.test/', 301, { location: 'http://app.example.test/login' }));
    expect(other.status).toBe('fail');
    expect(plain.status).toBe('fail');
    if (other.status === 'fail') expect(other.findings[0]?.severity).toBe('medium');
  });

  it('passes when nothing listens on plain HTTP', () => {
    expect(run(first('http://app.example.test/', undefined, {}, 'ECONNREFUSED: connect ECONNREFUSED')).status).toBe('pass');
  });

  it('is an error when the probe timed out', () => {
    expect(run(first('http://app.example.test/', undefined, {}, 'timed out')).status).toBe('error');
  });

  it('is not applicable when no host is on https', () => {
    expect(run().status).toBe('not-applicable');
  });
});
