// CORS: an arbitrary or `null` Origin reflected together with
// Access-Control-Allow-Credentials: true lets any website read the API as the
// signed-in user. `*` without credentials is informational: browsers never
// send cookies with it. Origins built from the app's own names (a suffix
// without the dot, a prefix, a dot swapped for a letter, http://, a new
// subdomain) catch allow-lists that refuse strangers but match carelessly;
// each one accepted with credentials is its own finding.
import type { Trial } from '../../evidence/access-types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';
import { judge, list, reproduce, stepsEvidence, url } from './support.js';

/** What each crafted origin proves about the allow-list, and how bad it is. */
const CRAFTED: Record<string, { severity: Severity; flaw: (from: string) => string; who: string }> = {
  'crafted-suffix': {
    severity: 'high',
    flaw: (from) => `the allow-list matches the end of the origin without the dot (anything ending in "${from}")`,
    who: 'Anyone can register such a domain',
  },
  'crafted-prefix': {
    severity: 'high',
    flaw: (from) => `the allow-list matches the start of the origin ("${from}" followed by anything)`,
    who: 'Anyone can create such a name under a domain they own',
  },
  'crafted-dot-swap': {
    severity: 'high',
    flaw: (from) => `the allow-list is a regular expression whose "." is not escaped, so any character stands in for the dot in "${from}"`,
    who: 'Anyone can register such a domain',
  },
  'crafted-other-scheme': {
    severity: 'medium',
    flaw: (from) => `the allow-list ignores the scheme: plain-HTTP ${from} is trusted`,
    who: 'Anyone on the network path (public Wi-Fi) can inject a script into a plain-HTTP page of that host',
  },
  'crafted-subdomain': {
    severity: 'medium',
    flaw: (from) => `the allow-list trusts every subdomain of ${from}`,
    who: 'One forgotten subdomain (a dangling CNAME taken over) or an XSS on any subdomain is enough',
  },
};

function craftedFinding(g: Trial[]): FindingInput {
  const t = g[0]!;
  const spec = CRAFTED[t.variant]!;
  const origin = String(t.facts.origin ?? t.facts.allowOrigin);
  const from = String(t.facts.builtFrom ?? '');
  return {
    title: `CORS trusts ${origin} with credentials: ${spec.flaw(from)}`,
    severity: spec.severity,
    detail: `A request with Origin: ${origin} (built from the app's own name ${from}) got it back in Access-Control-Allow-Origin together with Access-Control-Allow-Credentials: true on ${list(g.map((x) => x.target))}, while an unrelated origin was refused. ${spec.who}, and a page there can read the API as any signed-in user who visits it.`,
    remediation: 'Compare the Origin header for exact equality with a fixed list of full origins (scheme, host and port), e.g. a Set lookup; never use endsWith/startsWith/includes or an unanchored, unescaped regular expression.',
    evidence: g.flatMap((x) => stepsEvidence(x)).slice(0, 6),
    reproduction: reproduce(t, 'request'),
    location: { url: url(t, 'request') },
    identity: [t.variant],
  };
}

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
        if (t.variant in CRAFTED) return craftedFinding(g);
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
