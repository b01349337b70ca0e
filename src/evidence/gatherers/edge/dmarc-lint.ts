// Our DMARC lookup and linter (RFC 7489). mailauth's DMARC lookup cannot tell
// a missing record from a duplicated one and does not lint a published
// policy, so both live here: the record set at _dmarc, the tags, the
// reporting addresses (with the external-authorisation record and MX).
import type { DmarcEvidence, ReportAddress } from '../../edge-types.js';
import { type DnsClient, isAbsent } from './dns-client.js';

const KNOWN_TAGS = new Set(['v', 'p', 'sp', 'np', 'pct', 'rua', 'ruf', 'adkim', 'aspf', 'fo', 'rf', 'ri', 'psd', 't']);
const POLICIES = new Set(['none', 'quarantine', 'reject']);

export const isDmarcRecord = (txt: string): boolean => /^v\s*=\s*DMARC1(\s*;|\s*$)/i.test(txt.trim());

export function parseTags(record: string): { tags: Record<string, string>; duplicates: string[]; malformed: string[] } {
  const tags: Record<string, string> = {};
  const duplicates: string[] = [];
  const malformed: string[] = [];
  for (const part of record.split(';')) {
    const piece = part.trim();
    if (!piece) continue;
    const eq = piece.indexOf('=');
    if (eq <= 0) {
      malformed.push(piece);
      continue;
    }
    const key = piece.slice(0, eq).trim().toLowerCase();
    if (key in tags) duplicates.push(key);
    tags[key] = piece.slice(eq + 1).trim();
  }
  return { tags, duplicates, malformed };
}

/** Organisational domain: the configured apex when the domain sits under it, else the last two labels (no public-suffix list). */
export function orgDomainOf(domain: string, apex: string | undefined): string {
  if (apex && (domain === apex || domain.endsWith(`.${apex}`))) return apex;
  return domain.split('.').slice(-2).join('.');
}

export async function gatherDmarc(domain: string, apex: string | undefined, client: DnsClient): Promise<DmarcEvidence> {
  const name = `_dmarc.${domain}`;
  let txt = await client.query(name, 'TXT');
  let records = txt.status === 'ok' ? txt.records.filter(isDmarcRecord) : [];
  let inheritedFrom: string | undefined;
  const org = orgDomainOf(domain, apex);
  if (records.length === 0 && (isAbsent(txt) || txt.status === 'ok') && org !== domain) {
    // RFC 7489 §6.6.3: fall back to the organisational domain's record.
    const orgTxt = await client.query(`_dmarc.${org}`, 'TXT');
    const orgRecords = orgTxt.status === 'ok' ? orgTxt.records.filter(isDmarcRecord) : [];
    if (orgRecords.length) {
      txt = orgTxt;
      records = orgRecords;
      inheritedFrom = org;
    }
  }
  const ev: DmarcEvidence = { domain, name, txt, records, tags: {}, problems: [], adkim: 'r', aspf: 'r', rua: [], ruf: [], ...(inheritedFrom ? { inheritedFrom } : {}) };
  if (records.length !== 1) return ev;

  const { tags, duplicates, malformed } = parseTags(records[0]!);
  ev.tags = tags;
  const problems = ev.problems;
  if (!/^v\s*=\s*DMARC1\s*(;|$)/.test(records[0]!.trim())) problems.push('v=DMARC1 must be the first tag, spelled exactly');
  for (const d of duplicates) problems.push(`tag ${d}= appears more than once`);
  for (const m of malformed) problems.push(`"${m}" is not a tag=value pair`);
  for (const k of Object.keys(tags)) if (!KNOWN_TAGS.has(k)) problems.push(`unknown tag ${k}= (ignored by receivers; a typo?)`);

  const p = tags.p?.toLowerCase();
  if (p === undefined) problems.push('no p= tag: receivers treat the record as invalid (or p=none if rua= is present)');
  else if (!POLICIES.has(p)) problems.push(`p=${tags.p} is not none, quarantine or reject`);
  else ev.policy = p;
  const sp = tags.sp?.toLowerCase();
  if (sp !== undefined) {
    if (!POLICIES.has(sp)) problems.push(`sp=${tags.sp} is not none, quarantine or reject`);
    else ev.subdomainPolicy = sp;
  }
  if (tags.pct !== undefined) {
    const pct = Number(tags.pct);
    if (!Number.isInteger(pct) || pct < 0 || pct > 100) problems.push(`pct=${tags.pct} is not an integer from 0 to 100`);
    else ev.pct = pct;
  }
  for (const k of ['adkim', 'aspf'] as const) {
    const v = tags[k]?.toLowerCase();
    if (v === undefined) continue;
    if (v !== 'r' && v !== 's') problems.push(`${k}=${tags[k]} must be r (relaxed) or s (strict)`);
    else ev[k] = v;
  }
  if (tags.fo !== undefined && !/^[01ds](:[01ds])*$/i.test(tags.fo)) problems.push(`fo=${tags.fo} is not a colon list of 0, 1, d, s`);
  if (tags.ri !== undefined && !/^\d+$/.test(tags.ri)) problems.push(`ri=${tags.ri} is not a number of seconds`);

  const policyDomain = inheritedFrom ?? domain;
  ev.rua = await reportAddresses(tags.rua, policyDomain, org, client);
  ev.ruf = await reportAddresses(tags.ruf, policyDomain, org, client);
  for (const a of [...ev.rua, ...ev.ruf]) {
    if (!a.valid) problems.push(`report address "${a.uri}" is not a valid mailto: URI`);
    else if (a.external && a.authorisation && a.authorised === false) {
      const there = isAbsent(a.authorisation) ? `no ${a.authorisation.name} record` : `the TXT at ${a.authorisation.name} is not a v=DMARC1 record: "${a.authorisation.records.join(' ')}"`;
      problems.push(`${a.domain} has not authorised reports for ${policyDomain} (${there}): receivers will not send them`);
    }
  }
  return ev;
}

async function reportAddresses(value: string | undefined, policyDomain: string, org: string, client: DnsClient): Promise<ReportAddress[]> {
  if (!value) return [];
  const uris = value.split(',').map((u) => u.trim()).filter(Boolean);
  return Promise.all(
    uris.map(async (uri): Promise<ReportAddress> => {
      const m = /^mailto:([^@\s!]+)@([a-z0-9.-]+\.[a-z0-9-]+)(![0-9]+[kmgt]?)?$/i.exec(uri);
      if (!m) return { uri, valid: false, external: false };
      const domain = m[2]!.toLowerCase();
      const external = !(domain === org || domain.endsWith(`.${org}`));
      const [mx, authorisation] = await Promise.all([
        client.query<{ exchange: string; priority: number }>(domain, 'MX'),
        external ? client.query(`${policyDomain}._report._dmarc.${domain}`, 'TXT') : Promise.resolve(undefined),
      ]);
      // RFC 7489 §7.1: only a TXT record there that starts with v=DMARC1 authorises the reports; any other TXT does not.
      const authorised = !authorisation ? undefined : authorisation.status === 'ok' ? authorisation.records.some((r) => isDmarcRecord(r)) : isAbsent(authorisation) ? false : undefined;
      return { uri, valid: true, domain, external, mx, ...(authorisation ? { authorisation, authorised } : {}) };
    }),
  );
}
