// The acme.test zone as plain data. Mail-auth and DNS checks are tested
// against these records directly, and the demo DNS server serves the same
// array, so what a unit test sees is exactly what a live run resolves.
import { generateKeyPairSync } from 'node:crypto';
import type { DemoMode } from './types.js';

interface RecordBase {
  /** Fully qualified, lower case, no trailing dot. */
  name: string;
  ttl?: number;
}

export type ZoneRecord =
  | (RecordBase & { type: 'A'; address: string })
  | (RecordBase & { type: 'AAAA'; address: string })
  | (RecordBase & { type: 'CNAME'; target: string })
  | (RecordBase & { type: 'MX'; exchange: string; priority: number })
  /** The character-strings as published on the wire, each at most 255 bytes. */
  | (RecordBase & { type: 'TXT'; data: string[] })
  | (RecordBase & { type: 'CAA'; flags: number; tag: 'issue' | 'issuewild' | 'iodef'; value: string });

export type ZoneRecordType = ZoneRecord['type'];

export const DEMO_APEX = 'acme.test';
export const DKIM_SELECTOR = 's1';

const LOOPBACK = '127.0.0.1';
const HOSTS = ['', 'app.', 'api.', 'www.', 'mail.', 'staging.'] as const;

/**
 * RFC 7208 §3.3 / RFC 6376 §3.6.2.2: a TXT value longer than 255 bytes is
 * published as several character-strings that readers concatenate.
 */
export function splitTxt(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const chunks: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 255) {
    chunks.push(bytes.subarray(offset, offset + 255).toString('utf8'));
  }
  return chunks.length > 0 ? chunks : [''];
}

/** The value a TXT consumer sees: its character-strings joined. */
export function txtValue(record: { data: string[] }): string {
  return record.data.join('');
}

function txt(name: string, value: string): ZoneRecord {
  return { name, type: 'TXT', data: splitTxt(value) };
}

function dkimRecord(modulusLength: number): string {
  // The key is made per call: a fixed key in source would look like a leaked
  // credential to secret scanners, and nothing ever verifies a demo signature.
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return `v=DKIM1; k=rsa; p=${spki}`;
}

/**
 * vulnerable: SPF +all (anyone may send as acme.test), no DMARC, a 512-bit
 * DKIM key (factorable). hardened: SPF mx -all, DMARC p=reject with strict
 * alignment, a 2048-bit DKIM key. Everything else is the same in both.
 */
export function demoZone(mode: DemoMode): ZoneRecord[] {
  const records: ZoneRecord[] = HOSTS.map((prefix) => ({
    name: `${prefix}${DEMO_APEX}`,
    type: 'A' as const,
    address: LOOPBACK,
  }));
  records.push(
    { name: DEMO_APEX, type: 'MX', exchange: `mail.${DEMO_APEX}`, priority: 10 },
    { name: DEMO_APEX, type: 'CAA', flags: 0, tag: 'issue', value: 'letsencrypt.org' },
    { name: DEMO_APEX, type: 'CAA', flags: 0, tag: 'iodef', value: `mailto:security@${DEMO_APEX}` },
    // An unrelated TXT next to SPF, as real apexes have: checks must pick the
    // v=spf1 record out of several.
    txt(DEMO_APEX, 'acme-site-verification=ops-demo'),
  );

  const dkimName = `${DKIM_SELECTOR}._domainkey.${DEMO_APEX}`;
  if (mode === 'vulnerable') {
    records.push(
      txt(DEMO_APEX, 'v=spf1 +all'),
      // Node 20 still generates 512-bit RSA keys (only OpenSSL policy on
      // signing with them is stricter), which is what makes this realistic.
      txt(dkimName, dkimRecord(512)),
    );
  } else {
    records.push(
      txt(DEMO_APEX, 'v=spf1 mx -all'),
      txt(`_dmarc.${DEMO_APEX}`, `v=DMARC1; p=reject; rua=mailto:dmarc@${DEMO_APEX}; adkim=s; aspf=s`),
      txt(`_mta-sts.${DEMO_APEX}`, 'v=STSv1; id=20260101'),
      txt(`_smtp._tls.${DEMO_APEX}`, `v=TLSRPTv1; rua=mailto:tls-reports@${DEMO_APEX}`),
      txt(dkimName, dkimRecord(2048)),
    );
  }
  return records;
}
