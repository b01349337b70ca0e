// Certificates for the TLS tests, made at run time (EC P-256: fast on a small
// machine). One root and one intermediate; leaves for each failure a TLS
// check must see. Nothing key-like is stored in the repository.
import { generate } from 'selfsigned';

type Extensions = NonNullable<Parameters<typeof generate>[1]>['extensions'];

const DAY = 86_400_000;

export interface Leaf {
  key: string;
  cert: string;
}

export interface TestPki {
  rootPem: string;
  intermediatePem: string;
  valid: Leaf;
  expired: Leaf;
  wrongHost: Leaf;
  selfSigned: Leaf;
  /** For the server that still offers TLS 1.0 and 1.1. */
  legacy: Leaf;
}

const leafExt = (names: string[]): Extensions => [
  { name: 'basicConstraints', cA: false, critical: true },
  { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
  { name: 'extKeyUsage', serverAuth: true },
  { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2 as const, value })) },
];
const caExt: Extensions = [
  { name: 'basicConstraints', cA: true, critical: true },
  { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
];

export async function makePki(names: string[]): Promise<TestPki> {
  const now = Date.now();
  const notBeforeDate = new Date(now - DAY);
  const ec = { keyType: 'ec' as const, algorithm: 'sha256' };
  const root = await generate([{ name: 'commonName', value: 'launchready test root' }, { name: 'organizationName', value: 'launchready tests' }], {
    ...ec,
    notBeforeDate,
    notAfterDate: new Date(now + 300 * DAY),
    extensions: caExt,
  });
  const inter = await generate([{ name: 'commonName', value: 'launchready test intermediate' }, { name: 'organizationName', value: 'launchready tests' }], {
    ...ec,
    notBeforeDate,
    notAfterDate: new Date(now + 300 * DAY),
    extensions: caExt,
    ca: { key: root.private, cert: root.cert },
  });
  const leaf = async (names: string[], signer: { key: string; cert: string } | undefined, from: Date, to: Date) => {
    const r = await generate([{ name: 'commonName', value: names[0]! }], {
      ...ec,
      notBeforeDate: from,
      notAfterDate: to,
      extensions: leafExt(names),
      ...(signer ? { ca: signer } : {}),
    });
    return { key: r.private, cert: r.cert };
  };
  const interSigner = { key: inter.private, cert: inter.cert };
  const rootSigner = { key: root.private, cert: root.cert };
  const [valid, expired, wrongHost, selfSigned, legacy] = await Promise.all([
    leaf(names, interSigner, notBeforeDate, new Date(now + 90 * DAY)),
    leaf(names, rootSigner, new Date(now - 100 * DAY), new Date(now - 10 * DAY)),
    leaf(['other.example.test'], rootSigner, notBeforeDate, new Date(now + 90 * DAY)),
    leaf(names, undefined, notBeforeDate, new Date(now + 90 * DAY)),
    leaf(names, rootSigner, notBeforeDate, new Date(now + 90 * DAY)),
  ]);
  return { rootPem: root.cert, intermediatePem: inter.cert, valid, expired, wrongHost, selfSigned, legacy };
}
