// Unit tests of the HTTP edge checks with inline evidence.
import { describe, expect, it } from 'vitest';
import apiResponseCacheable from '../../src/checks/edge/api-response-cacheable.js';
import hstsWeak from '../../src/checks/edge/hsts-weak.js';
import legacyRedirectWrongTarget from '../../src/checks/edge/legacy-redirect-wrong-target.js';
import mixedContent from '../../src/checks/edge/mixed-content.js';
import originExposedBesideCdn from '../../src/checks/edge/origin-exposed-beside-cdn.js';
import redirectChainBroken from '../../src/checks/edge/redirect-chain-broken.js';
import type { EdgeHttpEvidence } from '../../src/evidence/edge-types.js';
import { CTX, engineRun } from '../helpers/exchange.js';
import { chain, edgeHttp, hop } from '../helpers/edge.js';

type Out = { status: string; findings?: { title: string; severity?: string; identity: string[] }[]; reason?: string };
const run = (check: { run: (e: never, c: typeof CTX) => unknown }, ev: EdgeHttpEvidence) => check.run({ edgeHttp: ev } as never, CTX) as Out;
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

describe('redirect-chain-broken', () => {
  it('passes a clean http → https chain', () => {
    const c = chain('http-to-https', [hop('http://app.example.test/', 301, { location: 'https://app.example.test/' }), hop('https://app.example.test/', 200)]);
    expect(run(redirectChainBroken, edgeHttp({ chains: [c] })).status).toBe('pass');
  });
  it('flags a loop, the hop limit and a downgrade, and leaves the first plain-HTTP hop to http-not-redirected-to-https', () => {
    const served = chain('http-to-https', [hop('http://a.example.test/', 200)]);
    const loop = chain('https', [hop('https://b.example.test/', 302, { location: '/x' }), hop('https://b.example.test/x', 302, { location: '/' })], 'loop');
    const limit = chain('https', [hop('https://c.example.test/', 302, { location: '/1' })], 'hop-limit');
    const down = chain('https', [hop('https://d.example.test/', 301, { location: 'http://d.example.test/' }), hop('http://d.example.test/', 200)]);
    const out = run(redirectChainBroken, edgeHttp({ chains: [served, loop, limit, down] }));
    expect(out.findings?.map((f) => f.identity[0])).toEqual(['loop', 'hop-limit', 'downgrade']);
  });
  it('a refused plain-HTTP port on a host that answers https is left out; a timeout is an error', () => {
    const closed = chain('http-to-https', [hop('http://a.example.test/', undefined, {}, 'ECONNREFUSED: connect')], 'error');
    const up = chain('https', [hop('https://a.example.test/', 200)]);
    const r = engineRun(redirectChainBroken, { edgeHttp: edgeHttp({ chains: [closed, up] }) });
    expect(r.status).toBe('pass');
    expect(r.judged).toEqual({ count: 1, of: 1 });
    expect(run(redirectChainBroken, edgeHttp({ chains: [chain('http-to-https', [hop('http://a.example.test/', undefined, {}, 'timed out')], 'error')] })).status).toBe('error');
  });
  it('nothing listening on any host is not a pass, and a failed DNS lookup is an error', () => {
    const refused = (url: string) => chain(url.startsWith('https') ? 'https' : 'http-to-https', [hop(url, undefined, {}, 'ECONNREFUSED: connect ECONNREFUSED')], 'error');
    const dead = engineRun(redirectChainBroken, { edgeHttp: edgeHttp({ chains: ['http://a.example.test/', 'https://a.example.test/', 'http://b.example.test/', 'https://b.example.test/'].map(refused) }) });
    expect(dead.status).toBe('not-tested');
    expect(dead.reason).toContain('0 of 4 redirect chains');
    const dnsDown = chain('https', [hop('https://a.example.test/', undefined, {}, 'EAI_AGAIN: DNS lookup of a.example.test failed (CONNREFUSED)')], 'error');
    expect(engineRun(redirectChainBroken, { edgeHttp: edgeHttp({ chains: [dnsDown] }) }).status).toBe('error');
  });
  it('warns on a long but working chain', () => {
    const hops = [1, 2, 3, 4].map((i) => hop(`https://e.example.test/${i}`, 301, { location: `/${i + 1}` }));
    const out = run(redirectChainBroken, edgeHttp({ chains: [chain('https', [...hops, hop('https://e.example.test/5', 200)])] }));
    expect(out.status).toBe('warn');
  });
});

describe('legacy-redirect-wrong-target', () => {
  const to = 'https://app.example.test/';
  it('passes when the chain lands on the target', () => {
    const c = chain('legacy', [hop('http://old.example.test/', 301, { location: to }), hop(to, 200)], 'final', to);
    expect(run(legacyRedirectWrongTarget, edgeHttp({ chains: [c] })).status).toBe('pass');
  });
  it('fails when it lands elsewhere or nowhere', () => {
    const elsewhere = chain('legacy', [hop('http://old.example.test/', 200)], 'final', to);
    const nowhere = chain('legacy', [hop('http://old2.example.test/', undefined, {}, 'ECONNREFUSED')], 'error', to);
    expect(run(legacyRedirectWrongTarget, edgeHttp({ chains: [elsewhere, nowhere] })).findings).toHaveLength(2);
  });
  it('is not applicable without configured redirects', () => expect(run(legacyRedirectWrongTarget, edgeHttp()).status).toBe('not-applicable'));
});

describe('hsts-weak', () => {
  it('passes with a year and includeSubDomains; notes its absence in the reason', () => {
    expect(run(hstsWeak, edgeHttp({ chains: [chain('https', [hop('https://a.example.test/', 200, HSTS)])] })).status).toBe('pass');
    const noSub = run(hstsWeak, edgeHttp({ chains: [chain('https', [hop('https://a.example.test/', 200, { 'strict-transport-security': 'max-age=63072000' })])] }));
    expect(noSub).toMatchObject({ status: 'pass', reason: expect.stringMatching(/includeSubDomains: a\.example\.test/) });
  });
  it('fails when missing (high), short (medium) or zero (high)', () => {
    const out = run(
      hstsWeak,
      edgeHttp({
        chains: [
          chain('https', [hop('https://a.example.test/', 200)]),
          chain('https', [hop('https://b.example.test/', 200, { 'strict-transport-security': 'max-age=600' })]),
          chain('https', [hop('https://c.example.test/', 200, { 'strict-transport-security': 'max-age=0' })]),
        ],
      }),
    );
    expect(out.findings?.map((f) => f.severity ?? 'high')).toEqual(['high', 'medium', 'high']);
  });
  it('is an error when no HTTPS host answered', () => {
    expect(run(hstsWeak, edgeHttp({ chains: [chain('https', [hop('https://a.example.test/', undefined, {}, 'timed out')], 'error')] })).status).toBe('error');
  });
});

describe('mixed-content', () => {
  const page = (mixed: EdgeHttpEvidence['pages'][number]['mixed']) => ({
    host: 'app.example.test',
    url: 'https://app.example.test/',
    exchange: hop('https://app.example.test/', 200, { 'content-type': 'text/html' }),
    truncated: false,
    mixed,
  });
  it('fails on scripts and forms over http, warns on images only, passes clean pages', () => {
    expect(run(mixedContent, edgeHttp({ pages: [page([{ tag: 'script', attr: 'src', url: 'http://x.test/a.js', kind: 'active' }])] })).status).toBe('fail');
    expect(run(mixedContent, edgeHttp({ pages: [page([{ tag: 'img', attr: 'src', url: 'http://x.test/a.png', kind: 'passive' }])] })).status).toBe('warn');
    expect(run(mixedContent, edgeHttp({ pages: [page([])] })).status).toBe('pass');
    expect(run(mixedContent, edgeHttp()).status).toBe('not-applicable');
  });
});

describe('api-response-cacheable', () => {
  const sample = (headers: Record<string, string>, authenticated = false) => ({ exchange: hop('https://api.example.test/api/me', 200, headers), authenticated });
  it('passes no-store responses', () => expect(run(apiResponseCacheable, edgeHttp({ apiResponses: [sample({ 'cache-control': 'no-store' }, true)] })).status).toBe('pass'));
  it('is critical when a signed-in response came from a CDN cache', () => {
    const out = run(apiResponseCacheable, edgeHttp({ apiResponses: [sample({ 'cf-cache-status': 'HIT', 'cache-control': 'max-age=60' }, true)] }));
    expect(out).toMatchObject({ status: 'fail', findings: [{ severity: 'critical' }] });
  });
  it('fails a signed-in response marked public, warns on unmarked ones', () => {
    expect(run(apiResponseCacheable, edgeHttp({ apiResponses: [sample({ 'cache-control': 'public, max-age=600' }, true)] })).status).toBe('fail');
    expect(run(apiResponseCacheable, edgeHttp({ apiResponses: [sample({})] })).status).toBe('warn');
  });
  it('is an error when no API response arrived', () => {
    expect(run(apiResponseCacheable, edgeHttp({ apiResponses: [{ exchange: hop('https://api.example.test/health', undefined, {}, 'timed out'), authenticated: false }] })).status).toBe('error');
  });
});

describe('origin-exposed-beside-cdn', () => {
  const cdn = [{ host: 'app.example.test', provider: 'Cloudflare', signal: 'cf-ray: x' }];
  const probe = (answers: boolean) => ({ proxiedHost: 'app.example.test', cdn: 'Cloudflare', viaHost: 'mail.example.test', address: '192.0.2.7', port: 443, answers, detail: '' });
  const go = (answers: boolean[], c = cdn) => originExposedBesideCdn.run({ tls: { hosts: [], originProbes: answers.map(probe) }, edgeHttp: edgeHttp({ cdn: c }) }, CTX) as Out;
  it('fails when an unproxied address serves the CDN host', () => expect(go([true]).status).toBe('fail'));
  it('passes when none does, and is n/a without a CDN', () => {
    expect(go([false]).status).toBe('pass');
    expect(go([], []).status).toBe('not-applicable');
  });
});
