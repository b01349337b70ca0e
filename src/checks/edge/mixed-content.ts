// HTML served over HTTPS that loads scripts, styles or frames over http://
// (blocked by browsers, so the page breaks; or run by old ones, so the
// network controls the page), posts forms to http:// (the data travels in
// clear) or shows images over http:// (warning, tracking).
import type { MixedRef } from '../../evidence/edge-types.js';
import type { Severity } from '../../report/model.js';
import { defineCheck, type FindingInput } from '../types.js';

const SEVERITY: Record<MixedRef['kind'], Severity> = { active: 'high', form: 'high', passive: 'low' };
const WHAT: Record<MixedRef['kind'], string> = {
  active: 'loads scripts, styles or frames over http://',
  form: 'submits a form to http://',
  passive: 'loads images or media over http://',
};

export default defineCheck({
  meta: {
    id: 'mixed-content',
    stage: 3,
    title: 'HTTPS pages load nothing over plain HTTP',
    failureTitle: 'An HTTPS page loads content or posts forms over HTTP',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    remediation: 'Change every http:// reference to https:// (or a relative URL), and add `Content-Security-Policy: upgrade-insecure-requests` as a safety net.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const pages = edgeHttp.pages.filter((p) => p.url.startsWith('https:') && (p.exchange.response?.headers['content-type'] ?? '').includes('html'));
    if (pages.length === 0) return { status: 'not-applicable', reason: 'no HTML page served over HTTPS' };
    const findings: FindingInput[] = [];
    for (const p of pages) {
      for (const kind of ['active', 'form', 'passive'] as const) {
        const refs = p.mixed.filter((m) => m.kind === kind);
        if (!refs.length) continue;
        findings.push({
          title: `${p.url} ${WHAT[kind]} (${refs.length})`,
          severity: SEVERITY[kind],
          detail:
            kind === 'passive'
              ? 'Browsers show the page as not fully secure, and the requests reveal what users look at.'
              : kind === 'form'
                ? 'Whatever users type into the form (passwords included) is sent unencrypted.'
                : 'Browsers block these requests, so the page breaks; anything that does load can be rewritten by the network to take over the page.',
          evidence: [{ kind: 'http', summary: `${refs.length} http:// reference(s) in ${p.url}`, excerpt: refs.slice(0, 20).map((r) => `<${r.tag} ${r.attr}="${r.url}">`).join('\n') }],
          reproduction: `curl -s '${p.url}' | grep -Eo '(src|href|action|data)="http://[^"]+'`,
          location: { url: p.url },
          identity: [p.host, kind],
        });
      }
    }
    const truncated = pages.filter((p) => p.truncated).map((p) => p.url);
    const note = truncated.length ? `only the first 256 KiB of ${truncated.join(', ')} were scanned` : undefined;
    if (findings.length) return { status: findings.every((f) => f.severity === 'low') ? 'warn' : 'fail', findings, ...(note ? { reason: note } : {}) };
    return { status: 'pass', reason: note ?? `${pages.length} page(s) scanned` };
  },
});
