// Production config that sends webhooks, callbacks or redirects to localhost,
// a staging host or a developer's tunnel: payment events and OAuth callbacks
// go to a machine that is not production (or to a stranger, once the tunnel
// name is reused), and production silently misses them.
import type { EnvEntry } from '../../evidence/types.js';
import type { Severity } from '../../report/model.js';
import { envEvidence, filesOfTier, NO_PRODUCTION_FILES } from '../support/repo.js';
import { defineCheck, type FindingInput } from '../types.js';

// Keys whose URL is called by others (providers, browsers) or receives our events.
const WEBHOOK_KEY_RE = /WEBHOOK|HOOK|CALLBACK|REDIRECT|RETURN_URL|NOTIFY|NOTIFICATION|IPN|_SUCCESS_URL|_CANCEL_URL/i;
const PUBLIC_URL_KEY_RE = /^(APP|PUBLIC|BASE|SITE|FRONTEND|WEB|CLIENT|API|SERVER|CANONICAL|NEXTAUTH|AUTH)_?(URL|ORIGIN|HOST)$|^(ORIGIN|CORS_ORIGINS?|ALLOWED_ORIGINS)$|^NEXT_PUBLIC_\w*URL$|^VITE_\w*URL$/i;

const TUNNEL_RE =
  /(^|\.)(ngrok\.io|ngrok-free\.app|ngrok\.app|ngrok\.dev|ngrok-free\.dev|loca\.lt|localtunnel\.me|trycloudflare\.com|serveo\.net|serveousercontent\.com|localhost\.run|lhr\.life|lhr\.rocks|pagekite\.me|telebit\.cloud|tunnelmole\.net|devtunnels\.ms|pinggy\.(io|link)|webhook\.site|smee\.io|requestbin\.(com|net)|pipedream\.net|beeceptor\.com|hookbin\.com)$/i;
const NON_PRODUCTION_LABELS = new Set(['staging', 'stage', 'stg', 'dev', 'development', 'test', 'testing', 'qa', 'uat', 'sandbox', 'preview', 'preprod']);

type Place = { kind: 'tunnel' | 'local' | 'private' | 'non-production'; text: string };

export function placeOf(host: string): Place | undefined {
  if (TUNNEL_RE.test(host)) return { kind: 'tunnel', text: `a tunnel or request-inspection service (${host})` };
  if (/^(localhost|.*\.localhost|0\.0\.0\.0|::1|host\.docker\.internal)$/i.test(host) || /^127\./.test(host)) {
    return { kind: 'local', text: `this machine (${host})` };
  }
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return { kind: 'private', text: `a private network address (${host})` };
  // The last label is the top-level domain: `.dev` and `.test` there say nothing about the environment.
  const labels = host.split('.').slice(0, -1).flatMap((l) => l.split('-'));
  const hit = labels.find((l) => NON_PRODUCTION_LABELS.has(l.toLowerCase()));
  if (hit) return { kind: 'non-production', text: `a ${hit} host (${host})` };
  return undefined;
}

function judge(e: EnvEntry): { place: Place; severity: Severity } | undefined {
  const host = e.hints?.urlHost;
  if (!host || e.empty) return undefined;
  const place = placeOf(host);
  if (!place) return undefined;
  const webhook = WEBHOOK_KEY_RE.test(e.key);
  const publicUrl = PUBLIC_URL_KEY_RE.test(e.key);
  // Databases, caches and queues on localhost or a private address are normal on a single server.
  if ((place.kind === 'local' || place.kind === 'private') && !webhook && !publicUrl) return undefined;
  if (place.kind === 'private' && !webhook) return undefined;
  const severity: Severity = webhook || place.kind === 'tunnel' ? 'high' : 'medium';
  return { place, severity };
}

export default defineCheck({
  meta: {
    id: 'webhook-points-outside-production',
    stage: 4,
    title: 'Production webhooks and callbacks point at production',
    failureTitle: 'A production webhook or callback URL points outside production',
    severity: 'high',
    minimumBar: 'Webhooks go to production only.',
    owasp: 'API10:2023 Unsafe Consumption of APIs',
    remediation:
      'Point every webhook, callback and redirect URL in production at the production host, and register the same URL with the provider (payments, OAuth, email). Keep tunnel and staging URLs in the staging env files only.',
    requires: ['repo'],
  },
  run({ repo }) {
    const production = filesOfTier(repo, 'production');
    if (production.length === 0) return { status: 'not-tested', reason: NO_PRODUCTION_FILES };
    const findings: FindingInput[] = [];
    let urls = 0;
    for (const f of production) {
      for (const e of f.entries) {
        if (e.hints?.urlHost) urls++;
        const j = judge(e);
        if (!j) continue;
        findings.push({
          title: `${e.key} in ${f.path} points at ${j.place.text}`,
          severity: j.severity,
          detail:
            j.place.kind === 'tunnel'
              ? "Events for production go through someone's tunnel: they stop when the laptop sleeps, and whoever gets the tunnel name next receives them."
              : 'Production sends these requests (or sends users) somewhere that is not production: events are lost or land in the wrong database, and staging sees production data.',
          evidence: [envEvidence(f, [e], `${f.path} is a production env file`)],
          reproduction: `grep -n '^${e.key}=' ${f.path}`,
          location: { path: f.path, line: e.line },
          identity: [f.path, e.key],
        });
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass', reason: `${urls} URLs in production env files, all pointing at production hosts` };
  },
});
