// HTML served over HTTPS that loads scripts, styles, fonts or frames over
// http:// (blocked by browsers, so the page breaks; or run by old ones, so the
// network controls the page), posts forms to http:// (the data travels in
// clear) or shows images over http:// (warning, tracking). References come
// from HTML attributes, <base href>, and CSS (<style>, style="", linked
// stylesheets), resolved as the browser resolves them.
//
// With Content-Security-Policy: upgrade-insecure-requests (header or <meta>),
// browsers fetch those subresources, and form posts to the page's own host,
// over https instead (W3C Upgrade Insecure Requests §4.1): nothing is blocked
// or sent in clear. What remains is whether each host serves HTTPS at all; the
// app's own hosts are known from the https chains, other hosts are named in a
// low note. A form posting to another host is a navigation the directive does
// not upgrade: still high.
import type { EdgePage, MixedRef } from '../../evidence/edge-types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';

const SEVERITY: Record<MixedRef['kind'], Severity> = { active: 'high', form: 'high', passive: 'low' };
const WHAT: Record<MixedRef['kind'], string> = {
  active: 'loads scripts, styles or frames over http://',
  form: 'submits a form to http://',
  passive: 'loads images or media over http://',
};

const hostOf = (u: string) => {
  try {
    return new URL(u).hostname;
  } catch {
    return u;
  }
};

const describe = (r: MixedRef) => `${r.source ? `${r.source}: ` : ''}<${r.tag} ${r.attr}> ${r.url}`;

/** Whether the browser upgrades this reference instead of blocking or sending it in clear. */
function upgraded(p: EdgePage, r: MixedRef): boolean {
  if (!p.upgradeInsecureRequests) return false;
  return r.kind !== 'form' || hostOf(r.url) === hostOf(p.url);
}

export default defineCheck({
  meta: {
    id: 'mixed-content',
    stage: 3,
    title: 'HTTPS pages load nothing over plain HTTP',
    failureTitle: 'An HTTPS page loads content or posts forms over HTTP',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    remediation: 'Change every http:// reference to https:// (or a relative URL) — in HTML, inline styles and stylesheets — and add `Content-Security-Policy: upgrade-insecure-requests` as a safety net.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const pages = edgeHttp.pages.filter((p) => p.url.startsWith('https:') && (p.exchange.response?.headers['content-type'] ?? '').includes('html'));
    if (pages.length === 0) return { status: 'not-applicable', reason: 'no HTML page served over HTTPS' };
    // The app's own hosts that answered over https: an upgraded request to them works.
    const servesHttps = new Set(edgeHttp.chains.filter((c) => c.kind === 'https' && c.hops[0]?.response).map((c) => hostOf(c.start)));
    const findings: FindingInput[] = [];
    const notes: string[] = [];
    for (const p of pages) {
      const plain = p.mixed.filter((r) => !upgraded(p, r));
      for (const kind of ['active', 'form', 'passive'] as const) {
        const refs = plain.filter((m) => m.kind === kind);
        if (!refs.length) continue;
        findings.push({
          title: `${p.url} ${WHAT[kind]} (${refs.length})`,
          severity: SEVERITY[kind],
          detail:
            kind === 'passive'
              ? 'Browsers show the page as not fully secure, and the requests reveal what users look at.'
              : kind === 'form'
                ? `Whatever users type into the form (passwords included) is sent unencrypted.${p.upgradeInsecureRequests ? ' upgrade-insecure-requests does not help: it upgrades form posts to the page’s own host only.' : ''}`
                : 'Browsers block these requests, so the page breaks; anything that does load can be rewritten by the network to take over the page.',
          evidence: [{ kind: 'http', summary: `${refs.length} http:// reference(s) in ${p.url}`, excerpt: refs.slice(0, 20).map(describe).join('\n') }],
          reproduction: `curl -s '${p.url}' | grep -Eio '(src|href|action|data|srcset)="http://[^"]+|url\\(["'"'"']?http://[^)]+'`,
          location: { url: p.url },
          identity: [p.host, kind],
        });
      }
      const up = p.mixed.filter((r) => upgraded(p, r));
      if (!up.length) continue;
      const unknown = [...new Set(up.map((r) => hostOf(r.url)))].filter((h) => !servesHttps.has(h));
      if (!unknown.length) {
        notes.push(`${p.url}: ${up.length} http:// reference(s) upgraded by upgrade-insecure-requests, all to hosts that serve HTTPS`);
        continue;
      }
      findings.push({
        title: `${p.url} relies on upgrade-insecure-requests for ${up.length} http:// reference(s); HTTPS not confirmed on ${unknown.join(', ')}`,
        severity: 'low',
        detail: `The page's Content-Security-Policy (${p.upgradeInsecureRequests === 'meta' ? '<meta http-equiv>' : 'response header'}) has upgrade-insecure-requests, so browsers request these over https:// and nothing is blocked or sent in clear. If one of these hosts does not serve HTTPS (with a valid certificate), that resource silently fails to load. Change the references to https:// so the page does not depend on the directive.`,
        evidence: [{ kind: 'http', summary: `${up.length} upgraded reference(s) in ${p.url}`, excerpt: up.slice(0, 20).map(describe).join('\n') }],
        location: { url: p.url },
        identity: [p.host, 'upgraded'],
      });
    }
    const truncated = pages.filter((p) => p.truncated).map((p) => p.url);
    const sheets = pages.flatMap((p) => p.stylesheets ?? []);
    const reason = [
      truncated.length ? `only the first 256 KiB of ${truncated.join(', ')} were scanned` : '',
      ...notes,
      sheets.length ? `${sheets.length} linked stylesheet(s) read` : '',
    ].filter(Boolean).join('; ');
    if (findings.length) return { status: findings.every((f) => f.severity === 'low') ? 'warn' : 'fail', findings, ...(reason ? { reason } : {}) };
    return { status: 'pass', reason: reason || `${pages.length} page(s) scanned` };
  },
});
