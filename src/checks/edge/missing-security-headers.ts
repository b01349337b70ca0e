// The response headers that make a browser refuse to sniff content types,
// refuse to frame the app and limit script sources. Judged on the API's
// health response and on the app's home page (framing and CSP only matter for
// HTML). HSTS is hsts-weak's job: it looks at every host, not just these two.
// Only responses that carry content are judged: a browser renders, sniffs or
// frames a body, never a redirect it follows or a 204/304 without one.
import type { HttpExchange } from '../../evidence/types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

interface Rule {
  id: string;
  label: string;
  severity: Severity;
  htmlOnly: boolean;
  missing(ex: HttpExchange): string | undefined;
  why: string;
  fix: string;
}

const RULES: Rule[] = [
  {
    id: 'x-content-type-options',
    label: 'X-Content-Type-Options',
    severity: 'low',
    htmlOnly: false,
    missing: (ex) => (header(ex, 'x-content-type-options')?.toLowerCase() === 'nosniff' ? undefined : 'no X-Content-Type-Options: nosniff'),
    why: 'Browsers may guess a response is HTML or script and run it.',
    fix: 'Send `X-Content-Type-Options: nosniff` on every response.',
  },
  {
    id: 'frame-protection',
    label: 'clickjacking protection',
    severity: 'medium',
    htmlOnly: true,
    missing(ex) {
      const xfo = header(ex, 'x-frame-options');
      const csp = header(ex, 'content-security-policy') ?? '';
      return xfo || /frame-ancestors/i.test(csp) ? undefined : 'neither X-Frame-Options nor CSP frame-ancestors';
    },
    why: 'Another site can load the app in an invisible frame and trick a signed-in user into clicking (clickjacking).',
    fix: "Send `Content-Security-Policy: frame-ancestors 'none'` (or `X-Frame-Options: DENY`) on HTML pages.",
  },
  {
    id: 'content-security-policy',
    label: 'Content-Security-Policy',
    severity: 'low',
    htmlOnly: true,
    missing: (ex) => (header(ex, 'content-security-policy') ? undefined : 'no Content-Security-Policy'),
    why: 'A Content-Security-Policy limits the damage of any cross-site scripting bug.',
    fix: "Start with `Content-Security-Policy: default-src 'self'` and loosen only what the app needs.",
  },
];

const isHtml = (ex: HttpExchange) => (header(ex, 'content-type') ?? '').includes('text/html');

/** A body a browser would process: not 1xx/204/304, not a redirect it follows, and something to read. */
export function carriesContent(ex: HttpExchange): boolean {
  const r = ex.response;
  if (!r || r.status < 200 || r.status === 204 || r.status === 304) return false;
  if (r.status >= 300 && r.status < 400 && r.headers.location) return false;
  return r.body.length > 0 || Number(r.headers['content-length'] ?? 0) > 0;
}

export default defineCheck({
  meta: {
    id: 'missing-security-headers',
    stage: 3,
    title: 'Responses carry the basic security headers',
    failureTitle: 'Responses lack basic security headers',
    severity: 'medium',
    minimumBar: 'The browser protections are switched on for every response.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Add the headers in one middleware (or at the proxy/CDN) so every response gets them.',
    requires: ['httpProbes'],
  },
  run({ httpProbes }) {
    const responses = [httpProbes.apiHealth, httpProbes.appHome].filter(
      (ex): ex is HttpExchange => ex?.response !== undefined,
    );
    if (responses.length === 0) {
      const errors = [httpProbes.apiHealth, httpProbes.appHome].map((e) => e?.error).filter(Boolean);
      return { status: 'error', reason: `no response to judge: ${errors.join('; ') || 'nothing probed'}` };
    }
    const judged = responses.filter(carriesContent);
    if (judged.length === 0) {
      return { status: 'not-tested', reason: `no response with content to judge: ${responses.map((ex) => `${statusLine(ex)} (no body)`).join('; ')}` };
    }
    const findings: FindingInput[] = [];
    for (const rule of RULES) {
      const offenders = judged.filter((ex) => !rule.htmlOnly || isHtml(ex));
      const failing = offenders.map((ex) => ({ ex, problem: rule.missing(ex) })).filter((o) => o.problem);
      if (failing.length === 0) continue;
      findings.push({
        title: `Missing ${rule.label}: ${failing[0]?.problem}`,
        severity: rule.severity,
        detail: rule.why,
        remediation: rule.fix,
        evidence: failing.map(({ ex, problem }) => httpEvidence(`${statusLine(ex)}: ${problem}`, ex, 0)),
        reproduction: curlFor(failing[0]!.ex),
        location: { url: failing[0]!.ex.request.url },
        identity: [rule.id],
      });
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
