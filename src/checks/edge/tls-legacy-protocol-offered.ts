// TLS 1.0 and 1.1 are deprecated (RFC 8996): PCI DSS forbids them and they
// allow downgrade attacks. Probed with a client that really speaks them
// (SECLEVEL=0), so "not offered" means the server refused. A host that speaks
// only them (the TLS 1.2+ handshake fails, a legacy one completes) is down for
// every current browser: critical.
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
    const { ok, legacyOnly, undecided: all, judged } = splitTls(tls.hosts);
    const undecided = all.filter((u) => !legacyOnly.some((h) => u.startsWith(`${h.host}:${h.port}: `)));
    // The protocol floor is a setting of the listener, not of a name: names
    // served from one address and port are one finding that lists them all.
    const byListener = new Map<string, typeof ok>();
    for (const t of ok) {
      for (const v of ['TLSv1', 'TLSv1.1'] as const) {
        if (t.legacy[v].offered === undefined) undecided.push(`${t.host} ${v}: ${t.legacy[v].detail}`);
      }
      const offered = (['TLSv1', 'TLSv1.1'] as const).filter((v) => t.legacy[v].offered === true);
      if (offered.length === 0) continue;
      const key = `${t.address ?? t.host}:${t.port}:${offered.join(',')}`;
      byListener.set(key, [...(byListener.get(key) ?? []), t]);
    }
    const findings: FindingInput[] = legacyOnly.map((t) => {
      const offered = (['TLSv1', 'TLSv1.1'] as const).filter((v) => t.legacy[v].offered === true);
      return {
        title: `${t.host} speaks only ${offered.map((v) => (v === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1')).join(' and ')}: no TLS 1.2 or 1.3`,
        severity: 'critical' as const,
        detail:
          'Current browsers (Chrome, Edge, Firefox, Safari since 2020) and most HTTP libraries refuse TLS 1.0 and 1.1, so for them this host does not work at all; the clients that still connect use broken cryptography. Its certificate, HSTS and pages could not be judged for the same reason.',
        evidence: [
          { kind: 'text' as const, summary: `${t.host}:${t.port} TLS 1.2+: ${t.error ?? 'failed'}`, excerpt: (['TLSv1', 'TLSv1.1'] as const).map((v) => `${v}: ${t.legacy[v].detail}`).join('\n') },
        ],
        reproduction: opensslFor(t, ' -tls1_2'),
        remediation: 'Enable TLS 1.2 and 1.3 on the server, load balancer or CDN (e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`), then turn 1.0 and 1.1 off.',
        identity: [t.host, 'legacy-only'],
      };
    });
    for (const hosts of byListener.values()) {
      const t = hosts[0]!;
      const offered = (['TLSv1', 'TLSv1.1'] as const).filter((v) => t.legacy[v].offered === true);
      const names = offered.map((v) => (v === 'TLSv1' ? 'TLS 1.0' : 'TLS 1.1'));
      findings.push({
        title: `${hosts.map((h) => h.host).join(', ')} ${hosts.length > 1 ? 'accept' : 'accepts'} ${names.join(' and ')}`,
        detail: `Old protocols have known weaknesses (BEAST, weak ciphers, SHA-1 handshakes); compliance scans (PCI DSS) fail on them and modern browsers already refuse them.${
          hosts.length > 1 ? ` These names are served from one listener (${t.address ?? t.host}:${t.port}): one setting fixes them all.` : ''
        }`,
        evidence: hosts.flatMap((h) => offered.map((v) => ({ kind: 'text' as const, summary: `${h.host} ${v}: ${h.legacy[v].detail}` }))),
        reproduction: opensslFor(t, offered[0] === 'TLSv1' ? ' -tls1 -cipher DEFAULT@SECLEVEL=0' : ' -tls1_1 -cipher DEFAULT@SECLEVEL=0'),
        identity: [hosts.map((h) => h.host).sort().join(','), ...offered],
      });
    }
    return conclude(findings, undecided, undefined, false, judged);
  },
});
