// The audit must leave the app as it found it. After the probes, every read
// that worked during the audit is sent again (src/evidence/gatherers/
// baseline-replay.ts); one that now answers 5xx, nothing, or refuses its own
// role after a fresh sign-in was broken by a request of the audit. That is a
// finding twice over: the app can be broken by an ordinary API call (a
// create that failed half-way and left a row every list chokes on), and it
// is broken now, so someone must repair it.
import type { FinalRead } from '../../evidence/liveness-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, httpEvidence, statusLine } from '../support/http.js';

function finding(r: FinalRead): FindingInput {
  const cause = r.cause;
  const why = cause
    ? ` Most likely cause (${cause.rule}): request #${cause.seq}, ${cause.method} ${cause.url} → ${cause.status ?? 'no answer'}.`
    : '';
  return {
    title: `${r.operation} ${r.broken} after the audit (it answered ${r.before.status} as ${r.role} before)`,
    detail:
      `This read worked during the audit (request #${r.before.seq}) and is broken at its end (#${r.afterSeq}).${why} ` +
      'An ordinary API call left the app in a state where it fails, for everyone who makes this read: repair the data now, then make the write validate its input (or roll back) so it cannot happen again.',
    evidence: [
      { kind: 'text', summary: `Before the probes: ${r.operation} as ${r.role} → ${r.before.status} (request #${r.before.seq})` },
      httpEvidence(`After the probes (#${r.afterSeq}): ${statusLine(r.after)}`, r.after, 400),
      ...(cause ? [{ kind: 'text' as const, summary: `Likely cause: #${cause.seq} ${cause.method} ${cause.url} → ${cause.status ?? 'no answer'} (${cause.rule})` }] : []),
    ],
    reproduction: curlFor(r.after),
    location: { url: r.after.request.url },
    identity: [r.operation, r.role],
  };
}

export default defineCheck({
  meta: {
    id: 'audit-left-app-broken',
    stage: 6,
    title: 'The app still works after the audit',
    failureTitle: 'The audit left the app broken',
    severity: 'high',
    minimumBar: 'Probing the app does no harm: every read that worked before still works after.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation:
      'Repair the data the named request left behind, then make that write validate its input before it stores anything (or store inside a transaction that rolls back on error), so one bad request cannot break a read for everyone.',
    requires: ['liveness'],
  },
  run({ liveness }) {
    const reads = liveness.finalReads;
    if (reads === undefined) return { status: 'not-tested', reason: 'this evidence was saved before baseline reads were replayed' };
    if (reads.length === 0) return { status: 'not-tested', reason: 'no read succeeded during the audit, so there was nothing to replay at its end' };
    const broken = reads.filter((r) => r.broken);
    if (broken.length) return { status: 'fail', findings: broken.map(finding) };
    return { status: 'pass', reason: `${reads.length} read(s) that worked during the audit still work after it`, judged: reads.length, of: reads.length, unit: 'reads' };
  },
});
