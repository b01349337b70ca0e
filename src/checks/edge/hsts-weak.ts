// Every host served over HTTPS sends Strict-Transport-Security on its first
// HTTPS response (even a redirect), with max-age of at least a year. The
// header is read by RFC 6797 §6.1's grammar, as browsers read it: one that
// breaks it is ignored whole, so it is "no valid HSTS", with the defect named.
// includeSubDomains is noted: it protects forgotten subdomains and cookies
// scoped to the parent domain, but needs every subdomain on HTTPS first.
import { defineCheck, type FindingInput } from '../types.js';
import { curlFor, header, httpEvidence, statusLine } from '../support/http.js';
import { hostOfUrl } from './redirect-chain-broken.js';
import { parseHsts } from '../../evidence/gatherers/edge/hsts-grammar.js';

const ONE_YEAR = 31_536_000;

export default defineCheck({
  meta: {
    id: 'hsts-weak',
    stage: 3,
    title: 'Every HTTPS host sends HSTS for at least a year',
    failureTitle: 'HSTS is missing or too short on a host',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, enforced by HSTS.',
    owasp: 'API8:2023 Security Misconfiguration',
    remediation: 'Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response of every host, including redirects.',
    requires: ['edgeHttp'],
  },
  run({ edgeHttp }) {
    const findings: FindingInput[] = [];
    const noSub: string[] = [];
    const unanswered: string[] = [];
    let judged = 0;
    for (const c of edgeHttp.chains.filter((x) => x.kind === 'https')) {
      const first = c.hops[0];
      const host = hostOfUrl(c.start);
      if (!first?.response) {
        unanswered.push(`${host}: ${first?.error ?? 'no answer'}`);
        continue;
      }
      judged++;
      const v = header(first, 'strict-transport-security');
      const parsed = v === undefined ? undefined : parseHsts(v);
      const base = { evidence: [httpEvidence(`${statusLine(first)}: Strict-Transport-Security ${v ?? '(absent)'}`, first, 0)], reproduction: curlFor(first), location: { url: first.request.url } };
      if (v === undefined) {
        findings.push({ ...base, title: `${host} sends no Strict-Transport-Security header`, detail: 'A browser still tries http:// first, so anyone on the same network can strip HTTPS and read sessions.', identity: [host, 'missing'] });
      } else if (!parsed?.valid) {
        findings.push({
          ...base,
          title: `${host} sends no valid HSTS: ${parsed?.defect ?? 'unreadable'}`,
          detail: 'Browsers ignore a Strict-Transport-Security header that breaks the grammar of RFC 6797 §6.1 (as a whole, not just the broken part), so this host has no HSTS at all.',
          identity: [host, 'invalid'],
        });
      } else if (parsed.maxAge < ONE_YEAR) {
        const age = parsed.maxAge;
        findings.push({
          ...base,
          severity: age === 0 ? 'high' : 'medium',
          title: `${host}: HSTS max-age is ${age} s, under one year`,
          detail: age === 0 ? 'max-age=0 tells browsers to forget HSTS: the host is strippable.' : 'Protection lapses for visitors who have not been back within max-age, and preload lists require a year.',
          identity: [host, 'short'],
        });
      } else if (!parsed.includeSubDomains) {
        noSub.push(host);
      }
    }
    const notJudged = unanswered.length ? `not judged (no HTTPS answer): ${unanswered.join('; ')}` : undefined;
    if (judged === 0) return { status: 'error', reason: notJudged ?? 'no HTTPS host answered' };
    if (findings.length) return { status: 'fail', findings, ...(notJudged ? { reason: notJudged } : {}) };
    if (notJudged) return { status: 'error', reason: notJudged };
    return { status: 'pass', ...(noSub.length ? { reason: `without includeSubDomains: ${noSub.join(', ')}` } : {}) };
  },
});
