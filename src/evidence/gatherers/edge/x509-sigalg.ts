// The certificate's signature algorithm. Node 20's X509Certificate does not
// expose it (that arrived in later majors), so we read the one OID we need
// from the DER: Certificate ::= SEQUENCE { tbs, signatureAlgorithm, sig }.

const NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

function header(buf: Buffer, at: number): { tag: number; len: number; body: number } {
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n > 4) throw new Error('DER length too long');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[body + i]!;
    body += n;
  }
  if (body + len > buf.length) throw new Error('DER element overruns the buffer');
  return { tag, len, body };
}

function oidString(bytes: Buffer): string {
  const first = bytes[0]!;
  const parts = [Math.floor(first / 40), first % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function signatureAlgorithmOf(der: Buffer): string | undefined {
  try {
    const cert = header(der, 0);
    const tbs = header(der, cert.body);
    const alg = header(der, tbs.body + tbs.len);
    const oid = header(der, alg.body);
    if (oid.tag !== 0x06) return undefined;
    const s = oidString(der.subarray(oid.body, oid.body + oid.len));
    return NAMES[s] ?? s;
  } catch {
    return undefined;
  }
}
