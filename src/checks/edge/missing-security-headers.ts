// The response headers that make a browser enforce HTTPS, refuse to sniff
// content types and refuse to frame the app. Judged on the API's health
// response and on the app's home page (framing and CSP only matter for HTML).
import type { HttpExchange } from '../../evidence/types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

const ONE_YEAR = 31_536_000;

interface Rule {
  id: string;
  label: string;
  severity: Severity;
  htmlOnly: boolean;
  httpsOnly: boolean;
  missing(ex: HttpExchange): string | undefined;
  why: string;
  fix: string;
}

const RULES: Rule[] = [
  {
    id: 'strict-transport-security',
    label: 'HSTS',
    severity: 'high',
    htmlOnly: false,
    httpsOnly: true,
    missing(ex) {
      const v = header(ex, 'strict-transport-security');
      if (!v) return 'no Strict-Transport-Security header';
      const age = Number(/max-age\s*=\s*"?(\d+)/i.exec(v)?.[1] ?? 0);
      return age < ONE_YEAR ? `Strict-Transport-Security max-age is ${age}, under one year` : undefined;
    },
    why: 'Without HSTS a browser will still try plain HTTP first, so anyone on the same Wi-Fi can strip HTTPS and read passwords and session cookies.',
    fix: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response.',
  },
  {
    id: 'x-content-type-options',
    label: 'X-Content-Type-Options',
    severity: 'low',
    htmlOnly: false,
    httpsOnly: false,
    missing: (ex) => (header(ex, 'x-content-type-options')?.toLowerCase() === 'nosniff' ? undefined : 'no X-Content-Type-Options: nosniff'),
    why: 'Browsers may guess a response is HTML or script and run it.',
    fix: 'Send `X-Content-Type-Options: nosniff` on every response.',
  },
  {
    id: 'frame-protection',
    label: 'clickjacking protection',
    severity: 'medium',
    htmlOnly: true,
    httpsOnly: false,
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
    httpsOnly: false,
    missing: (ex) => (header(ex, 'content-security-policy') ? undefined : 'no Content-Security-Policy'),
    why: 'A Content-Security-Policy limits the damage of any cross-site scripting bug.',
    fix: "Start with `Content-Security-Policy: default-src 'self'` and loosen only what the app needs.",
  },
];

const isHtml = (ex: HttpExchange) => (header(ex, 'content-type') ?? '').includes('text/html');
const isHttps = (ex: HttpExchange) => ex.request.url.startsWith('https:');

export default defineCheck({
  meta: {
    id: 'missing-security-headers',
    stage: 3,
    title: 'Responses carry the basic security headers',
    failureTitle: 'Responses lack basic security headers',
    severity: 'medium',
    minimumBar: 'HTTPS everywhere, enforced by HSTS; the browser protections are switched on.',
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
    const findings: FindingInput[] = [];
    for (const rule of RULES) {
      const offenders = responses.filter((ex) => (!rule.htmlOnly || isHtml(ex)) && (!rule.httpsOnly || isHttps(ex)));
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
