// HTML where JSON was expected is said once, at the top of the coverage
// block, and the checks that only repeat it point there (issue 12 item 7).
// Inline evidence: the counts the probe engine keeps, and the made-up path's answer.
import { describe, expect, it } from 'vitest';
import { defineCheck } from '../../src/checks/types.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { LivenessEvidence } from '../../src/evidence/liveness-types.js';
import { failed, ok, type Evidence, type HttpExchange, type HttpProbes, type RunContext } from '../../src/evidence/types.js';
import { AnswerShapes, expectsJson, isHtmlAnswer } from '../../src/probe/answer-shapes.js';
import { answerProblems } from '../../src/report/answer-problems.js';
import { buildReport } from '../../src/report/build.js';

const API = 'http://127.0.0.1:4567';
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index.js"></script></head><body><div id="root"></div></body></html>';

function exchange(method: string, path: string, status: number, body: string, type: string, accept = 'application/json'): HttpExchange {
  return { request: { method, url: `${API}${path}`, headers: { accept }, role: 'anonymous' }, response: { status, headers: { 'content-type': type }, body, bodyTruncated: false }, durationMs: 1 };
}
const html = (method: string, path: string, status = 200) => exchange(method, path, status, INDEX, 'text/html; charset=utf-8');
const json = (method: string, path: string, status = 200) => exchange(method, path, status, '{"items":[]}', 'application/json');

function counted(exchanges: HttpExchange[]): LivenessEvidence {
  const shapes = new AnswerShapes();
  exchanges.forEach((ex, i) => shapes.observe(API, i + 1, `2025-01-01T00:00:0${i}.000Z`, ex));
  return { origins: [], crashes: [], cleared: [], recoveryMs: 1000, htmlForJson: shapes.evidence() };
}

const fallback: HttpProbes = { appHome: html('GET', '/', 200), notFound: html('GET', '/launchready-probe/does-not-exist'), skipped: {} };
const monolith: HttpProbes = { notFound: html('GET', '/launchready-probe/does-not-exist'), skipped: {} };
const plain404: HttpProbes = { notFound: exchange('GET', '/launchready-probe/does-not-exist', 404, '<html><body>Not Found</body></html>', 'text/html'), skipped: {} };

describe('what the probe engine counts', () => {
  it('only requests that asked for JSON, and HTML by its type or its first bytes', () => {
    expect(expectsJson({ accept: 'application/json' })).toBe(true);
    expect(expectsJson({ accept: 'text/html,application/json' })).toBe(false);
    expect(expectsJson({ accept: '*/*' })).toBe(false);
    expect(isHtmlAnswer(exchange('GET', '/x', 200, INDEX, ''))).toBe(true);
    expect(isHtmlAnswer(exchange('GET', '/x', 200, '<note>xml</note>', 'application/octet-stream'))).toBe(false);
    const ev = counted([json('GET', '/api/a'), html('POST', '/api/login', 405), html('GET', '/api/b'), exchange('GET', '/login', 200, INDEX, 'text/html', 'text/html,application/json')]);
    expect(ev.htmlForJson).toEqual([{ origin: API, expectedJson: 3, html: 2, first: { seq: 2, time: '2025-01-01T00:00:01.000Z', method: 'POST', url: `${API}/api/login`, status: 405 } }]);
  });
});

describe('HTML where JSON was expected', () => {
  const spa = counted([html('POST', '/api/auth/login', 405), html('POST', '/api/auth/login', 405), html('GET', '/api/me'), html('GET', '/api/invoices')]);

  it("an API URL that answers every path with the front end's page is said to serve the front end", () => {
    const [p, ...rest] = answerProblems(ok(spa), ok(fallback));
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ kind: 'api-serves-frontend', origin: API, requests: 4, firstSeq: 1, repeats: ['an HTML page ('] });
    expect(p!.summary).toBe(
      "the API URL http://127.0.0.1:4567 seems to serve the front end, not the API: a made-up path (GET /launchready-probe/does-not-exist) answered 200 with an HTML page, the same page as the app's home, and 4 of 4 requests that asked for JSON got an HTML page, e.g. POST /api/auth/login → 405",
    );
    expect(p!.unlock).toContain('set apiUrl');
  });

  it('a monolith whose unknown paths serve the app, while its API answers JSON, is no problem', () => {
    const works = counted([html('POST', '/api/auth/login', 405), ...Array.from({ length: 6 }, () => json('GET', '/api/items'))]);
    expect(answerProblems(ok(works), ok(monolith))).toEqual([]);
  });

  it('HTML for most JSON requests without the fallback is html-for-json; two pages are a route, not the target', () => {
    expect(answerProblems(ok(spa), ok(plain404)).map((p) => p.kind)).toEqual(['html-for-json']);
    expect(answerProblems(ok(spa), failed('not gathered')).map((p) => p.kind)).toEqual(['html-for-json']);
    expect(answerProblems(ok(counted([html('POST', '/login'), html('POST', '/login')])), ok(fallback))).toEqual([]);
  });

  it('said once: the checks that only repeat it point at the coverage block, and the verdict line names it', () => {
    const loginFailed = 'no role could sign in: login of admin failed: an HTML page (405); login of member failed: an HTML page (405)';
    const checks = ['function-level-thing', 'object-level-thing', 'rate-limit-thing'].map((id) =>
      defineCheck({ meta: { id, stage: 2, title: id, failureTitle: id, severity: 'high', minimumBar: 'm', remediation: 'r', requires: ['accessProbes'] }, run: () => ({ status: 'pass', judged: 1 }) }),
    );
    const ctx: RunContext = { projectName: 'SPA', profile: 'first-customers', productType: 'internal-tool', environment: 'production', appUrl: API, apiUrl: API, setup: { roles: ['admin', 'member'], operations: true, domains: [], allowWrites: false, caFile: false } };
    const results = runChecks(checks as never, { accessProbes: failed(loginFailed) } as Evidence, ctx);
    const ledger = [{ seq: 1, time: '2025-01-01T00:00:00.000Z', method: 'POST', url: `${API}/api/auth/login`, role: 'admin', purpose: 'log in', status: 405, durationMs: 1 }];
    const r = buildReport({ ctx, version: '0', checks: results, map: { domains: [], environments: [] }, ledger, notes: [], problems: answerProblems(ok(spa), ok(fallback)) });
    expect(r.verdict).toBe('incomplete');
    expect(r.verdictLine).toBe('NOT VERIFIED — access control was not tested: the API URL serves the front end');
    expect(r.coverage.targetProblems.map((p) => p.kind)).toEqual(['api-serves-frontend']);
    expect(r.coverage.targetProblems[0]).not.toHaveProperty('repeats');
    for (const c of r.checks) {
      expect(c.reason).toBe(`the API URL serves the front end: ${API} (see Coverage)`);
      expect(c.unlock).toContain('set apiUrl');
    }
    expect(JSON.stringify(r).match(/an HTML page \(/g)).toBeNull();
  });
});
