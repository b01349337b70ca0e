// HTML where JSON was expected, said once at the top of the coverage block
// (issue 12 item 7) instead of in every check whose login or probe met it:
// - api-serves-frontend: the API URL answers a made-up path with an HTML
//   page (a single-page app's history fallback) AND most requests that asked
//   for JSON got HTML: the URL is the front end's, not the API's. The first
//   condition alone is an ordinary monolith (API routes answer JSON, other
//   paths the app's page), so it never fires on its own;
// - html-for-json: most requests that asked for JSON got HTML, without the
//   fallback (a proxy's error pages, a login path that names the web page).
import type { Gathered, HttpProbes } from '../evidence/types.js';
import type { HtmlForJson, LivenessEvidence } from '../evidence/liveness-types.js';
import { NOT_FOUND_PATH } from '../evidence/gatherers/http-probes.js';
import { isHtmlAnswer } from '../probe/answer-shapes.js';
import type { TargetProblem } from './model.js';

/** A problem the engine observed, with the text fragments of check reasons that only repeat it. */
export type ObservedProblem = TargetProblem & { repeats?: string[] };

/** Fewer HTML answers than this are a route or two, not the target. */
const MIN_HTML = 3;

/** What sign-in and probe errors say about an HTML answer (src/target/sign-in.ts describeLoginAnswer). */
const HTML_ANSWER = 'an HTML page (';

const pathOf = (url: string): string => {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
};

const originOf = (url: string | undefined): string | undefined => {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
};

function firstOf(o: HtmlForJson): string {
  return o.first ? `, e.g. ${o.first.method} ${pathOf(o.first.url)} → ${o.first.status}` : '';
}

export function answerProblems(liveness: Gathered<LivenessEvidence> | undefined, http: Gathered<HttpProbes> | undefined): ObservedProblem[] {
  if (liveness?.state !== 'ok') return [];
  const probes = http?.state === 'ok' ? http.value : undefined;
  const out: ObservedProblem[] = [];
  for (const o of liveness.value.htmlForJson ?? []) {
    if (o.html < MIN_HTML || o.html * 2 < o.expectedJson) continue;
    const base = { origin: o.origin, requests: o.html, ...(o.first ? { firstSeq: o.first.seq, firstTime: o.first.time } : {}), repeats: [HTML_ANSWER] };
    const asked = `${o.html} of ${o.expectedJson} requests that asked for JSON got an HTML page${firstOf(o)}`;
    const fallback = probes?.notFound;
    const status = fallback?.response?.status;
    if (fallback && originOf(fallback.request.url) === o.origin && status !== undefined && status >= 200 && status < 300 && isHtmlAnswer(fallback)) {
      const home = probes.appHome?.response;
      const same = home !== undefined && home.body === fallback.response!.body;
      out.push({
        ...base,
        kind: 'api-serves-frontend',
        summary: `the API URL ${o.origin} seems to serve the front end, not the API: a made-up path (GET ${NOT_FOUND_PATH}) answered ${status} with an HTML page${same ? ', the same page as the app\'s home' : ''}, and ${asked}`,
        unlock: "set apiUrl to the API's own address (where its routes answer JSON), or fix the base path in api.openapi's servers",
      });
      continue;
    }
    out.push({
      ...base,
      kind: 'html-for-json',
      summary: `HTML where JSON was expected: ${asked} from ${o.origin}`,
      unlock: 'check that apiUrl and auth.login.path name the API, whose routes answer JSON, not the web pages',
    });
  }
  return out;
}
