// DKIM key records (RFC 6376 §3.6.1): tags, key type and size. The size comes
// from parsing the key itself (createPublicKey on the DER in p=), not from the
// length of the base64, which differs between SPKI and PKCS#1 encodings.
import { createPublicKey } from 'node:crypto';
import type { DkimSelectorEvidence } from '../../edge-types.js';
import { parseTags } from './dmarc-lint.js';
import type { DnsClient } from './dns-client.js';

export const isDkimRecord = (txt: string): boolean => /(^|;)\s*p\s*=/i.test(txt) || /^v\s*=\s*DKIM1/i.test(txt.trim());

export function parseDkimKey(record: string): Pick<DkimSelectorEvidence, 'tags' | 'keyType' | 'keyBits' | 'revoked' | 'testing' | 'parseError'> {
  const { tags } = parseTags(record);
  const p = (tags.p ?? '').replace(/\s+/g, '');
  const k = (tags.k ?? 'rsa').toLowerCase();
  const testing = (tags.t ?? '').toLowerCase().split(':').map((f) => f.trim()).includes('y');
  const base = { tags, revoked: p === '', testing };
  if (tags.p === undefined) return { ...base, revoked: false, parseError: 'no p= tag' };
  if (p === '') return { ...base, keyType: k };
  const der = Buffer.from(p, 'base64');
  if (k === 'ed25519') {
    // RFC 8463: p= is the raw 32-byte public key, not a DER structure.
    return der.length === 32 ? { ...base, keyType: 'ed25519', keyBits: 256 } : { ...base, keyType: 'ed25519', parseError: `ed25519 key is ${der.length} bytes, not 32` };
  }
  for (const type of ['spki', 'pkcs1'] as const) {
    try {
      const key = createPublicKey({ key: der, format: 'der', type });
      return { ...base, keyType: key.asymmetricKeyType ?? k, keyBits: key.asymmetricKeyDetails?.modulusLength };
    } catch {
      // try the next encoding
    }
  }
  return { ...base, keyType: k, parseError: 'p= is not a readable public key' };
}

export async function gatherDkim(domain: string, selector: string, client: DnsClient): Promise<DkimSelectorEvidence> {
  const name = `${selector}._domainkey.${domain}`;
  const txt = await client.query(name, 'TXT');
  const records = txt.status === 'ok' ? txt.records.filter(isDkimRecord) : [];
  const ev: DkimSelectorEvidence = { selector, name, txt, records, tags: {}, revoked: false, testing: false };
  if (records.length === 0) return ev;
  if (records.length > 1) ev.parseError = `${records.length} key records at one selector: verifiers pick one at random`;
  const parsed = parseDkimKey(records[0]!);
  return { ...ev, ...parsed, parseError: ev.parseError ?? parsed.parseError };
}
