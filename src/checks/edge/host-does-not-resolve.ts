// Every configured name must resolve: a host in the config that has no
// address is either a typo in the config or a DNS record someone deleted.
import { defineCheck, type FindingInput } from '../types.js';
import { conclude, digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'host-does-not-resolve',
    stage: 3,
    title: 'Every configured host name resolves',
    failureTitle: 'A configured host name does not resolve',
    severity: 'medium',
    minimumBar: 'DNS for apex, app, api and mail is in place and documented.',
    remediation: 'Add the missing A/AAAA (or CNAME) record, or remove the name from launchready.yml if it is no longer used.',
    requires: ['dns'],
  },
  run({ dns }) {
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    for (const h of dns.hosts) {
      // A mail-only sending domain needs no address.
      if (h.roles.length === 1 && h.roles[0] === 'mail') continue;
      const answers = h.target ? [h.target.a, h.target.aaaa] : [h.a, h.aaaa];
      if (answers.some((a) => a.status === 'ok')) continue;
      const failedAnswer = answers.find((a) => a.status !== 'nxdomain' && a.status !== 'nodata');
      if (failedAnswer) {
        undecided.push(`${h.name}: ${failedAnswer.status}`);
        continue;
      }
      // A CNAME to nothing is dangling-cname's finding.
      if (h.cnameChain.length) continue;
      findings.push({
        title: `${h.name} (${h.roles.join(', ')}) does not resolve`,
        detail: 'Visitors and API clients get a DNS error; if the name is in links or emails, they are broken.',
        evidence: [dnsItem(`${h.name} has no address`, h.a, h.aaaa)],
        reproduction: digFor(h.name, 'A', dns.server),
        identity: [h.name],
      });
    }
    return conclude(findings, undecided, `${dns.hosts.length} names resolve`);
  },
});
