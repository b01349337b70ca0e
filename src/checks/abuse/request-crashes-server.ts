// One request that takes the whole app down is a denial of service anyone can
// repeat. The probe engine's liveness watch (src/probe/liveness.ts) saw the
// target stop answering right after a request, waited for it to come back,
// sent that request again alone, and saw it go down again: that is the
// evidence. A target that went down and never came back is an error (the
// request could not be replayed), never a pass.
import type { CrashEvidence } from '../../evidence/liveness-types.js';
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, httpEvidence, statusLine } from '../support/http.js';

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

/** One finding per operation (method and path): several probes may have sent it, each crash is evidence. */
function finding(group: CrashEvidence[]): FindingInput {
  const c = group[0]!;
  const req = c.original.request;
  const what = `${req.method} ${pathOf(req.url)}`;
  const who = [...new Set(group.map((g) => (g.original.request.role === 'anonymous' ? 'without credentials' : `as ${g.original.request.role}`)))].join(', ');
  return {
    title: `${what} crashes the server`,
    detail:
      `After request #${c.originalSeq} (${what}, sent ${who}) the app stopped answering. Once it was back, launchready sent the same request alone (#${c.replaySeq}) and it went down again (${c.downAgain}). ` +
      `${group.length > 1 ? `It happened ${group.length} times in this run. ` : ''}Anyone who can send this request can take the app offline for every customer, as often as they like.`,
    evidence: group.flatMap((g) => [
      httpEvidence(`The request (#${g.originalSeq}): ${statusLine(g.original)}`, g.original, 300),
      httpEvidence(`Sent again alone (#${g.replaySeq}): ${statusLine(g.replay)}`, g.replay, 300),
      { kind: 'text' as const, summary: `Then: ${g.downAgain}` },
    ]),
    reproduction: curlFor(c.original),
    location: { url: req.url },
    identity: [req.method, operationPath(req.url)],
  };
}

const operationPath = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};

export default defineCheck({
  meta: {
    id: 'request-crashes-server',
    stage: 6,
    title: 'No single request takes the app down',
    failureTitle: 'A single request crashes the server',
    severity: 'critical',
    minimumBar: 'The app survives malformed and unexpected requests: errors are answered, never fatal.',
    owasp: 'API4:2023 Unrestricted Resource Consumption',
    remediation:
      'Find the crash in the app log at the time shown, handle the error in that route (an unhandled exception or rejection, a missing query parameter read as a value), and run the app under a supervisor that restarts it; never let one request exit the process.',
    requires: ['liveness'],
  },
  run({ liveness }) {
    if (liveness.crashes.length) {
      const groups = new Map<string, CrashEvidence[]>();
      for (const c of liveness.crashes) {
        const k = `${c.original.request.method} ${operationPath(c.original.request.url)}`;
        groups.set(k, [...(groups.get(k) ?? []), c]);
      }
      return { status: 'fail', findings: [...groups.values()].map(finding) };
    }
    const dead = liveness.origins.filter((o) => o.dead);
    if (dead.length) {
      const d = dead[0]!;
      return {
        status: 'error',
        reason: `${d.origin} stopped answering at request #${d.dead!.seq} (${d.dead!.time}) and did not come back within ${Math.round(d.dead!.waitedMs / 1000)} s, so the request that brought it down could not be replayed`,
      };
    }
    const watched = liveness.origins.filter((o) => o.answered);
    // Nothing answered: nothing could crash. The coverage block says once why the app could not be reached.
    if (watched.length === 0) return { status: 'not-tested', reason: 'the app answered no request, so none could be watched for a crash' };
    const downs = watched.reduce((n, o) => n + o.downs.length, 0);
    const reason = downs
      ? `the target went down ${downs} time(s) and came back; replaying the ${liveness.cleared.length} request(s) in flight did not bring it down again`
      : `${watched.length} origin(s) answered throughout the run`;
    return { status: 'pass', reason, judged: watched.length, of: liveness.origins.length, unit: 'origins' };
  },
});
