// Certificates with the chain each TLS case needs, made at run time (EC P-256,
// SHA-256): CAs and intermediates with any validity window, leaves with SANs,
// wildcards or a subject CN and no subjectAltName at all. Nothing key-like is
// stored in the repository.
import { generate } from 'selfsigned';

type Extensions = NonNullable<Parameters<typeof generate>[1]>['extensions'];

export const DAY = 86_400_000;

export interface Issued {
  key: string;
  cert: string;
}

const CA_EXT: Extensions = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];

/** Validity in days relative to now: from -1 (yesterday) to +days. */
export interface Window {
  fromDays?: number;
  toDays: number;
}

const dates = (w: Window) => ({ notBeforeDate: new Date(Date.now() + (w.fromDays ?? -1) * DAY), notAfterDate: new Date(Date.now() + w.toDays * DAY) });

export async function makeCa(cn: string, w: Window, signer?: Issued): Promise<Issued> {
  const r = await generate([{ name: 'commonName', value: cn }, { name: 'organizationName', value: 'launchready tests' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...dates(w),
    extensions: CA_EXT,
    ...(signer ? { ca: signer } : {}),
  });
  return { key: r.private, cert: r.cert };
}

/** A server certificate. `san: false` leaves the subjectAltName extension out (a CN-only certificate). */
export async function makeLeaf(o: { cn: string; san: string[] | false; window: Window; signer?: Issued }): Promise<Issued> {
  const ext: Extensions = [
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    ...(o.san ? [{ name: 'subjectAltName' as const, altNames: o.san.map((value) => (/^[\d.]+$/.test(value) ? { type: 7 as const, ip: value } : { type: 2 as const, value })) }] : []),
  ];
  const r = await generate([{ name: 'commonName', value: o.cn }], { keyType: 'ec', algorithm: 'sha256', ...dates(o.window), extensions: ext, ...(o.signer ? { ca: o.signer } : {}) });
  return { key: r.private, cert: r.cert };
}

/** What a server sends: its leaf then the intermediates, as one PEM bundle. */
export const bundle = (...certs: Issued[]) => certs.map((c) => c.cert.trim()).join('\n') + '\n';
