// Our SPF linter (RFC 7208). mailauth evaluates a record for one client IP and
// stops at the first match, so it cannot tell the worst-case lookup count over
// the whole include tree, list void lookups, or report every problem at once;
// those are what a launch review needs, so the walk over the tree is ours.
import { isIP } from 'node:net';
import type { SpfBroadRange, SpfIssue, SpfLint } from '../../edge-types.js';
import { type DnsClient, isAbsent } from './dns-client.js';

const LOOKUP_MECHANISMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);
const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const MAX_DEPTH = 10;

export const isSpfRecord = (txt: string): boolean => /^v=spf1(\s|$)/i.test(txt.trim());

export interface SpfTerm {
  raw: string;
  qualifier: '+' | '-' | '~' | '?';
  name: string;
  value?: string;
  modifier: boolean;
}

export function parseSpf(record: string): { terms: SpfTerm[]; errors: string[] } {
  const parts = record.trim().split(/\s+/).slice(1);
  const terms: SpfTerm[] = [];
  const errors: string[] = [];
  for (const raw of parts) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (mod) {
      terms.push({ raw, qualifier: '+', name: mod[1]!.toLowerCase(), value: mod[2], modifier: true });
      continue;
    }
    const m = /^([+\-~?]?)([a-z][a-z0-9_.-]*)(?::(.*?))?(\/\/?\d+.*)?$/i.exec(raw);
    if (!m) {
      errors.push(`"${raw}" is not a valid SPF term`);
      continue;
    }
    const name = m[2]!.toLowerCase();
    const qualifier = (m[1] || '+') as SpfTerm['qualifier'];
    const value = m[3] === undefined ? undefined : m[3] + (m[4] ?? '');
    const term: SpfTerm = { raw, qualifier, name, value, modifier: false };
    if (!MECHANISMS.has(name)) errors.push(`unknown mechanism "${name}" in "${raw}"`);
    else if ((name === 'include' || name === 'exists') && !m[3]) errors.push(`"${raw}" needs a domain`);
    else if (name === 'ip4' && !validCidr(m[3], 4, m[4])) errors.push(`"${raw}" is not a valid IPv4 network`);
    else if (name === 'ip6' && !validCidr(m[3], 6, m[4])) errors.push(`"${raw}" is not a valid IPv6 network`);
    else if (name === 'all' && (m[3] !== undefined || m[4])) errors.push(`"${raw}": all takes no argument`);
    terms.push(term);
  }
  return { terms, errors };
}

function validCidr(addr: string | undefined, family: 4 | 6, cidr: string | undefined): boolean {
  if (!addr) return false;
  // ip6:: values contain colons, so the regex may have split the prefix into value; rejoin.
  const [ip, len] = (addr + (cidr ?? '')).split('/');
  if (isIP(ip ?? '') !== family) return false;
  if (len === undefined) return true;
  const n = Number(len);
  return Number.isInteger(n) && n >= 0 && n <= (family === 4 ? 32 : 128);
}

const hasMacro = (s: string) => s.includes('%');
/** The domain part of a:/mx: values (drop the CIDR suffix). */
const domainOf = (value: string | undefined, current: string) => (value ? value.split('/')[0]! : current).toLowerCase();

interface Walk {
  lookups: Record<string, number>;
  voids: string[];
  issues: SpfIssue[];
  usesPtr: boolean;
  broad: SpfBroadRange[];
}

export async function lintSpf(domain: string, record: string, client: DnsClient): Promise<SpfLint> {
  const walk: Walk = { lookups: {}, voids: [], issues: [], usesPtr: false, broad: [] };
  const allQualifier = await lintRecord(domain, record, client, walk, [domain]);
  const lookupCount = Object.values(walk.lookups).reduce((a, b) => a + b, 0);
  return {
    allQualifier,
    lookupCount,
    lookupsByDomain: walk.lookups,
    voidLookups: walk.voids,
    usesPtr: walk.usesPtr,
    issues: walk.issues,
    broadRanges: walk.broad.sort((a, b) => a.domain.localeCompare(b.domain) || a.term.localeCompare(b.term)),
  };
}

/**
 * Several published records: RFC 7208 §4.5 makes that a permerror, and
 * which one a receiver would read depends on the order the DNS server lists
 * them, so the verdict must not: every record is linted (in a fixed order)
 * and what any of them allows is reported.
 */
export async function lintSpfRecords(domain: string, records: readonly string[], client: DnsClient): Promise<SpfLint> {
  const sorted = [...records].sort();
  const lints = await Promise.all(sorted.map((r) => lintSpf(domain, r, client)));
  if (lints.length === 1) return lints[0]!;
  const passAll = sorted.filter((_, i) => lints[i]!.allQualifier === '+');
  const lookupsByDomain: Record<string, number> = {};
  for (const l of lints) for (const [d, n] of Object.entries(l.lookupsByDomain)) lookupsByDomain[d] = Math.max(lookupsByDomain[d] ?? 0, n);
  const uniq = <T>(xs: T[], key: (x: T) => string): T[] => [...new Map(xs.map((x) => [key(x), x])).values()];
  return {
    allQualifier: passAll.length ? '+' : lints[0]!.allQualifier,
    lookupCount: Math.max(...lints.map((l) => l.lookupCount)),
    lookupsByDomain,
    voidLookups: [...new Set(lints.flatMap((l) => l.voidLookups))],
    usesPtr: lints.some((l) => l.usesPtr),
    issues: uniq(lints.flatMap((l) => l.issues), (i) => `${i.domain}\0${i.code}\0${i.message}`),
    broadRanges: uniq(lints.flatMap((l) => l.broadRanges ?? []), (b) => `${b.domain}\0${b.term}`),
    passAllRecords: passAll,
  };
}

/**
 * The ranges a term authorises, when they are a whole family or a large
 * share of one. ip4:/ip6: carry one prefix; a and mx carry up to two
 * (`a/24//64`: IPv4 and IPv6 prefix lengths applied to every address the
 * name resolves to, RFC 7208 §5.6).
 */
export function broadRangesOf(term: SpfTerm): { family: 4 | 6; prefix: number; extent: SpfBroadRange['extent'] }[] {
  if (term.modifier || term.qualifier !== '+') return [];
  const out: { family: 4 | 6; prefix: number; extent: SpfBroadRange['extent'] }[] = [];
  const judge = (family: 4 | 6, prefix: number, address?: string): void => {
    const extent = extentOf(family, prefix, address);
    if (extent) out.push({ family, prefix, extent });
  };
  if (term.name === 'ip4' || term.name === 'ip6') {
    const family = term.name === 'ip4' ? 4 : 6;
    const [address, len] = (term.value ?? '').split(/\/(?=\d+$)/);
    if (len !== undefined) judge(family, Number(len), address);
  } else if (term.name === 'a' || term.name === 'mx') {
    const m = /(?:\/(\d{1,2}))?(?:\/\/(\d{1,3}))?$/.exec(term.raw);
    if (m?.[1] !== undefined) judge(4, Number(m[1]));
    if (m?.[2] !== undefined) judge(6, Number(m[2]));
  }
  return out;
}

function extentOf(family: 4 | 6, prefix: number, address?: string): SpfBroadRange['extent'] | undefined {
  if (family === 4) return prefix === 0 ? 'whole' : prefix <= 8 ? 'large' : undefined;
  // IPv6: every global unicast address sits in 2000::/3, so a prefix of 3 or less that holds it is everyone.
  if (prefix === 0) return 'whole';
  if (prefix <= 3) {
    const first = address === undefined || address.startsWith('::') ? 0 : parseInt(address.split(':')[0] || '0', 16);
    const shift = 16 - prefix;
    return first >> shift === 0x2000 >> shift ? 'whole' : 'large';
  }
  return prefix <= 16 ? 'large' : undefined;
}

/** Walks one record; returns its effective all qualifier. */
async function lintRecord(
  domain: string,
  record: string,
  client: DnsClient,
  walk: Walk,
  /** Domains from the root to here: a repeat is a loop (a diamond is not). */
  path: string[],
): Promise<SpfLint['allQualifier']> {
  const { terms, errors } = parseSpf(record);
  for (const e of errors) walk.issues.push({ domain, code: 'syntax', message: e });
  const all = terms.find((t) => !t.modifier && t.name === 'all');
  const redirects = terms.filter((t) => t.modifier && t.name === 'redirect');
  if (redirects.length > 1) walk.issues.push({ domain, code: 'syntax', message: 'more than one redirect= modifier' });
  const redirect = all ? undefined : redirects[0];
  let count = 0;

  const children: Promise<unknown>[] = [];
  for (const t of terms) {
    if (t.modifier) continue;
    for (const r of broadRangesOf(t)) walk.broad.push({ domain, term: t.raw, ...r });
    if (!LOOKUP_MECHANISMS.has(t.name)) continue;
    count++;
    if (t.name === 'ptr') {
      walk.usesPtr = true;
      walk.issues.push({ domain, code: 'ptr', message: `"${t.raw}" uses ptr, which RFC 7208 says not to use: slow, unreliable, and many receivers ignore it` });
      continue;
    }
    const target = domainOf(t.value, domain);
    if (hasMacro(target)) continue; // depends on the sender; cannot be resolved ahead of time
    if (t.name === 'include') {
      children.push(followChild(domain, target, `include:${target}`, client, walk, path));
    } else if (t.name === 'a') {
      children.push(
        Promise.all([client.query(target, 'A'), client.query(target, 'AAAA')]).then(([a, aaaa]) => {
          if (isAbsent(a) && isAbsent(aaaa)) walk.voids.push(`${domain}: ${t.raw} (${target} has no address)`);
        }),
      );
    } else if (t.name === 'mx') {
      children.push(
        client.query(target, 'MX').then((mx) => {
          if (isAbsent(mx)) walk.voids.push(`${domain}: ${t.raw} (${target} has no MX)`);
        }),
      );
    } else if (t.name === 'exists') {
      children.push(
        client.query(target, 'A').then((a) => {
          if (isAbsent(a)) walk.voids.push(`${domain}: ${t.raw} (${target} does not exist)`);
        }),
      );
    }
  }
  let redirected: SpfLint['allQualifier'];
  if (redirect?.value && !hasMacro(redirect.value)) {
    count++;
    const target = redirect.value.toLowerCase();
    children.push(
      followChild(domain, target, `redirect=${target}`, client, walk, path).then((q) => {
        redirected = q;
      }),
    );
  }
  walk.lookups[domain] = (walk.lookups[domain] ?? 0) + count;
  await Promise.all(children);
  return all ? all.qualifier : redirected;
}

async function followChild(
  parent: string,
  target: string,
  via: string,
  client: DnsClient,
  walk: Walk,
  path: string[],
): Promise<SpfLint['allQualifier']> {
  if (path.includes(target)) {
    walk.issues.push({ domain: parent, code: 'loop', message: `${via} leads back to ${target}: an include loop` });
    return undefined;
  }
  if (path.length > MAX_DEPTH) {
    walk.issues.push({ domain: parent, code: 'include-error', message: `${via}: includes nested deeper than ${MAX_DEPTH}` });
    return undefined;
  }
  const txt = await client.query(target, 'TXT');
  if (isAbsent(txt)) {
    walk.voids.push(`${parent}: ${via} (${target} has no TXT)`);
    walk.issues.push({ domain: parent, code: 'include-missing', message: `${via}: ${target} publishes no SPF record, so receivers return permerror` });
    return undefined;
  }
  if (txt.status !== 'ok') {
    walk.issues.push({ domain: parent, code: 'include-error', message: `${via}: lookup failed (${txt.status})` });
    return undefined;
  }
  const records = txt.records.filter(isSpfRecord);
  if (records.length === 0) {
    walk.issues.push({ domain: parent, code: 'include-missing', message: `${via}: ${target} publishes no SPF record, so receivers return permerror` });
    return undefined;
  }
  if (records.length > 1) {
    walk.issues.push({ domain: target, code: 'multiple-records', message: `${target} publishes ${records.length} SPF records (permerror)` });
  }
  return lintRecord(target, records[0]!, client, walk, [...path, target]);
}
