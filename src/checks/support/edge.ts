// Shared shapes for stage-3 checks: DNS answers and TLS handshakes as
// evidence items, reproduction commands, and the "some hosts could not be
// judged" rule (an error, never a pass).
import type { DnsAnswer, TlsCertInfo, TlsHostEvidence } from '../../evidence/edge-types.js';
import { describeAnswer, digFor } from '../../evidence/gatherers/edge/dns-client.js';
import type { EvidenceItem } from '../../report/model.js';
import type { CheckOutcome, FindingInput, Judged } from '../types.js';

export { digFor };

export function dnsItem(summary: string, ...answers: DnsAnswer<unknown>[]): EvidenceItem {
  return { kind: 'dns', summary, excerpt: answers.map(describeAnswer).join('\n') };
}

export function opensslFor(t: Pick<TlsHostEvidence, 'host' | 'port' | 'address'>, extra = ''): string {
  const connect = `${t.address ?? t.host}:${t.port}`;
  return `openssl s_client -connect ${connect} -servername ${t.host}${extra} </dev/null`;
}

export function certSummary(c: TlsCertInfo): string {
  return [
    `subject: ${c.subject}`,
    `issuer: ${c.issuer}`,
    `valid: ${c.validFrom} → ${c.validTo} (${c.lifetimeDays} days)`,
    `key: ${c.keyType ?? '?'} ${c.keyBits ?? '?'} bits${c.curve ? ` (${c.curve})` : ''}`,
    `signature: ${c.signatureAlgorithm ?? '?'}`,
    `names: ${c.subjectAltNames.join(', ') || '(none)'}`,
    `sha256: ${c.fingerprint256}`,
  ].join('\n');
}

export function tlsItem(summary: string, t: TlsHostEvidence, certs: TlsCertInfo[] = t.chain.slice(0, 1)): EvidenceItem {
  const head = [`${t.host}:${t.port}${t.address ? ` (${t.address})` : ''} ${t.protocol ?? ''} ${t.cipher ?? ''}`.trim()];
  return { kind: 'text', summary, excerpt: [...head, ...certs.map(certSummary)].join('\n\n') };
}

/**
 * Findings win; otherwise an undecided item makes the whole check an error
 * (never a pass with holes); otherwise pass.
 */
export function conclude(findings: FindingInput[], undecided: string[], passReason?: string, warnOnly = false, judged?: Judged): CheckOutcome {
  if (findings.length) {
    return {
      status: warnOnly ? 'warn' : 'fail',
      findings,
      ...(undecided.length ? { reason: `also could not judge: ${undecided.join('; ')}` } : {}),
    };
  }
  if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
  return { status: 'pass', ...(passReason ? { reason: passReason } : {}), ...judged };
}

/**
/**
 * Hosts whose handshake worked, the reasons the others could not be judged,
 * and what a pass covers. A legacy-only host (TLS 1.0/1.1 and nothing newer)
 * is undecided for every check but the protocol one: browsers never get as
 * far as its certificate. A host with no HTTPS listener (refused, or a name
 * that does not exist) has no certificate to judge: its absence is
 * http-not-redirected-to-https's and host-does-not-resolve's finding, so it
 * does not hold a TLS check back. But when no host at all completed a
 * handshake nothing was judged, and the engine makes the pass not-tested.
 */
export function splitTls(hosts: TlsHostEvidence[]): { ok: TlsHostEvidence[]; undecided: string[]; reachable: number; legacyOnly: TlsHostEvidence[]; judged: Judged } {
  const ok = hosts.filter((h) => h.status === 'ok' && h.chain.length > 0);
  const legacyOnly = hosts.filter((h) => h.status === 'legacy-only');
  const undecided = [
    ...hosts.filter((h) => h.status === 'error').map((h) => `${h.host}:${h.port}: ${h.error ?? 'handshake failed'}`),
    ...legacyOnly.map((h) => `${h.host}:${h.port}: not judged, it speaks only legacy TLS (see tls-legacy-protocol-offered): ${h.error ?? ''}`),
  ];
  const silent = hosts.filter((h) => !ok.includes(h) && h.status !== 'error' && h.status !== 'legacy-only').map((h) => `${h.host}:${h.port} ${h.error ?? 'did not answer'}`);
  const judged: Judged = { judged: ok.length, of: ok.length || silent.length, unit: 'hosts', ...(silent.length ? { shortfall: silent.join('; ') } : {}) };
  return { ok, undecided, reachable: hosts.filter((h) => h.status !== 'unreachable').length, legacyOnly, judged };
}

export const DAY_MS = 86_400_000;
