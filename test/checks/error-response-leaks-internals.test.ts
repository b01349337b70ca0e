import { describe, expect, it } from 'vitest';
import check from '../../src/checks/deploy/error-response-leaks-internals.js';
import { CTX, exchange, probes } from '../helpers/exchange.js';

const STACK = `SyntaxError: Unexpected end of JSON input
    at JSON.parse (<anonymous>)
    at parse (/srv/acme/node_modules/body-parser/lib/types/json.js:92:19)
    at invokeCallback (/srv/acme/node_modules/raw-body/index.js:238:16)`;

describe('error-response-leaks-internals', () => {
  it('passes on short JSON errors without banners', () => {
    const out = check.run(
      {
        httpProbes: probes({
          notFound: exchange('https://api.example.test/x', 404, { body: '{"error":"not found"}' }),
          malformedJson: exchange('https://api.example.test/api/login', 400, { method: 'POST', body: '{"error":"bad request"}' }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('pass');
  });

  it('reports a stack trace once, with every probe that leaked it', () => {
    const out = check.run(
      {
        httpProbes: probes({
          malformedJson: exchange('https://api.example.test/api/login', 400, { method: 'POST', body: STACK }),
          malformedParam: exchange('https://api.example.test/api/invoices/%E0%A4%A', 400, { body: `URIError: Failed to decode param\n    at decode_param (/srv/acme/node_modules/express/lib/router/layer.js:172:13)` }),
          notFound: exchange('https://api.example.test/x', 404, { body: 'Cannot GET /x' }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    const stack = out.findings.filter((f) => f.identity[0] === 'stack-trace');
    expect(stack).toHaveLength(1);
    expect(stack[0]?.evidence).toHaveLength(2);
    expect(stack[0]?.severity).toBe('high');
  });

  it('reports X-Powered-By as a low banner finding, and a versionless Server header not at all', () => {
    const out = check.run(
      {
        httpProbes: probes({
          apiHealth: exchange('https://api.example.test/health', 200, { headers: { 'x-powered-by': 'Express', server: 'nginx' }, body: '{}' }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]?.severity).toBe('low');
    expect(out.findings[0]?.identity).toEqual(['banner', 'x-powered-by']);
  });

  it('flags a Server header with a version', () => {
    const out = check.run(
      { httpProbes: probes({ apiHealth: exchange('https://api.example.test/health', 200, { headers: { server: 'nginx/1.18.0' } }) }) },
      CTX,
    );
    expect(out.status).toBe('fail');
  });

  it('is an error when nothing answered', () => {
    const out = check.run({ httpProbes: probes({ notFound: exchange('https://api.example.test/x', undefined, { error: 'timed out' }) }) }, CTX);
    expect(out.status).toBe('error');
  });
});
