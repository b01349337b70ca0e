// A CNAME whose final target does not exist (NXDOMAIN) points at a name
// someone else may register or claim on a hosting platform: a subdomain
// takeover that serves their content, and reads cookies, under your domain.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dangling-cname',
    stage: 3,
    title: 'No CNAME points at a name that does not exist',
    failureTitle: 'A CNAME points at a name that does not exist',
    severity: 'high',
    minimumBar: 'DNS for apex, app, api and mail is in place and documented.',
    remediation: 'Delete the CNAME (or re-create the service it points to) before anyone else claims the target name.',
    requires: ['dns'],
  },
  run({ dns }) {
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    const failedLookup = (st: string) => st !== 'ok' && st !== 'nxdomain' && st !== 'nodata';
    for (const h of dns.hosts) {
      // A CNAME lookup that failed says nothing about whether the name is a CNAME.
      if (failedLookup(h.cname.status)) {
        undecided.push(`CNAME of ${h.name}: ${h.cname.status}`);
        continue;
      }
      if (!h.target) continue;
      const { a, aaaa, name } = h.target;
      if (a.status === 'ok' || aaaa.status === 'ok') continue;
      const bad = [a, aaaa].find((x) => x.status !== 'nxdomain' && x.status !== 'nodata');
      if (bad) {
        undecided.push(`${name}: ${bad.status}`);
        continue;
      }
      const nx = a.status === 'nxdomain';
      findings.push({
        title: `${h.name} is a CNAME to ${name}, which ${nx ? 'does not exist' : 'has no address'}`,
        severity: nx ? 'high' : 'medium',
        detail: nx
          ? 'Whoever registers or claims the target (a deleted bucket, app or CDN endpoint) serves content on your subdomain: phishing pages, cookie theft, valid certificates in your name.'
          : 'The name resolves to nothing: the service it pointed to is gone, and the CNAME may be claimable on its platform.',
        evidence: [dnsItem(`CNAME chain: ${[h.name, ...h.cnameChain].join(' → ')}`, h.cname, a, aaaa)],
        reproduction: digFor(h.name, 'CNAME', dns.server),
        identity: [h.name, name],
      });
    }
    return conclude(findings, undecided);
  },
});
