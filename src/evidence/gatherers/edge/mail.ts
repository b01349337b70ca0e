// Mail authentication of the sending domain: MX, SPF (our lint of the whole
// tree, plus mailauth's evaluation for a stranger's address), DMARC, DKIM at
// the configured selectors, and MTA-STS / TLS-RPT as information.
import { spf as mailauthSpf } from 'mailauth';
import type { MailEvidence, SpfEvidence } from '../../edge-types.js';
import { gatherDkim } from './dkim-key.js';
import { gatherDmarc } from './dmarc-lint.js';
import type { DnsClient } from './dns-client.js';
import { isSpfRecord, lintSpfRecords } from './spf-lint.js';

/** RFC 5737 documentation address: no legitimate SPF record should authorise it. */
export const STRANGER_IP = '192.0.2.1';

export async function gatherMail(
  domain: string,
  opts: { apex?: string; dkimSelectors: string[] },
  client: DnsClient,
): Promise<MailEvidence> {
  const d = domain.toLowerCase();
  const [mx, spf, dmarc, dkim, mtaSts, tlsRpt] = await Promise.all([
    client.query<{ exchange: string; priority: number }>(d, 'MX'),
    gatherSpf(d, client),
    gatherDmarc(d, opts.apex?.toLowerCase(), client),
    Promise.all(opts.dkimSelectors.map((s) => gatherDkim(d, s, client))),
    client.query(`_mta-sts.${d}`, 'TXT'),
    client.query(`_smtp._tls.${d}`, 'TXT'),
  ]);
  return { domain: d, dnsServer: client.server, mx, spf, dmarc, dkim, mtaSts, tlsRpt };
}

async function gatherSpf(domain: string, client: DnsClient): Promise<SpfEvidence> {
  const txt = await client.query(domain, 'TXT');
  // Sorted: the order a DNS server lists records in must not change any verdict.
  const records = txt.status === 'ok' ? txt.records.filter(isSpfRecord).sort() : [];
  const ev: SpfEvidence = { domain, txt, records };
  if (records.length === 0) return ev;
  ev.lint = await lintSpfRecords(domain, records, client);
  if (records.length > 1) {
    ev.lint.issues.unshift({ domain, code: 'multiple-records', message: `${domain} publishes ${records.length} SPF records: receivers return permerror and SPF fails for all mail` });
  }
  try {
    const res = await mailauthSpf({
      sender: `postmaster@${domain}`,
      ip: STRANGER_IP,
      helo: `launchready.invalid`,
      mta: 'launchready',
      resolver: client.resolveRaw as never,
    });
    const status = (res as unknown as { status?: { result?: string; comment?: string } }).status;
    ev.strangerResult = { ip: STRANGER_IP, result: status?.result ?? 'unknown', ...(status?.comment ? { comment: status.comment } : {}) };
  } catch (err) {
    ev.strangerResult = { ip: STRANGER_IP, result: 'error', comment: (err as Error).message };
  }
  return ev;
}
