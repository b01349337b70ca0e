import { describe, expect, it } from 'vitest';
import check from '../../src/checks/edge/http-not-redirected-to-https.js';
import type { RedirectChain } from '../../src/evidence/edge-types.js';
import { CTX, engineRun } from '../helpers/exchange.js';
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

  const refusedHop = (url: string) => first(url, undefined, {}, 'ECONNREFUSED: connect ECONNREFUSED');
  const httpsUp = (host: string) => chain('https', [hop(`https://${host}/`, 200)]);
  const engine = (...chains: RedirectChain[]) => engineRun(check, { edgeHttp: edgeHttp({ chains }) });

  it('passes when nothing listens on plain HTTP but the host answers on https', () => {
    const r = engine(refusedHop('http://app.example.test/'), httpsUp('app.example.test'));
    expect(r.status).toBe('pass');
    expect(r.judged).toEqual({ count: 1, of: 1 });
  });

  it('nothing listening anywhere is never a pass: nothing was judged', () => {
    const r = engine(refusedHop('http://app.example.test/'), refusedHop('http://api.example.test/'), chain('https', [hop('https://app.example.test/', undefined, {}, 'ECONNREFUSED')], 'error'));
    expect(r.status).toBe('not-tested');
    expect(r.reason).toContain('0 of 2 hosts');
    expect(r.reason).toContain('app.example.test answers neither http nor https');
  });

  it('one host judged of two is not a pass either: the check says every host', () => {
    const r = engine(first('http://app.example.test/', 301, { location: 'https://app.example.test/' }), first('http://gone.example.test/', undefined, {}, 'ENOTFOUND: gone.example.test does not resolve'));
    expect(r.status).toBe('not-tested');
    expect(r.reason).toContain('1 of 2 hosts');
    expect(r.reason).toContain('gone.example.test does not resolve');
  });

  it('a failed DNS lookup is an error, not "nothing listens"', () => {
    const r = engine(first('http://app.example.test/', undefined, {}, 'EAI_AGAIN: DNS lookup of app.example.test failed (SERVFAIL)'), httpsUp('app.example.test'));
    expect(r.status).toBe('error');
  });

  it('is an error when the probe timed out', () => {
    expect(run(first('http://app.example.test/', undefined, {}, 'timed out')).status).toBe('error');
  });

  it('is not applicable when no host is on https', () => {
    expect(run().status).toBe('not-applicable');
  });
});
