// Plain HTTP must not serve the app: the first hop from http:// has to be a
// redirect to https:// on the same host. If nothing listens on plain HTTP at
// all, there is nothing to strip and the check passes with that note.
import { defineCheck } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export default defineCheck({
  meta: {
    id: 'http-not-redirected-to-https',
    stage: 3,
    title: 'Plain HTTP redirects to HTTPS',
    failureTitle: 'Plain HTTP does not redirect to HTTPS',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Answer every plain-HTTP request with a 301 to the same host and path on https:// (at the load balancer or CDN), and add HSTS.',
    requires: ['httpProbes'],
  },
  run({ httpProbes }) {
    const ex = httpProbes.plainHttp;
    if (!ex) return { status: 'not-applicable', reason: httpProbes.skipped.plainHttp ?? 'no plain-HTTP origin to test' };
    if (ex.error) {
      if (/ECONNREFUSED/.test(ex.error)) return { status: 'pass', reason: 'nothing answers on plain HTTP' };
      return { status: 'error', reason: `plain HTTP probe failed: ${ex.error}` };
    }
    const status = ex.response!.status;
    const from = new URL(ex.request.url);
    if (REDIRECTS.has(status)) {
      const location = header(ex, 'location') ?? '';
      let to: URL | undefined;
      try {
        to = new URL(location, ex.request.url);
      } catch {
        to = undefined;
      }
      if (to?.protocol === 'https:' && to.hostname === from.hostname) return { status: 'pass', reason: `${status} to ${to.origin}` };
      return {
        status: 'fail',
        findings: [
          {
            title: `Plain HTTP redirects to ${location || 'nowhere'} instead of HTTPS on the same host`,
            severity: 'medium',
            detail: 'The first hop from http:// should go straight to https:// on the same host; anything else leaves a window where cookies and HSTS do not apply.',
            evidence: [httpEvidence(statusLine(ex), ex, 0)],
            reproduction: curlFor(ex),
            location: { url: ex.request.url },
            identity: ['wrong-target', from.hostname],
          },
        ],
      };
    }
    return {
      status: 'fail',
      findings: [
        {
          title: `${from.host} serves the app over plain HTTP (${status}) instead of redirecting`,
          detail: 'Pages, logins and cookies travel unencrypted: anyone on the same network can read or change them.',
          evidence: [httpEvidence(statusLine(ex), ex, 300)],
          reproduction: curlFor(ex),
          location: { url: ex.request.url },
          identity: ['served', from.hostname],
        },
      ],
    };
  },
});
