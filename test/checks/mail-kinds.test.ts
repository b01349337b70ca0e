// Mail and DNS kinds against a real loopback DNS server: SPF ranges judged
// per mechanism for both families (11), several SPF records judged the same
// whatever their order (12), DMARC report authorisation that only a
// v=DMARC1 record gives (13), one severity for every permerror (14).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer, type DnsServerHandle } from '../../demo/infra/dns-server.js';
import { splitTxt, type ZoneRecord } from '../../demo/infra/zone.js';
import dmarcRecordInvalid from '../../src/checks/mail/dmarc-record-invalid.js';
import spfAllowsAnySender from '../../src/checks/mail/spf-allows-any-sender.js';
import spfRecordInvalid from '../../src/checks/mail/spf-record-invalid.js';
import spfTooManyLookups from '../../src/checks/mail/spf-too-many-lookups.js';
import type { MailEvidence } from '../../src/evidence/edge-types.js';
import { DnsClient } from '../../src/evidence/gatherers/edge/dns-client.js';
import { gatherMail } from '../../src/evidence/gatherers/edge/mail.js';
import { CTX } from '../helpers/exchange.js';

const txt = (name: string, value: string): ZoneRecord => ({ name, type: 'TXT', data: splitTxt(value) });
const host = (name: string): ZoneRecord[] => [
  { name, type: 'A', address: '198.51.100.25' },
  { name, type: 'MX', exchange: `mx.${name}`, priority: 10 },
  { name: `mx.${name}`, type: 'A', address: '198.51.100.26' },
];

/** SPF record per test domain: [domain label, record, expected identities of spf-allows-any-sender]. */
const SPF_CASES: [string, string, string[]][] = [
  ['v6-all', 'v=spf1 ip4:203.0.113.7 ip6:::/0 -all', ['pass-all']],
  ['v4-all', 'v=spf1 ip4:0.0.0.0/0 -all', ['pass-all']],
  ['unicast', 'v=spf1 ip6:2000::/3 -all', ['pass-all']],
  ['a-zero', 'v=spf1 a/0 -all', ['pass-all']],
  ['mx-v6-zero', 'v=spf1 mx//0 -all', ['pass-all']],
  ['v4-eight', 'v=spf1 ip4:10.0.0.0/8 -all', ['broad-range']],
  ['v6-sixteen', 'v=spf1 ip6:2001::/16 ~all', ['broad-range']],
  ['included', 'v=spf1 include:_spf.included.mail.test -all', ['broad-range']],
  // Look-alikes: narrow ranges, and wide ranges that authorise nobody (-, ~, ? qualifiers).
  ['narrow', 'v=spf1 ip4:203.0.113.0/24 ip6:2001:db8::/32 a/24 mx//64 -all', []],
  ['denied', 'v=spf1 -ip4:0.0.0.0/0 ~ip6:::/0 ?ip4:10.0.0.0/8 mx -all', []],
];

const ZONE: ZoneRecord[] = [
  ...SPF_CASES.flatMap(([label, record]) => [...host(`${label}.mail.test`), txt(`${label}.mail.test`, record)]),
  txt('_spf.included.mail.test', 'v=spf1 ip4:198.51.100.0/24 ip4:0.0.0.0/1 -all'),
  // Two records, one with +all: the order the server lists them in must not matter.
  ...host('two.mail.test'),
  txt('two.mail.test', 'v=spf1 mx -all'),
  txt('two.mail.test', 'v=spf1 +all'),
  ...host('owt.mail.test'),
  txt('owt.mail.test', 'v=spf1 +all'),
  txt('owt.mail.test', 'v=spf1 mx -all'),
  // DMARC reports to another domain: authorised only by a v=DMARC1 TXT record there.
  ...host('reports.test'),
  ...['authorised', 'spf-there', 'nothing-there'].flatMap((label) => [...host(`${label}.mail.test`), txt(`${label}.mail.test`, 'v=spf1 mx -all'), txt(`_dmarc.${label}.mail.test`, 'v=DMARC1; p=reject; rua=mailto:agg@reports.test')]),
  txt('authorised.mail.test._report._dmarc.reports.test', 'v=DMARC1'),
  txt('spf-there.mail.test._report._dmarc.reports.test', 'v=spf1 -all'),
  // Permerrors: three void lookups; eleven lookups.
  ...host('voids.mail.test'),
  txt('voids.mail.test', 'v=spf1 a:gone1.mail.test a:gone2.mail.test a:gone3.mail.test -all'),
  ...host('many.mail.test'),
  txt('many.mail.test', `v=spf1 ${Array.from({ length: 11 }, () => 'mx').join(' ')} -all`),
];

let dns: DnsServerHandle;
const gathered = new Map<string, MailEvidence>();

beforeAll(async () => {
  dns = await startDnsServer(ZONE);
  const names = [...SPF_CASES.map(([l]) => `${l}.mail.test`), 'two.mail.test', 'owt.mail.test', 'authorised.mail.test', 'spf-there.mail.test', 'nothing-there.mail.test', 'voids.mail.test', 'many.mail.test'];
  for (const n of names) {
    const client = new DnsClient({ dnsServer: `${dns.host}:${dns.port}`, timeoutMs: 3000 });
    gathered.set(n, await gatherMail(n, { apex: n, dkimSelectors: [] }, client));
  }
});
afterAll(async () => {
  await dns?.close();
});

type Out = { status: string; findings?: { title: string; severity?: string; identity: string[] }[] };
const run = (check: { run: (e: { mail: MailEvidence }, c: typeof CTX) => unknown }, domain: string): Out => check.run({ mail: gathered.get(domain)! }, CTX) as Out;

describe('kind 11: SPF ranges judged per mechanism, both families', () => {
  for (const [label, record, want] of SPF_CASES) {
    it(`${record} → ${want.join(', ') || 'pass'}`, () => {
      const out = run(spfAllowsAnySender, `${label}.mail.test`);
      expect(out.findings?.map((f) => f.identity[0]) ?? []).toEqual(want);
      if (want[0] === 'broad-range') expect(out.findings?.[0]?.severity).toBe('high');
    });
  }
});

describe('kind 12: several SPF records, any order', () => {
  it('both orders give the same findings: +all reported, more than one record a permerror', () => {
    const a = [run(spfAllowsAnySender, 'two.mail.test'), run(spfRecordInvalid, 'two.mail.test')];
    const b = [run(spfAllowsAnySender, 'owt.mail.test'), run(spfRecordInvalid, 'owt.mail.test')];
    const strip = (o: Out[]) => o.map((x) => x.findings?.map((f) => [f.identity[0], f.severity, f.title.replace(/two|owt/g, 'D')]));
    expect(strip(a)).toEqual(strip(b));
    expect(a[0]!.findings?.[0]?.title).toMatch(/\+all in one of its records/);
    expect(a[1]!.findings?.map((f) => f.identity[0])).toContain('multiple-records');
  });
});

describe('kind 13: DMARC reports to another domain', () => {
  const problems = (d: string): string[] => gathered.get(d)!.dmarc.problems;
  it('a v=DMARC1 record at <domain>._report._dmarc.<rua domain> authorises the reports', () => {
    expect(problems('authorised.mail.test')).toEqual([]);
  });
  it('any other TXT there (v=spf1 -all) does not, and neither does nothing', () => {
    expect(problems('spf-there.mail.test')).toEqual([expect.stringMatching(/reports\.test has not authorised reports .* is not a v=DMARC1 record: "v=spf1 -all"/)]);
    expect(problems('nothing-there.mail.test')).toEqual([expect.stringMatching(/has not authorised reports .*no nothing-there\.mail\.test\._report\._dmarc\.reports\.test record/)]);
    expect(run(dmarcRecordInvalid, 'spf-there.mail.test').status).toBe('fail');
  });
});

describe('kind 14: one permerror, one severity', () => {
  it('more than two void lookups and more than ten lookups are rated the same', () => {
    const voids = run(spfRecordInvalid, 'voids.mail.test').findings?.find((f) => f.identity[0] === 'void-lookups');
    const many = run(spfTooManyLookups, 'many.mail.test');
    expect(many.status).toBe('fail');
    expect(voids?.severity).toBe(spfTooManyLookups.meta.severity);
    expect(voids?.severity).toBe('high');
  });
});
