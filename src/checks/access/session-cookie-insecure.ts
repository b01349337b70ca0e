// The session cookie the login hands out must carry Secure (never sent over
// plain HTTP), HttpOnly (out of reach of the page's scripts) and SameSite
// (not sent on other websites' requests). Judged on the Set-Cookie of the
// login answers and of the invite-accept answer, per cookie name.
//
// Severity medium, not high: each missing attribute is a second line of
// defence. Exploiting it takes another flaw too (an XSS for HttpOnly, a
// plain-HTTP request on a hostile network for Secure, a state-changing
// endpoint without CSRF protection for SameSite), and the fix is one line, so
// it should be fixed in launch week but need not block the launch.
import type { FactValue, Trial } from '../../evidence/access-types.js';
import { defineCheck } from '../types.js';
import { judge, list, reproduce, stepsEvidence, url } from './support.js';

/** The attributes a session cookie lacks, from the facts the gatherer measured; "SameSite=None" when it is sent cross-site on purpose. */
export function cookieProblems(f: Record<string, FactValue>): string[] {
  const out: string[] = [];
  // Over plain HTTP the browser refuses Secure cookies anyway; the missing HTTPS is the edge checks' finding.
  if (f.secure === false && f.https === true) out.push('Secure');
  if (f.httpOnly === false) out.push('HttpOnly');
  if (f.sameSite === null) out.push('SameSite');
  if (f.sameSite === 'None') out.push('SameSite=None');
  return out;
}

const WHY: Record<string, string> = {
  Secure: 'without Secure the browser also sends it over plain HTTP, where anyone on the network (café Wi-Fi) can copy it',
  HttpOnly: 'without HttpOnly any script on the page, including one injected through an XSS bug, can read and send it away',
  SameSite: 'without SameSite, browsers that do not default to Lax send it on requests other websites make (CSRF)',
  'SameSite=None': 'SameSite=None sends it on requests from every other website (CSRF), which only a cross-site embed needs',
};

function title(cookie: string, problems: string[]): string {
  const missing = problems.filter((p) => p !== 'SameSite=None');
  const none = problems.includes('SameSite=None');
  return `Session cookie ${cookie} is set ${[missing.length ? `without ${list(missing)}` : '', none ? 'with SameSite=None' : ''].filter(Boolean).join(' and ')}`;
}

export default defineCheck({
  meta: {
    id: 'session-cookie-insecure',
    stage: 2,
    title: 'The session cookie is Secure, HttpOnly and SameSite',
    failureTitle: 'The session cookie lacks Secure, HttpOnly or SameSite',
    severity: 'medium',
    minimumBar: 'Sessions are protected in transit and in the browser.',
    owasp: 'API2:2023 Broken Authentication',
    remediation: 'Set the session cookie with `Secure; HttpOnly; SameSite=Lax` (or Strict) and `Path=/`, ideally named with the `__Host-` prefix; use SameSite=None only for a cross-site embed that needs it, and then with CSRF tokens.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    const run = accessProbes.trials.filter((t) => t.family === 'session-cookie' && !t.skipped);
    if (run.length > 0 && run.every((t) => t.facts.cookie === null)) {
      return { status: 'not-applicable', reason: 'the login answer sets no session cookie: the credential travels in a header' };
    }
    if (run.length > 0 && run.every((t) => cookieProblems(t.facts).length > 0 && t.facts.sameAgain !== true)) {
      return { status: 'not-tested', reason: `session cookie ${String(run[0]!.facts.cookie)} lacked ${list(cookieProblems(run[0]!.facts))} on one answer, but no second answer showed the same attributes` };
    }
    return judge(accessProbes, {
      families: ['session-cookie'],
      needsAllRoles: false,
      passNote: 'flow(s) set the session cookie with Secure, HttpOnly and SameSite',
      verdict: (t) => (t.facts.cookie === null ? 'ignore' : cookieProblems(t.facts).length === 0 ? 'safe' : t.facts.sameAgain === true ? 'vulnerable' : 'inconclusive'),
      groupKey: (t) => String(t.facts.cookie),
      finding: (g: Trial[]) => {
        const t = g[0]!;
        const cookie = String(t.facts.cookie);
        const problems = [...new Set(g.flatMap((x) => cookieProblems(x.facts)))];
        const plainHttp = g.some((x) => x.facts.https === false);
        return {
          title: title(cookie, problems),
          detail: `${list(g.map((x) => x.target))} set${g.length === 1 ? 's' : ''} the session cookie \`${cookie}\` (seen on two answers): ${problems.map((p) => WHY[p]).join('; ')}.${plainHttp ? ' Secure was not judged on answers probed over plain HTTP.' : ''}`,
          // A flow's confirmation may be another flow's first answer: each exchange shown once.
          evidence: [...new Map(g.flatMap((x) => stepsEvidence(x)).map((e) => [e.excerpt, e])).values()].slice(0, 4),
          reproduction: reproduce(t, t.variant),
          location: { url: url(t, t.variant) },
          identity: [cookie],
        };
      },
    });
  },
});
