import { describe, expect, it } from 'vitest';
import check from '../../src/checks/edge/http-not-redirected-to-https.js';
import { CTX, exchange, probes } from '../helpers/exchange.js';

const run = (plainHttp?: ReturnType<typeof exchange>, skipped: Record<string, string> = {}) =>
  check.run({ httpProbes: probes({ plainHttp, skipped }) }, CTX);

describe('http-not-redirected-to-https', () => {
  it('passes on a 301 to https on the same host', () => {
    const out = run(exchange('http://app.example.test/', 301, { headers: { location: 'https://app.example.test/' } }));
    expect(out.status).toBe('pass');
  });

  it('fails when plain HTTP serves the app', () => {
    const out = run(exchange('http://app.example.test/', 200, { body: '<html>' }));
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]?.title).toContain('serves the app over plain HTTP');
  });

  it('fails when the redirect goes to another host or stays on http', () => {
    const other = run(exchange('http://app.example.test/', 302, { headers: { location: 'https://evil.example/' } }));
    const plain = run(exchange('http://app.example.test/', 301, { headers: { location: 'http://app.example.test/login' } }));
    expect(other.status).toBe('fail');
    expect(plain.status).toBe('fail');
  });

  it('passes when nothing listens on plain HTTP', () => {
    expect(run(exchange('http://app.example.test/', undefined, { error: 'ECONNREFUSED: connect ECONNREFUSED' })).status).toBe('pass');
  });

  it('is an error when the probe timed out', () => {
    expect(run(exchange('http://app.example.test/', undefined, { error: 'timed out' })).status).toBe('error');
  });

  it('is not applicable when there is no plain-HTTP origin', () => {
    expect(run(undefined, { plainHttp: 'not https' }).status).toBe('not-applicable');
  });
});
