// The old URLs in domains.redirects must keep landing where the config says
// (same origin, path under the expected one), over HTTPS, with a page that
// answers: bookmarks and links in old emails depend on it.
import { defineCheck, type FindingInput } from '../types.js';
import { chainText } from './redirect-chain-broken.js';

function lands(final: string, expected: string): boolean {
  try {
    const f = new URL(final);
    const e = new URL(expected);
    const path = e.pathname.replace(/\/+$/, '');
    return f.origin === e.origin && (f.pathname === e.pathname || f.pathname.replace(/\/+$/, '') === path || f.pathname.startsWith(`${path}/`));
  } catch {
    return false;
  }
}

export default defineCheck({
  meta: {
    id: 'legacy-redirect-wrong-target',
    stage: 3,
    title: 'Configured legacy redirects land where they should',
    failureTitle: 'A legacy URL does not redirect to its target',
    severity: 'medium',
    minimumBar: 'HTTPS everywhere, with clean redirects.',
    remediation: 'Redirect the old URL with a 301 straight to the new https:// address (keep the path), and test it after every DNS or proxy change.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const legacy = edgeHttp.chains.filter((c) => c.kind === 'legacy');
    if (legacy.length === 0) return { status: 'not-applicable', reason: 'no domains.redirects configured' };
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    for (const c of legacy) {
      const last = c.hops.at(-1);
      const expected = c.expected ?? '';
      const base = {
        evidence: [{ kind: 'http' as const, summary: `${c.start} should land on ${expected}`, excerpt: chainText(c) }],
        reproduction: `curl -sIL --max-redirs 20 '${c.start}'`,
        location: { url: c.start },
        identity: [c.start, expected],
      };
      if (c.end === 'error' && c.hops.length === 1 && /timed out/.test(last?.error ?? '')) {
        undecided.push(`${c.start}: ${last?.error}`);
        continue;
      }
      if (c.end !== 'final' || !last?.response) {
        findings.push({ ...base, title: `${c.start} does not land anywhere (${c.end}${last?.error ? `: ${last.error}` : ''})`, detail: 'Old links and bookmarks end in an error.' });
        continue;
      }
      if (!lands(last.request.url, expected)) {
        findings.push({
          ...base,
          title: `${c.start} lands on ${last.request.url} (${last.response.status}) instead of ${expected}`,
          detail: 'Visitors with old links reach the wrong place — or, over plain HTTP, the right content unencrypted.',
        });
      } else if (last.response.status >= 400) {
        findings.push({ ...base, severity: 'low', title: `${c.start} reaches ${last.request.url}, which answers ${last.response.status}`, detail: 'The redirect works but the target page is an error.' });
      }
    }
    if (findings.length) return { status: 'fail', findings };
    if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
    return { status: 'pass', reason: `${legacy.length} redirect(s) land correctly` };
  },
});
