// CORS that allows every origin *and* credentials lets any website a signed-in
// user visits call the API as that user and read the answers. Reflecting the
// request's Origin (`origin: true`) is the exploitable form; the literal `*`
// with credentials is refused by browsers, but shows the intent and usually
// becomes a reflection the day someone "fixes" the browser error.
import type { CodeHit } from '../../evidence/hygiene-types.js';
import { codeOf, grepFor, hitEvidence, hitIdentity, isOutcome } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

export default defineCheck({
  meta: {
    id: 'cors-wildcard-with-credentials-in-code',
    stage: 4,
    title: 'CORS does not allow every origin with credentials',
    failureTitle: 'CORS allows any origin together with credentials',
    severity: 'high',
    minimumBar: 'Only the app’s own origins can call the API with a user’s credentials.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      "List the allowed origins explicitly (`origin: ['https://app.example.com']`) when `credentials: true`; never reflect the request's Origin header unchecked.",
    requires: ['repo'],
  },
  run({ repo }) {
    const code = codeOf(repo);
    if (isOutcome(code)) return code;
    const findings = code.hits.filter((h) => h.kind === 'cors-wildcard-credentials').map(codeFinding);
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `no wildcard CORS with credentials in ${code.filesScanned} source files` };
  },
});

function codeFinding(hit: CodeHit): FindingInput {
  const what = hit.reflectsOrigin ? 'reflects any Origin with credentials allowed' : "allows origin '*' with credentials";
  return {
    title: `${hit.path} ${what}`,
    severity: hit.reflectsOrigin ? 'high' : 'medium',
    detail: hit.reflectsOrigin
      ? "Any website can send requests with the visitor's cookies or credentials and read the responses: their data, CSRF tokens, everything the API returns."
      : "Browsers refuse `Access-Control-Allow-Origin: *` with credentials, so today this breaks rather than leaks; the usual fix people reach for (reflecting the Origin) makes it exploitable.",
    evidence: [hitEvidence(hit, `${hit.path}:${hit.line} ${what} (credentials within a few lines)`)],
    reproduction: grepFor(hit),
    location: { path: hit.path, line: hit.line },
    identity: hitIdentity(hit),
  };
}
