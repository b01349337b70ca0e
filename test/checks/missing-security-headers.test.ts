import { describe, expect, it } from 'vitest';
import check from '../../src/checks/edge/missing-security-headers.js';
import { CTX, exchange as bare, probes } from '../helpers/exchange.js';

// Every response below carries a body unless a test says otherwise: only those are judged.
const exchange = (url: string, status: number | undefined, opts: Parameters<typeof bare>[2] = {}) => bare(url, status, { body: '{}', ...opts });

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

  it('judges nosniff on the responses that carry content, not on a body-less redirect', () => {
    // Several shapes of "nothing for a browser to sniff": a 302 with Location, a 301 with an HTML "Redirecting" body, a 204, a 304.
    for (const empty of [
      bare('https://app.example.test/', 302, { headers: { location: '/login' } }),
      exchange('https://app.example.test/', 301, { headers: { location: '/login', 'content-type': 'text/html' }, body: '<p>Moved</p>' }),
      bare('https://app.example.test/', 204),
      bare('https://app.example.test/', 304),
    ]) {
      const out = check.run({ httpProbes: probes({ apiHealth: exchange('https://api.example.test/health', 200, { headers: GOOD_API }), appHome: empty }) }, CTX);
      expect(out, `${empty.response?.status}`).toEqual({ status: 'pass' });
    }
  });

  it('still judges content: a 404 page or a 200 without nosniff fails next to a clean redirect', () => {
    for (const content of [
      exchange('https://api.example.test/health', 200, { headers: { 'content-type': 'application/json' } }),
      exchange('https://api.example.test/health', 404, { headers: { 'content-type': 'text/plain' }, body: 'not found' }),
      bare('https://api.example.test/health', 200, { headers: { 'content-length': '12' } }),
    ]) {
      const out = check.run({ httpProbes: probes({ apiHealth: content, appHome: bare('https://app.example.test/', 302, { headers: { location: '/login' } }) }) }, CTX);
      expect(out.status).toBe('fail');
      if (out.status !== 'fail') continue;
      expect(out.findings.map((f) => f.identity[0])).toEqual(['x-content-type-options']);
      expect(out.findings[0]!.evidence).toHaveLength(1);
      expect(out.findings[0]!.evidence[0]!.summary).toContain('api.example.test');
    }
  });

  it('is not-tested, with the reason, when no response carries content', () => {
    const out = check.run({ httpProbes: probes({ appHome: bare('https://app.example.test/', 302, { headers: { location: '/login' } }) }) }, CTX);
    expect(out.status).toBe('not-tested');
    if (out.status === 'not-tested') expect(out.reason).toMatch(/302/);
  });
});
