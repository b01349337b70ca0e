// TLS 1.0 and 1.1 are deprecated (RFC 8996): PCI DSS forbids them and they
// allow downgrade attacks. Probed with a client that really speaks them
// (SECLEVEL=0), so "not offered" means the server refused.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, opensslFor, splitTls } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'tls-legacy-protocol-offered',
    stage: 3,
    title: 'Only TLS 1.2 and 1.3 are offered',
    failureTitle: 'TLS 1.0 or 1.1 is still offered',
    severity: 'medium',
    minimumBar: 'HTTPS everywhere, with modern TLS only.',
    remediation: 'Set the minimum TLS version to 1.2 at the load balancer / CDN / server (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`).',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided } = splitTls(tls.hosts);
    const findings: FindingInput[] = [];
    for (const t of ok) {
      const offered = (['TLSv1', 'TLSv1.1'] as const).filter((v) => t.legacy[v].offered === true);
      for (const v of ['TLSv1', 'TLSv1.1'] as const) {
        if (t.legacy[v].offered === undefined) undecided.push(`${t.host} ${v}: ${t.legacy[v].detail}`);
      }
      if (offered.length === 0) continue;
      const names = offered.map((v) => (v === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1'));
      findings.push({
        title: `${t.host} accepts ${names.join(' and ')}`,
        detail: 'Old protocols have known weaknesses (BEAST, weak ciphers, SHA-1 handshakes); compliance scans (PCI DSS) fail on them and modern browsers already refuse them.',
        evidence: offered.map((v) => ({ kind: 'text' as const, summary: `${v}: ${t.legacy[v].detail}` })),
        reproduction: opensslFor(t, offered[0] === 'TLSv1' ? ' -tls1 -cipher DEFAULT@SECLEVEL=0' : ' -tls1_1 -cipher DEFAULT@SECLEVEL=0'),
        identity: [t.host, ...offered],
      });
    }
    return conclude(findings, undecided);
  },
});
