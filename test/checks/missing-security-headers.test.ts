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
  it('passes with nosniff, and CSP with frame-ancestors on HTML', () => {
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

  it('reports each missing header once, listing every response that lacked it', () => {
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
    expect(out.findings.map((f) => f.identity[0])).toEqual(['x-content-type-options', 'frame-protection', 'content-security-policy']);
    expect(out.findings[0]?.evidence).toHaveLength(2);
    expect(out.findings.find((f) => f.identity[0] === 'frame-protection')?.severity).toBe('medium');
  });

  it('does not ask an API JSON response for framing or CSP', () => {
    const out = check.run(
      { httpProbes: probes({ apiHealth: exchange('https://api.example.test/health', 200, { headers: GOOD_API }) }) },
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
