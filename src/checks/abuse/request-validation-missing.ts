// Schema-negative payloads (wrong types, missing required fields, oversize
// strings and arrays, invalid JSON, a wrong content type, a huge body) must
// get a 4xx. A 5xx (confirmed by a repeat, where the well-formed body got
// none) means the input reached code that did not expect it; injection-shaped
// values (a quote, a template expression, a path traversal, an operator
// object) in bodies, path parameters and query strings count when the answer
// shows SQL, an evaluated template, a file or a stack trace, twice; a 2xx counts only when reading back shows the bad value
// was stored; a huge body accepted means there is no size limit.
import type { Trial } from '../../evidence/access-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor } from '../support/http.js';
import { is2xx, judge, list, reproduce, step, stepsEvidence, url, type Verdict } from '../access/support.js';

const serverError = (s: unknown) => typeof s === 'number' && s >= 500;

const INJECTION = 'injection-';

function kind(t: Trial): 'crash' | 'stored' | 'no-limit' | 'leak' | undefined {
  // Injection-shaped input: what the answer gave away, seen twice, where the well-formed request got no 5xx.
  if (t.variant.startsWith(INJECTION)) return t.facts.leak !== null && t.facts.leak !== undefined && t.facts.confirmLeak === t.facts.leak && !serverError(t.facts.controlStatus) ? 'leak' : undefined;
  // A 5xx counts only where the well-formed body (the control) got none: else every body fails, and the gatherer says so once.
  if (serverError(t.facts.status) && serverError(t.facts.confirmStatus) && !serverError(t.facts.controlStatus)) return 'crash';
  if (t.facts.stored === true) return 'stored';
  if (t.variant === 'huge-body' && is2xx(t.facts.status)) return 'no-limit';
  return undefined;
}

function verdict(t: Trial): Verdict {
  if (kind(t)) return 'vulnerable';
  // Injection probes prove a leak or nothing: a quiet answer is no evidence that writes validate their input.
  if (t.variant.startsWith(INJECTION)) return 'ignore';
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
      groupKey: (t) => `${kind(t)} ${t.variant} ${t.facts.leak ?? ''}`,
      finding: (g) => {
        const t = g[0]!;
        const k = kind(t);
        const ops = list(g.map((x) => x.target).sort());
        if (k === 'leak') return leakFinding(g);
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

const PAYLOAD: Record<string, string> = {
  'injection-quote': 'a single quote',
  'injection-template': 'a template expression (7*191)',
  'injection-traversal': 'a path traversal (../../etc/passwd)',
  'injection-operator': 'an operator object ({"$ne": null})',
};
const LEAK: Record<string, string> = {
  'template-evaluated': 'evaluated the template (1337 came back): server-side template injection',
  'file-contents': 'returned the contents of /etc/passwd: the path reaches the file system',
  sql: 'shows a database error: the value reaches a query unescaped',
  'stack-trace': 'shows a stack trace',
  'file-path': 'shows a server file path',
};

function leakFinding(g: Trial[]): FindingInput {
  const t = g[0]!;
  const leak = String(t.facts.leak);
  // Sorted: the probes run in parallel, and a report must read the same on every run.
  const ops = list(g.map((x) => `${x.target} (${x.facts.where})`).sort());
  const serious = leak === 'template-evaluated' || leak === 'file-contents' || leak === 'sql';
  return {
    title: `${PAYLOAD[t.variant] ?? t.variant} makes the server answer with ${leak === 'sql' ? 'a database error' : leak.replace(/-/g, ' ')} on ${g.length} operation${g.length > 1 ? 's' : ''}`,
    severity: leak === 'template-evaluated' || leak === 'file-contents' ? 'critical' : serious ? 'high' : 'medium',
    detail: `Sending ${PAYLOAD[t.variant] ?? t.variant} to ${ops} answered ${t.facts.status}, twice, and the answer ${LEAK[leak] ?? leak}; the same operation answered a well-formed request without a server error. Malformed input reaches code that trusts it, and the error tells an attacker how to go further.`,
    evidence: g.flatMap((x) => stepsEvidence(x, 400)).slice(0, 6),
    reproduction: reproduce(t),
    location: { url: url(t) },
    identity: ['leak', t.variant, leak],
  };
}

/** The body is megabytes: the reproduction generates it instead of quoting it. */
function hugeBodyCurl(t: Trial): string | undefined {
  const ex = step(t, 'attack');
  if (!ex) return undefined;
  const bytes = Number(t.facts.bodyBytes) || 2 * 1024 * 1024;
  const curl = curlFor({ ...ex, request: { ...ex.request, body: undefined } }).replace(/^curl -i/, "curl -i --data-binary @- -H 'content-type: application/json'");
  return `printf '{"padding":"%s"}' "$(head -c ${bytes} /dev/zero | tr '\\0' x)" | ${curl}`;
}
