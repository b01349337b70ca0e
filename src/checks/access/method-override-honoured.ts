// Method-override headers (X-HTTP-Method-Override and friends, or ?_method=)
// turn a POST or even a GET into a DELETE, past proxies, WAF rules and CSRF
// defences that look at the real method. Judged by reading the object back.
import { defineCheck } from '../types.js';
import { judge, list, reproduce, stepsEvidence, url } from './support.js';

export default defineCheck({
  meta: {
    id: 'method-override-honoured',
    stage: 6,
    title: 'Method-override headers are ignored',
    failureTitle: 'Method-override headers are honoured',
    severity: 'medium',
    minimumBar: 'Only the right people can do the right things: no way around method-based rules.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Remove method-override middleware, or restrict it to POST from your own front end and never to GET; check authorization on the effective method.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['method-override'],
      needsAllRoles: false,
      passNote: 'override attempts left the object in place',
      verdict: (t) => (t.facts.deleted === true ? 'vulnerable' : typeof t.facts.readBackStatus === 'number' ? 'safe' : 'inconclusive'),
      groupKey: () => 'override',
      finding: (g) => {
        const t = g[0]!;
        const viaGet = g.some((x) => x.variant.includes('GET'));
        return {
          title: `Method override honoured (${list(g.map((x) => x.variant))})`,
          severity: viaGet ? 'high' : 'medium',
          detail: `A ${viaGet ? 'GET' : 'POST'} carrying a method override deleted the object (${t.target}; read back: ${t.facts.readBackStatus}). ${viaGet ? 'A GET that deletes can be triggered by an image tag on any page.' : ''}`.trim(),
          evidence: g.flatMap((x) => stepsEvidence(x)).slice(0, 6),
          reproduction: reproduce(t),
          location: { url: url(t) },
          identity: ['method-override'],
        };
      },
    });
  },
});
