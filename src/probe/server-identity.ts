// Does a certificate name the host it was served for, judged as browsers
// judge it? Node's tls.checkServerIdentity falls back to the subject CN when a
// certificate has no DNS subjectAltName and accepts partial wildcards
// (`f*.example.com`); browsers refuse both (Chrome since 58 and Firefox ignore
// the CN; RFC 9525 §6.3, which replaces RFC 6125, forbids the CN fallback and
// allows a wildcard only as the whole left-most label, as do the CA/Browser
// Forum Baseline Requirements). The probe client and the TLS
// gatherer both use this, so no check quietly trusts a certificate that a
// browser would refuse.
import net from 'node:net';
import type { PeerCertificate } from 'node:tls';

export interface SanEntry {
  /** "DNS", "IP Address", "URI", "email"… as OpenSSL prints them. */
  type: string;
  value: string;
}

/**
 * The entries of a subjectAltName string as Node prints it
 * (`DNS:a.example, IP Address:127.0.0.1`); values with special characters
 * come JSON-quoted (`DNS:"a,b"`, Node ≥ 17.3), which a split on commas breaks.
 * Also takes the list form stored in evidence (one entry per item).
 */
export function sanEntries(san: string | readonly string[] | undefined): SanEntry[] {
  const parts = typeof san === 'string' ? splitSan(san) : [...(san ?? [])];
  const out: SanEntry[] = [];
  for (const p of parts) {
    const colon = p.indexOf(':');
    if (colon < 0) continue;
    const type = p.slice(0, colon).trim();
    let value = p.slice(colon + 1).trim();
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        // keep it as printed
      }
    }
    out.push({ type, value });
  }
  return out;
}

function splitSan(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted && c === '\\') {
      cur += c + (s[++i] ?? '');
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (!quoted && c === ',') {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const norm = (name: string) => name.toLowerCase().replace(/\.$/, '');

function canonicalIp(ip: string): string {
  if (net.isIPv6(ip)) {
    try {
      return new URL(`http://[${ip}]/`).hostname;
    } catch {
      return ip;
    }
  }
  return ip;
}

/**
 * One presented DNS name against the host, by browsers' rules: exact match,
 * or a wildcard that is the whole left-most label and stands for exactly one
 * non-empty label, over at least two labels (`*.example.test`, never `*.test`).
 */
export function dnsNameMatches(host: string, pattern: string): boolean {
  const h = norm(host);
  const p = norm(pattern);
  if (!p.includes('*')) return h === p;
  if (!p.startsWith('*.') || p.indexOf('*', 1) >= 0) return false; // partial or inner wildcards: never
  const base = p.slice(2);
  if (base.split('.').length < 2) return false;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === base;
}

/** Whether the names in a subjectAltName (string or list form) cover the host; IP hosts match IP entries only. */
export function sanCoversHost(host: string, san: string | readonly string[] | undefined): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  const entries = sanEntries(san);
  if (net.isIP(h)) return entries.some((e) => e.type === 'IP Address' && canonicalIp(e.value) === canonicalIp(h));
  return entries.some((e) => e.type === 'DNS' && dnsNameMatches(h, e.value));
}

/**
 * A drop-in for tls.checkServerIdentity with browsers' rules: the
 * subjectAltName only, never the subject CN. Returns an Error shaped like
 * Node's (code ERR_TLS_CERT_ALTNAME_INVALID, reason, host, cert), or undefined.
 */
export function checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
  if (sanCoversHost(host, cert.subjectaltname)) return undefined;
  const cn = cert.subject?.CN;
  const reason = !cert.subjectaltname
    ? `the certificate has no subjectAltName${cn ? ` (only the subject CN=${String(cn)}, which browsers ignore)` : ''}`
    : `Host: ${host} is not in the cert's altnames: ${cert.subjectaltname}`;
  return Object.assign(new Error(`Hostname/IP does not match certificate's altnames: ${reason}`), { code: 'ERR_TLS_CERT_ALTNAME_INVALID', reason, host, cert });
}
