// Key and signature strength of the served chain (the root is skipped: the
// client's trust store vouches for it, not its signature). RSA under 2048
// bits, EC under 256, and MD5/SHA-1 signatures are rejected by browsers.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, opensslFor, splitTls, tlsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'tls-weak-key-or-signature',
    stage: 3,
    title: 'Certificate keys and signatures are strong',
    failureTitle: 'A certificate uses a weak key or signature',
    severity: 'high',
    minimumBar: 'HTTPS everywhere, with certificates every client trusts.',
    remediation: 'Re-issue with an RSA 2048+ or ECDSA P-256 key and a SHA-256 (or better) signature.',
    requires: ['tls'],
  },
  run({ tls }) {
    const { ok, undecided, judged } = splitTls(tls.hosts);
    const findings: FindingInput[] = [];
    for (const t of ok) {
      t.chain.forEach((c, i) => {
        const isRoot = i > 0 && c.selfSigned;
        if (isRoot) return;
        const problems: string[] = [];
        if (c.keyType === 'rsa' && (c.keyBits ?? 0) < 2048) problems.push(`${c.keyBits}-bit RSA key`);
        if (c.keyType === 'ec' && (c.keyBits ?? 0) < 256) problems.push(`${c.keyBits}-bit EC key`);
        if (/md5|sha1|SHA1/i.test(c.signatureAlgorithm ?? '')) problems.push(`${c.signatureAlgorithm} signature`);
        if (!problems.length) return;
        findings.push({
          title: `${t.host}: ${i === 0 ? 'certificate' : `chain certificate ${i}`} has ${problems.join(' and ')}`,
          detail: 'Browsers reject SHA-1/MD5 signatures and short keys; a key this weak can also be broken to impersonate the site.',
          evidence: [tlsItem(problems.join('; '), t, [c])],
          reproduction: `${opensslFor(t)} | openssl x509 -noout -text`,
          identity: [t.host, c.fingerprint256.slice(0, 16)],
        });
      });
    }
    return conclude(findings, undecided, undefined, false, judged);
  },
});
