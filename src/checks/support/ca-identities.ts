// Which CAA issuer domains belong to the CA that signed a certificate, from
// the issuer's organisation and name. The table is data: each CA publishes the
// domains it honours in CAA (its CP/CPS, section 4.2.1).
import type { TlsCertInfo } from '../../evidence/edge-types.js';

const CAS: [RegExp, string[]][] = [
  [/let'?s encrypt|internet security research group|isrg/i, ['letsencrypt.org']],
  [/digicert|geotrust|rapidssl|thawte/i, ['digicert.com', 'www.digicert.com', 'symantec.com', 'geotrust.com', 'rapidssl.com', 'thawte.com']],
  [/sectigo|comodo|usertrust/i, ['sectigo.com', 'comodoca.com', 'comodo.com', 'usertrust.com', 'trust-provider.com']],
  [/zerossl/i, ['sectigo.com', 'zerossl.com']],
  [/google trust services/i, ['pki.goog', 'google.com']],
  [/amazon/i, ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com']],
  [/globalsign/i, ['globalsign.com']],
  [/godaddy|starfield/i, ['godaddy.com', 'starfieldtech.com']],
  [/buypass/i, ['buypass.com', 'buypass.no']],
  [/ssl\.com/i, ['ssl.com']],
  [/entrust/i, ['entrust.net']],
  [/microsoft/i, ['microsoft.com']],
  [/cloudflare/i, ['digicert.com', 'letsencrypt.org', 'pki.goog', 'sectigo.com', 'ssl.com']],
];

export function caaDomainsFor(cert: Pick<TlsCertInfo, 'issuer' | 'issuerOrg'>): string[] {
  const text = `${cert.issuerOrg ?? ''} ${cert.issuer}`;
  return CAS.find(([re]) => re.test(text))?.[1] ?? [];
}
