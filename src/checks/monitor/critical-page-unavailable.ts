// The smoke check's core: the three pages a launch cannot do without must
// answer right now. Home and login may redirect (to a canonical host, or to
// the sign-in page); health must answer 2xx, since a health endpoint that
// redirects or errors tells a load balancer nothing. A network failure is a
// finding too: to a customer, "refused" and "500" are the same outage.
import type { HttpExchange } from '../../evidence/types.js';
import { curlFor, httpEvidence, statusLine } from '../support/http.js';
import { defineCheck, type FindingInput } from '../types.js';

const PAGES = [
  { key: 'appHome', label: 'home page', accept: (s: number) => s < 400 },
  { key: 'loginPage', label: 'login page', accept: (s: number) => s < 400 },
  { key: 'apiHealth', label: 'health endpoint', accept: (s: number) => s >= 200 && s < 300 },
] as const;

export default defineCheck({
  meta: {
    id: 'critical-page-unavailable',
    stage: 5,
    title: 'Home, login page and health answer',
    failureTitle: 'A launch-critical page does not answer',
    severity: 'critical',
    minimumBar: 'The home page, the login page and the API health endpoint answer after every deploy.',
    remediation:
      'Find why the page fails (the app\'s logs for a 5xx, the proxy for a refused connection), fix it or roll back the last deploy, and keep an uptime check on it (`launchready monitor`).',
    requires: ['httpProbes'],
  },
  run({ httpProbes }) {
    const seen: string[] = [];
    const findings: FindingInput[] = [];
    for (const page of PAGES) {
      const ex: HttpExchange | undefined = httpProbes[page.key];
      if (!ex) continue;
      const status = ex.response?.status;
      if (status !== undefined && page.accept(status)) {
        seen.push(`${page.label} ${status}`);
        continue;
      }
      findings.push({
        title: `The ${page.label} ${status === undefined ? 'does not answer' : `answers ${status}`}`,
        detail:
          status === undefined
            ? `${ex.request.url} could not be reached. Customers see an error page or a spinner.`
            : `${ex.request.url} answered ${status}${page.key === 'apiHealth' ? ', not 2xx' : ''}. Customers ${page.key === 'loginPage' ? 'cannot sign in' : page.key === 'apiHealth' ? 'and load balancers see a broken API' : 'see an error instead of the app'}.`,
        evidence: [httpEvidence(statusLine(ex), ex, 300)],
        reproduction: curlFor(ex),
        location: { url: ex.request.url },
        identity: [page.key],
      });
    }
    // Nothing answered at all: the target is unreachable, which the coverage
    // block says once (and makes the verdict incomplete); repeating the
    // connection error as three findings would only bury it.
    const probed = PAGES.map((p) => httpProbes[p.key]).filter((x): x is HttpExchange => Boolean(x));
    if (probed.length && probed.every((x) => !x.response)) {
      return { status: 'error', reason: `none of ${probed.length === 3 ? 'home, login page and health' : 'the pages'} answered: the app could not be reached` };
    }
    if (findings.length) return { status: 'fail', findings };
    if (seen.length === 0) return { status: 'not-applicable', reason: 'no appUrl or apiUrl to request' };
    return { status: 'pass', reason: seen.join(', ') };
  },
});
