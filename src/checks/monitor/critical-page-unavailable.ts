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

/**
 * Answers to a *guessed* path (/login, /health: not written in the config)
 * that mean "no page here" rather than "the page broke": missing, or behind
 * the API's auth wall (401/403), as every unknown path of many APIs is.
 */
const NO_PAGE = new Set([401, 403, 404, 405, 410]);

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
    const notJudged: string[] = [];
    const findings: FindingInput[] = [];
    for (const page of PAGES) {
      const ex: HttpExchange | undefined = httpProbes[page.key];
      if (!ex) continue;
      const status = ex.response?.status;
      // An API or single-page app signs in through POST /api/login and has no login page: a 404 on the
      // guessed /login says nothing is there, not that something broke (critic #3). A declared
      // monitor.loginPath is judged as any other page.
      if (page.key === 'loginPage' && httpProbes.loginPageDeclared === false && status !== undefined && NO_PAGE.has(status)) {
        notJudged.push(
          `login page not judged: ${ex.request.url} answers ${status} and monitor.loginPath is not set, so the app has no login page there (sign-in through an API has none); set monitor.loginPath if it has one elsewhere`,
        );
        continue;
      }
      // Likewise the health endpoint: with api.healthPath unset, /health is a guess; an app without one
      // answers 404, or 401/403 behind its auth wall. Not there is not broken; a 5xx still is.
      if (page.key === 'apiHealth' && httpProbes.healthDeclared === false && status !== undefined && NO_PAGE.has(status)) {
        notJudged.push(
          `health endpoint not judged: ${ex.request.url} answers ${status} and api.healthPath is not set, so /health is only the usual guess; set api.healthPath to the app's health route so deploys and the monitor can check it`,
        );
        continue;
      }
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
    if (seen.length === 0) return { status: 'not-applicable', reason: notJudged[0] ?? 'no appUrl or apiUrl to request' };
    return { status: 'pass', reason: [seen.join(', '), ...notJudged].join('; ') };
  },
});
