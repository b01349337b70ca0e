// Every check the audit runs, in report order. Adding a check is one file
// plus one line here.
import unauthenticatedAccess from './access/unauthenticated-access.js';
import envFileCommitted from './deploy/env-file-committed.js';
import errorResponseLeaksInternals from './deploy/error-response-leaks-internals.js';
import httpNotRedirectedToHttps from './edge/http-not-redirected-to-https.js';
import missingSecurityHeaders from './edge/missing-security-headers.js';
import apiResponseCacheable from './edge/api-response-cacheable.js';
import caaForbidsIssuer from './edge/caa-forbids-issuer.js';
import cnameAtApex from './edge/cname-at-apex.js';
import danglingCname from './edge/dangling-cname.js';
import hostDoesNotResolve from './edge/host-does-not-resolve.js';
import hstsWeak from './edge/hsts-weak.js';
import legacyRedirectWrongTarget from './edge/legacy-redirect-wrong-target.js';
import mixedContent from './edge/mixed-content.js';
import originExposedBesideCdn from './edge/origin-exposed-beside-cdn.js';
import redirectChainBroken from './edge/redirect-chain-broken.js';
import tlsCertificateExpiring from './edge/tls-certificate-expiring.js';
import tlsCertificateLifetimeTooLong from './edge/tls-certificate-lifetime-too-long.js';
import tlsCertificateUntrusted from './edge/tls-certificate-untrusted.js';
import tlsHostnameMismatch from './edge/tls-hostname-mismatch.js';
import tlsLegacyProtocolOffered from './edge/tls-legacy-protocol-offered.js';
import tlsWeakKeyOrSignature from './edge/tls-weak-key-or-signature.js';
import dkimKeyTooWeak from './mail/dkim-key-too-weak.js';
import dkimSelectorMissing from './mail/dkim-selector-missing.js';
import dmarcMissing from './mail/dmarc-missing.js';
import dmarcPolicyNone from './mail/dmarc-policy-none.js';
import dmarcRecordInvalid from './mail/dmarc-record-invalid.js';
import mtaStsMissing from './mail/mta-sts-missing.js';
import mxMissing from './mail/mx-missing.js';
import spfAllowsAnySender from './mail/spf-allows-any-sender.js';
import spfMissing from './mail/spf-missing.js';
import spfRecordInvalid from './mail/spf-record-invalid.js';
import spfTooManyLookups from './mail/spf-too-many-lookups.js';
import tlsRptMissing from './mail/tls-rpt-missing.js';
import type { Check } from './types.js';

export const CHECKS: readonly Check[] = [
  unauthenticatedAccess,
  httpNotRedirectedToHttps,
  missingSecurityHeaders,
  // stage 3: edge, domain and mail
  hostDoesNotResolve,
  danglingCname,
  cnameAtApex,
  caaForbidsIssuer,
  tlsCertificateExpiring,
  tlsCertificateUntrusted,
  tlsHostnameMismatch,
  tlsLegacyProtocolOffered,
  tlsWeakKeyOrSignature,
  tlsCertificateLifetimeTooLong,
  redirectChainBroken,
  legacyRedirectWrongTarget,
  hstsWeak,
  mixedContent,
  apiResponseCacheable,
  originExposedBesideCdn,
  spfMissing,
  spfAllowsAnySender,
  spfTooManyLookups,
  spfRecordInvalid,
  dmarcMissing,
  dmarcPolicyNone,
  dmarcRecordInvalid,
  dkimSelectorMissing,
  dkimKeyTooWeak,
  mxMissing,
  mtaStsMissing,
  tlsRptMissing,
  errorResponseLeaksInternals,
  envFileCommitted,
] as unknown as readonly Check[];
