// The chain must verify against the system trust store (plus network.caFile):
// self-signed, expired-in-chain, unknown-CA and incomplete chains (the server
// forgot to send its intermediate) all fail in some or all clients.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

const EXPLAIN: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed CA nobody trusts',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server does not send the intermediate certificate (incomplete chain), or the CA is unknown',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuing CA is not trusted, or the server does not send the intermediate',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate is missing from the chain',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain is not valid yet',
  CERT_REVOKED: 'the certificate is revoked',
  CERT_SIGNATURE_FAILURE: 'a signature in the chain does not verify',
};

export default defineCheck({
  meta: {
    id: 'tls-certificate-untrusted',
    stage: 3,
    title: 'Certificates chain to a trusted CA',
    failureTitle: 'A certificate is not trusted by clients',
    severity: 'critical',
    minimumBar: 'HTTPS everywhere, with certificates every client trusts.',
    remediation: 'Serve a certificate from a public CA (e.g. Let’s Encrypt via your host or CDN) and configure the server with the full chain (leaf + intermediates).',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided, judged } = splitTls(tls.hosts);
    const findings: FindingInput[] = [];
    for (const t of ok) {
      if (t.trusted) continue;
      const code = t.trustError ?? 'unknown';
      const incomplete = /UNABLE_TO_(VERIFY_LEAF_SIGNATURE|GET_ISSUER_CERT)/.test(code) && t.chain.length === 1 && !t.chain[0]!.selfSigned;
      findings.push({
        title: `${t.host}: certificate not trusted — ${incomplete ? 'the server sends no intermediate certificate' : (EXPLAIN[code] ?? code)}`,
        // Expiry has its own check; an expired leaf would otherwise count twice.
        severity: code === 'CERT_HAS_EXPIRED' && t.chain.length > 0 ? 'high' : 'critical',
        detail: incomplete
          ? 'Browsers that cached the intermediate work; others (new devices, curl, API clients, webhooks) fail with a certificate error. It works on your laptop and breaks for customers.'
          : 'Clients refuse the connection or show a full-page warning; users are trained to click through, which is how interception works.',
        evidence: [tlsItem(`verification: ${code}`, t, t.chain)],
        reproduction: `${opensslFor(t)} -verify_return_error`,
        identity: [t.host, incomplete ? 'incomplete-chain' : code],
      });
    }
    return conclude(findings, undecided, `${ok.length} host(s) trusted`, false, judged);
  },
});
