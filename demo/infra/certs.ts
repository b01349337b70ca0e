// A throwaway PKI for the demo: one CA made per run and one leaf it signs, so
// TLS checks exercise a real chain (trusted only via ACME_CA_FILE) instead of
// a self-signed certificate every client would have to be told to ignore.
import { generate } from 'selfsigned';

export interface DemoPki {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** Every host the demo serves over HTTPS; the leaf covers them all. */
export const DEMO_TLS_HOSTS = [
  'acme.test',
  'app.acme.test',
  'api.acme.test',
  'www.acme.test',
  'staging.acme.test',
] as const;

const VALID_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Async because selfsigned@5 only offers an async generate(); both keys are
 * made in memory on each call (about a second on a small machine).
 */
export async function createDemoPki(opts: { leafValidDays?: number } = {}): Promise<DemoPki> {
  // Back-date a minute so a client whose clock is slightly behind still
  // accepts the certificate right after startup.
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_DAYS * DAY_MS);
  // The vulnerable demo's leaf runs out within days: the renewal nobody set up.
  const leafNotAfterDate = new Date(notBeforeDate.getTime() + (opts.leafValidDays ?? VALID_DAYS) * DAY_MS);

  const ca = await generate(
    [
      { name: 'commonName', value: 'Acme Ops Demo CA' },
      { name: 'organizationName', value: 'launchready demo' },
    ],
    {
      algorithm: 'sha256', // selfsigned defaults to SHA-1, which TLS clients reject
      keySize: 2048,
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
      ],
    },
  );

  const leaf = await generate(
    [
      { name: 'commonName', value: 'acme.test' },
      { name: 'organizationName', value: 'Acme Ops' },
    ],
    {
      algorithm: 'sha256',
      keySize: 2048,
      notBeforeDate,
      notAfterDate: leafNotAfterDate,
      ca: { key: ca.private, cert: ca.cert },
      extensions: [
        { name: 'basicConstraints', cA: false, critical: true },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        { name: 'subjectAltName', altNames: DEMO_TLS_HOSTS.map((value) => ({ type: 2 as const, value })) },
      ],
    },
  );

  return { caPem: ca.cert, certPem: leaf.cert, keyPem: leaf.private };
}
