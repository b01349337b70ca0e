// A CNAME at the zone apex is forbidden (RFC 1034 §3.6.2): it cannot coexist
// with the apex's SOA, NS, MX and TXT records, so mail and SPF break
// unpredictably depending on the resolver.
import { defineCheck } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'cname-at-apex',
    stage: 3,
    title: 'The apex has no CNAME',
    failureTitle: 'The apex domain is a CNAME',
    severity: 'high',
    minimumBar: 'DNS for apex, app, api and mail is in place and documented.',
    remediation: "Replace it with A/AAAA records, or your DNS provider's ALIAS/ANAME/CNAME-flattening record.",
    requires: ['dns'],
  },
  run({ dns }) {
    if (!dns.apex) return { status: 'not-applicable', reason: 'domains.apex is not configured' };
    const apex = dns.hosts.find((h) => h.name === dns.apex);
    if (!apex) return { status: 'not-applicable', reason: 'the apex was not looked up' };
    const c = apex.cname;
    if (c.status !== 'ok' && c.status !== 'nxdomain' && c.status !== 'nodata') return { status: 'error', reason: `CNAME lookup of ${apex.name} failed: ${c.status}` };
    if (c.status !== 'ok') return { status: 'pass' };
    return {
      status: 'fail',
      findings: [
        {
          title: `The apex ${apex.name} is a CNAME to ${c.records[0]}`,
          detail: 'A CNAME cannot coexist with the apex’s NS, SOA, MX and TXT records: mail delivery, SPF and DMARC lookups fail at some resolvers.',
          evidence: [dnsItem(`CNAME at the apex`, c)],
          reproduction: digFor(apex.name, 'CNAME', dns.server),
          identity: [apex.name],
        },
      ],
    };
  },
});
