import { describe, expect, it } from 'vitest';
import check from '../../src/checks/edge/missing-security-headers.js';
import { CTX, exchange, probes } from '../helpers/exchange.js';

const GOOD_API = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'content-type': 'application/json',
};
const GOOD_HTML = {
  ...GOOD_API,
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'",
};

describe('missing-security-headers', () => {
  it('passes with HSTS, nosniff, and CSP with frame-ancestors on HTML', () => {
    const out = check.run(
      {
        httpProbes: probes({
          apiHealth: exchange('https://api.example.test/health', 200, { headers: GOOD_API }),
          appHome: exchange('https://app.example.test/', 200, { headers: GOOD_HTML }),
        }),
      },
      CTX,
    );
    expect(out).toEqual({ status: 'pass' });
  });

  it('reports each missing header once, HSTS as high', () => {
    const out = check.run(
      {
        httpProbes: probes({
          apiHealth: exchange('https://api.example.test/health', 200, { headers: { 'content-type': 'application/json' } }),
          appHome: exchange('https://app.example.test/', 200, { headers: { 'content-type': 'text/html' } }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    const titles = out.findings.map((f) => f.title);
    expect(titles).toHaveLength(4);
    expect(out.findings.find((f) => f.identity[0] === 'strict-transport-security')?.severity).toBe('high');
    expect(out.findings.find((f) => f.identity[0] === 'strict-transport-security')?.evidence).toHaveLength(2);
  });

  it('flags an HSTS max-age under a year', () => {
    const out = check.run(
      {
        httpProbes: probes({
          apiHealth: exchange('https://api.example.test/health', 200, {
            headers: { ...GOOD_API, 'strict-transport-security': 'max-age=300' },
          }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]?.title).toContain('max-age is 300');
  });

  it('does not ask for HSTS over plain http', () => {
    const out = check.run(
      { httpProbes: probes({ apiHealth: exchange('http://api.example.test/health', 200, { headers: { 'x-content-type-options': 'nosniff' } }) }) },
      CTX,
    );
    expect(out.status).toBe('pass');
  });

  it('is an error when no probe got a response', () => {
    const out = check.run(
      { httpProbes: probes({ apiHealth: exchange('https://api.example.test/health', undefined, { error: 'timed out' }) }) },
      CTX,
    );
    expect(out.status).toBe('error');
  });
});
