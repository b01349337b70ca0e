// Evidence of stage 3 (edge, domain and mail): DNS answers, mail-auth
// records with our lint of them, TLS handshakes per host, and HTTP redirect
// chains and pages. Every DNS answer keeps its status, so "the record is
// missing" (NXDOMAIN/NODATA) never gets confused with "the server did not
// answer" (timeout/SERVFAIL): only the first is a finding, the second an error.
import type { HttpExchange } from './types.js';

export type DnsStatus = 'ok' | 'nxdomain' | 'nodata' | 'timeout' | 'servfail' | 'refused' | 'error';

export interface DnsAnswer<T = string> {
  name: string;
  type: string;
  status: DnsStatus;
  records: T[];
  /** Set for timeout/servfail/refused/error. */
  error?: string;
}

export interface CaaRecord {
  critical: number;
  tag: string;
  value: string;
}

export interface DnsHost {
  name: string;
  /** apex, www, app, api, mail, extra, redirect, environment */
  roles: string[];
  environments: string[];
  /** CNAME hops from the name, in order (empty when the name has none). */
  cnameChain: string[];
  /** The CNAME query at the name itself. */
  cname: DnsAnswer;
  a: DnsAnswer;
  aaaa: DnsAnswer;
  /** For a CNAME: the A/AAAA answers of the last target in the chain. */
  target?: { name: string; a: DnsAnswer; aaaa: DnsAnswer };
  /** The relevant CAA set (RFC 8659: the closest name up the tree that has one). */
  caa: { foundAt?: string; records: CaaRecord[]; status: DnsStatus; error?: string };
}

export interface DnsEvidence {
  /** "system" or the HOST:PORT every query went to. */
  server: string;
  apex?: string;
  hosts: DnsHost[];
}

// ---- mail -----------------------------------------------------------------

export interface SpfIssue {
  /** Domain whose record has the problem (the sending domain or an include). */
  domain: string;
  code: 'multiple-records' | 'syntax' | 'ptr' | 'include-missing' | 'include-error' | 'void-lookup' | 'loop' | 'deprecated';
  message: string;
}

export interface SpfLint {
  /** The effective `all` qualifier after following redirect=; undefined when there is none. */
  allQualifier?: '+' | '-' | '~' | '?';
  /** Worst-case DNS-querying terms over the whole include/redirect tree (limit 10). */
  lookupCount: number;
  /** Lookups per domain in the tree, for the report. */
  lookupsByDomain: Record<string, number>;
  /** Terms that query a name which does not exist or has no data (limit 2). */
  voidLookups: string[];
  usesPtr: boolean;
  issues: SpfIssue[];
  /**
   * Terms that authorise a whole address family or a large share of one
   * (ip4/ip6 prefixes, a/mx with a short prefix length), over the whole
   * include tree: a record can end in -all and still let everyone send.
   */
  broadRanges?: SpfBroadRange[];
  /** Records (of several published) whose own evaluation ends in +all. */
  passAllRecords?: string[];
}

export interface SpfBroadRange {
  /** Domain whose record holds the term. */
  domain: string;
  term: string;
  family: 4 | 6;
  prefix: number;
  /** `whole`: every address of the family (IPv6: all of global unicast, 2000::/3); `large`: at least a /8 of IPv4 or a /16 of IPv6. */
  extent: 'whole' | 'large';
}

export interface SpfEvidence {
  domain: string;
  txt: DnsAnswer;
  /** The v=spf1 records among the TXT strings. */
  records: string[];
  lint?: SpfLint;
  /** mailauth's verdict for a documentation-range address (192.0.2.1): pass means anyone may send. */
  strangerResult?: { ip: string; result: string; comment?: string };
}

export interface ReportAddress {
  uri: string;
  valid: boolean;
  domain?: string;
  /** Domain differs from the policy domain: needs an authorisation record (RFC 7489 §7.1). */
  external: boolean;
  authorisation?: DnsAnswer;
  /** The authorisation record exists and starts with v=DMARC1 (another TXT there authorises nothing). Undefined when unknown or not needed. */
  authorised?: boolean;
  mx?: DnsAnswer<{ exchange: string; priority: number }>;
}

export interface DmarcEvidence {
  domain: string;
  /** Where the record was looked up first (_dmarc.<domain>). */
  name: string;
  txt: DnsAnswer;
  records: string[];
  /** Found only at the organisational domain (its sp= applies). */
  inheritedFrom?: string;
  tags: Record<string, string>;
  problems: string[];
  policy?: string;
  subdomainPolicy?: string;
  pct?: number;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  rua: ReportAddress[];
  ruf: ReportAddress[];
}

export interface DkimSelectorEvidence {
  selector: string;
  name: string;
  txt: DnsAnswer;
  records: string[];
  tags: Record<string, string>;
  keyType?: string;
  keyBits?: number;
  revoked: boolean;
  testing: boolean;
  parseError?: string;
}

export interface MailEvidence {
  domain: string;
  /** "system" or the HOST:PORT the records were read from (for dig commands). */
  dnsServer: string;
  mx: DnsAnswer<{ exchange: string; priority: number }>;
  spf: SpfEvidence;
  dmarc: DmarcEvidence;
  dkim: DkimSelectorEvidence[];
  mtaSts: DnsAnswer;
  tlsRpt: DnsAnswer;
}

// ---- TLS ------------------------------------------------------------------

export interface TlsCertInfo {
  subject: string;
  issuer: string;
  issuerOrg?: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  lifetimeDays: number;
  keyType?: string;
  keyBits?: number;
  curve?: string;
  signatureAlgorithm?: string;
  fingerprint256: string;
  selfSigned: boolean;
}

export interface LegacyProbe {
  /** true: the handshake completed; false: refused; undefined: could not tell (error). */
  offered?: boolean;
  detail: string;
}

export interface TlsHostEvidence {
  host: string;
  port: number;
  address?: string;
  /**
   * ok: handshake done; unreachable: nothing listens (refused / does not resolve); error: timeout or handshake failure;
   * legacy-only: TLS 1.2+ failed but TLS 1.0 or 1.1 completed (chain, protocol and cipher are from that handshake).
   */
  status: 'ok' | 'unreachable' | 'error' | 'legacy-only';
  error?: string;
  protocol?: string;
  cipher?: string;
  /** Leaf first, as the server sent it. */
  chain: TlsCertInfo[];
  trusted?: boolean;
  /** OpenSSL's verification code when untrusted (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT…). */
  trustError?: string;
  /** Why the certificate does not cover the host by browsers' rules (subjectAltName only: probe/server-identity.ts). */
  hostnameError?: string;
  legacy: { 'TLSv1': LegacyProbe; 'TLSv1.1': LegacyProbe };
  checkedAt: string;
}

export interface OriginExposure {
  /** The host that sits behind a CDN. */
  proxiedHost: string;
  cdn: string;
  /** The unproxied host whose address answered for it. */
  viaHost: string;
  address: string;
  port: number;
  /** The address completed a handshake for proxiedHost with a certificate naming it. */
  answers: boolean;
  detail: string;
}

export interface TlsEvidence {
  hosts: TlsHostEvidence[];
  /** Probes of unproxied addresses with the SNI of a CDN-fronted host. */
  originProbes: OriginExposure[];
}

// ---- HTTP at the edge -----------------------------------------------------

export interface RedirectChain {
  start: string;
  kind: 'http-to-https' | 'https' | 'legacy';
  /** For kind legacy: where the config says it must land. */
  expected?: string;
  hops: HttpExchange[];
  /** final: a non-redirect answer; loop: a URL came back; hop-limit: too many hops; error: a hop failed. */
  end: 'final' | 'loop' | 'hop-limit' | 'error';
}

export interface MixedRef {
  /** The element (or "stylesheet" for a linked sheet's own rules). */
  tag: string;
  /** The attribute, or where in CSS: "@import", "url()", "style (url())". */
  attr: string;
  /** Resolved against <base href> / the page / the stylesheet, as the browser resolves it. */
  url: string;
  /** active content (script, style, iframe, font, form action) is blocked or leaks data; passive (images, media) warns. */
  kind: 'active' | 'passive' | 'form';
  /** For a linked stylesheet's rules: the stylesheet's URL. */
  source?: string;
}

export interface EdgePage {
  host: string;
  /** Final URL after redirects. */
  url: string;
  exchange: HttpExchange;
  /** The HTML was cut at the probe's body cap. */
  truncated: boolean;
  mixed: MixedRef[];
  /**
   * Content-Security-Policy upgrade-insecure-requests, from the response header or a
   * <meta http-equiv>: browsers then fetch http:// subresources (and same-host form
   * posts) over https instead of blocking them.
   */
  upgradeInsecureRequests?: 'header' | 'meta';
  /** Linked https stylesheets whose own rules were read (with what came back). */
  stylesheets?: { url: string; outcome: string }[];
}

export interface CdnSighting {
  host: string;
  provider: string;
  /** What gave it away: a response header or a CNAME target. */
  signal: string;
}

export interface ApiResponseSample {
  exchange: HttpExchange;
  authenticated: boolean;
}

export interface EdgeHttpEvidence {
  chains: RedirectChain[];
  pages: EdgePage[];
  apiResponses: ApiResponseSample[];
  cdn: CdnSighting[];
  hopLimit: number;
}
