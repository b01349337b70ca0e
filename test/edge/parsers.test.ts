// The parsers the gatherers rely on: SPF terms, DMARC/DKIM tags and keys,
// mixed-content extraction from HTML, and the certificate signature OID.
import { generateKeyPairSync } from 'node:crypto';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { parseDkimKey } from '../../src/evidence/gatherers/edge/dkim-key.js';
import { isDmarcRecord, parseTags } from '../../src/evidence/gatherers/edge/dmarc-lint.js';
import { findMixedContent } from '../../src/evidence/gatherers/edge/http-edge.js';
import { isSpfRecord, parseSpf } from '../../src/evidence/gatherers/edge/spf-lint.js';
import { signatureAlgorithmOf } from '../../src/evidence/gatherers/edge/x509-sigalg.js';

describe('SPF parsing', () => {
  it('reads qualifiers, mechanisms, CIDRs and modifiers', () => {
    const { terms, errors } = parseSpf('v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a:mail.example.test/28 ~mx include:_spf.x.test redirect=_spf.y.test -all');
    expect(errors).toEqual([]);
    expect(terms.map((t) => `${t.qualifier}${t.name}`)).toEqual(['+ip4', '+ip6', '+a', '~mx', '+include', '+redirect', '-all']);
    expect(terms.find((t) => t.name === 'a')?.value).toBe('mail.example.test/28');
  });
  it('reports bad terms', () => {
    const { errors } = parseSpf('v=spf1 ip4:999.1.1.1 include: foo:bar all:x');
    expect(errors).toHaveLength(4);
  });
  it('recognises only v=spf1 records', () => {
    expect(isSpfRecord('v=spf1 -all')).toBe(true);
    expect(isSpfRecord('v=spf10 -all')).toBe(false);
    expect(isSpfRecord('google-site-verification=x')).toBe(false);
  });
});

describe('DMARC and DKIM tags', () => {
  it('parses tags, duplicates and junk', () => {
    const r = parseTags('v=DMARC1; p=reject; p=none; junk; rua=mailto:a@b.test');
    expect(r.tags.p).toBe('none');
    expect(r.duplicates).toEqual(['p']);
    expect(r.malformed).toEqual(['junk']);
    expect(isDmarcRecord('v=DMARC1; p=none')).toBe(true);
    expect(isDmarcRecord('v=spf1 -all')).toBe(false);
  });
  it('reads the DKIM key size from the key itself', () => {
    const der = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseDkimKey(`v=DKIM1; k=rsa; p=${der(1024)}`)).toMatchObject({ keyType: 'rsa', keyBits: 1024, revoked: false });
    expect(parseDkimKey('v=DKIM1; k=rsa; p=')).toMatchObject({ revoked: true });
    expect(parseDkimKey('v=DKIM1; t=y; p=AAAA')).toMatchObject({ testing: true, parseError: expect.any(String) });
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).subarray(-32).toString('base64');
    expect(parseDkimKey(`v=DKIM1; k=ed25519; p=${ed}`)).toMatchObject({ keyType: 'ed25519', keyBits: 256 });
  });
});

describe('mixed content', () => {
  it('finds http: scripts, styles, images, srcset entries and form actions only', () => {
    const refs = findMixedContent(`<html><head><script src="http://a.test/x.js"></script><script src="https://a.test/y.js"></script>
      <link rel="stylesheet" href="http://a.test/s.css"><link rel="canonical" href="http://a.test/"></head>
      <body><img srcset="https://a.test/1.png 1x, http://a.test/2.png 2x"><a href="http://a.test/">link</a>
      <template><iframe src="http://a.test/f"></iframe></template>
      <form action="http://a.test/login"></form></body></html>`);
    expect(refs.map((r) => `${r.kind}:${r.tag}`).sort()).toEqual(['active:iframe', 'active:link', 'active:script', 'form:form', 'passive:img']);
  });
});

describe('certificate signature algorithm', () => {
  it('reads the OID from the DER', async () => {
    const c = await generate([{ name: 'commonName', value: 'x.test' }], { keyType: 'ec', algorithm: 'sha256' });
    const der = Buffer.from(c.cert.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    expect(signatureAlgorithmOf(der)).toBe('ecdsa-with-SHA256');
    expect(signatureAlgorithmOf(Buffer.from([0x30, 0x01]))).toBeUndefined();
  });
});
