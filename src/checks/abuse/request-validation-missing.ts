// Schema-negative payloads (wrong types, missing required fields, oversize
// strings and arrays, invalid JSON, a wrong content type, a huge body) must
// get a 4xx. A 5xx (confirmed by a repeat, where the well-formed body got
// none) means the input reached code that did not expect it; a 2xx counts only when reading back shows the bad value
// was stored; a huge body accepted means there is no size limit.
import type { Trial } from '../../evidence/access-types.js';
import { defineCheck } from '../types.js';
import { curlFor } from '../support/http.js';
import { is2xx, judge, list, reproduce, step, stepsEvidence, url, type Verdict } from '../access/support.js';

const serverError = (s: unknown) => typeof s === 'number' && s >= 500;

function kind(t: Trial): 'crash' | 'stored' | 'no-limit' | undefined {
  // A 5xx counts only where the well-formed body (the control) got none: else every body fails, and the gatherer says so once.
  if (serverError(t.facts.status) && serverError(t.facts.confirmStatus) && !serverError(t.facts.controlStatus)) return 'crash';
  if (t.facts.stored === true) return 'stored';
  if (t.variant === 'huge-body' && is2xx(t.facts.status)) return 'no-limit';
  return undefined;
}

function verdict(t: Trial): Verdict {
  if (kind(t)) return 'vulnerable';
  return typeof t.facts.status === 'number' ? 'safe' : 'inconclusive';
}

export default defineCheck({
  meta: {
    id: 'request-validation-missing',
    stage: 2,
    title: 'Malformed payloads are refused with 4xx',
    failureTitle: 'Malformed payloads crash the server or are stored',
    severity: 'medium',
    minimumBar: 'Input validation on every write.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Validate every request body against a schema before any handler code runs (types, required fields, lengths, additionalProperties: false), cap the body size (e.g. 100 kB), and map parse errors to 400/413/415.',
    requires: ['accessProbes'],
  },
  run({ accessProbes }) {
    return judge(accessProbes, {
      families: ['validation'],
      needsAllRoles: false,
      passNote: 'schema-negative payloads were refused with 4xx',
      verdict,
      groupKey: (t) => `${kind(t)} ${t.variant}`,
      finding: (g) => {
        const t = g[0]!;
        const k = kind(t);
        const ops = list(g.map((x) => x.target));
        const title =
          k === 'crash'
            ? `A ${t.variant} body makes the server fail (${t.facts.status}) on ${g.length} operation${g.length > 1 ? 's' : ''}`
            : k === 'stored'
              ? `A ${t.variant} value is stored without validation on ${g.length} operation${g.length > 1 ? 's' : ''}`
              : `A ${Math.round(Number(t.facts.bodyBytes) / 1024 / 1024)} MB body is accepted (no size limit)`;
        const detail =
          k === 'crash'
            ? `Sending a ${t.variant} body to ${ops} answered ${t.facts.status} twice: input reaches code that does not expect it. Public endpoints that crash on malformed input are easy to knock over and often leak internals in the error.`
            : k === 'stored'
              ? `A ${t.variant} value for ${t.facts.property} was accepted by ${ops} and reading the object back showed it stored. Bad data spreads to reports, exports and other users' screens.`
              : `${ops} accepted a body of ${t.facts.bodyBytes} bytes. Without a size limit a few large requests can exhaust memory.`;
        return {
          title,
          severity: k === 'no-limit' ? 'low' : 'medium',
          detail,
          evidence: g.flatMap((x) => stepsEvidence(x, 200)).slice(0, 6),
          reproduction: t.variant === 'huge-body' ? hugeBodyCurl(t) : reproduce(t),
          location: { url: url(t) },
          identity: [k ?? 'unknown', t.variant],
        };
      },
    });
  },
});

/** The body is megabytes: the reproduction generates it instead of quoting it. */
function hugeBodyCurl(t: Trial): string | undefined {
  const ex = step(t, 'attack');
  if (!ex) return undefined;
  const bytes = Number(t.facts.bodyBytes) || 2 * 1024 * 1024;
  const curl = curlFor({ ...ex, request: { ...ex.request, body: undefined } }).replace(/^curl -i/, "curl -i --data-binary @- -H 'content-type: application/json'");
  return `printf '{"padding":"%s"}' "$(head -c ${bytes} /dev/zero | tr '\\0' x)" | ${curl}`;
}
