// CORS: an arbitrary or `null` Origin reflected together with
// Access-Control-Allow-Credentials: true lets any website read the API as the
// signed-in user. `*` without credentials is informational: browsers never
// send cookies with it.
import { defineCheck } from '../types.js';
import { judge, list, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'cors-reflects-any-origin',
    stage: 2,
    title: 'CORS allows only known origins',
    failureTitle: 'CORS hands credentialed responses to any website',
    severity: 'high',
    minimumBar: 'Only the right people can do the right things: no cross-site access to the API.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Allow an explicit list of your own origins; never echo the Origin header back, never allow `null`, and send Access-Control-Allow-Credentials only for the listed origins.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['cors'],
      needsAllRoles: false,
      passNote: 'CORS requests from foreign origins were not granted credentials',
      verdict: (t) => ((t.facts.reflected === true && t.facts.allowCredentials === true && t.facts.confirmed === true) || (t.facts.wildcard === true && t.facts.allowCredentials !== true) ? 'vulnerable' : typeof t.facts.status === 'number' ? 'safe' : 'inconclusive'),
      groupKey: (t) => (t.facts.wildcard === true ? 'wildcard' : t.variant),
      finding: (g) => {
        const t = g[0]!;
        if (t.facts.wildcard === true) {
          return {
            title: `CORS allows any origin without credentials on ${list(g.map((x) => x.target))}`,
            severity: 'info',
            detail: '`Access-Control-Allow-Origin: *` without credentials lets other sites read public responses only. Fine for public data; make sure nothing private is served this way.',
            evidence: stepsEvidence(t),
            reproduction: reproduce(t, 'request'),
            location: { url: url(t, 'request') },
            identity: ['wildcard'],
          };
        }
        const origin = t.variant === 'null-origin' ? 'null' : String(t.facts.allowOrigin);
        return {
          title: `CORS reflects the ${t.variant === 'null-origin' ? '`null`' : 'arbitrary'} origin ${origin} with credentials`,
          severity: 'high',
          detail: `A request with Origin: ${origin} got it back in Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true on ${list(g.map((x) => x.target))}. Any web page a signed-in user visits can read the API as that user.`,
          evidence: g.flatMap((x) => stepsEvidence(x)).slice(0, 6),
          reproduction: reproduce(t, 'request'),
          location: { url: url(t, 'request') },
          identity: [t.variant],
        };
      },
    });
  },
});
