// When a name's CAA set lists CAs, only those may issue for it. If the CA
// that issued the live certificate is not among them, the next renewal is
// refused and the site goes down when the current certificate expires.
import { caaDomainsFor } from '../support/ca-identities.js';
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem, tlsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'caa-forbids-issuer',
    stage: 3,
    title: 'CAA allows the CA that issued the live certificate',
    failureTitle: 'CAA forbids the CA that issues the certificate',
    severity: 'high',
    minimumBar: 'HTTPS everywhere; certificates renew without anyone noticing.',
    remediation: 'Add `CAA 0 issue "<your CA domain>"` for the CA that issues your certificates (or remove the CAA records that exclude it).',
    requires: ['dns', 'tls'],
  },
  run({ dns, tls }) {
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    const unknown: string[] = [];
    let compared = 0;
    // Hosts where no CAA set restricts issuance count as judged too; a host without a handshake does not.
    let unrestricted = 0;
    for (const t of tls.hosts) {
      const leaf = t.chain[0];
      // A legacy-only host still showed its certificate, and CAA is about who issued it.
      if ((t.status !== 'ok' && t.status !== 'legacy-only') || !leaf) continue;
      const h = dns.hosts.find((x) => x.name === t.host);
      if (!h) continue;
      if (h.caa.status !== 'ok' && h.caa.status !== 'nodata' && h.caa.status !== 'nxdomain') {
        undecided.push(`CAA of ${h.name}: ${h.caa.status}`);
        continue;
      }
      const wildcard = leaf.subjectAltNames.some((n) => n.startsWith('DNS:*.'));
      const tag = wildcard && h.caa.records.some((r) => r.tag === 'issuewild') ? 'issuewild' : 'issue';
      const allowed = h.caa.records.filter((r) => r.tag === tag).map((r) => r.value.split(';')[0]!.trim().toLowerCase());
      if (allowed.length === 0) {
        unrestricted++; // no CAA (or only iodef): any CA may issue
        continue;
      }
      const caDomains = caaDomainsFor(leaf);
      if (caDomains.length === 0) {
        unknown.push(`${t.host}: issuer "${leaf.issuerOrg ?? leaf.issuer}"`);
        continue;
      }
      compared++;
      if (caDomains.some((d) => allowed.includes(d))) continue;
      findings.push({
        title: `CAA of ${h.caa.foundAt} allows ${allowed.map((a) => a || '(no CA)').join(', ')}, but ${t.host}'s certificate comes from ${leaf.issuerOrg ?? leaf.issuer}`,
        detail: 'The CA will refuse the next renewal; when the current certificate expires, browsers show a security error and the app is down.',
        evidence: [dnsItem(`CAA set at ${h.caa.foundAt}`, { name: h.caa.foundAt ?? h.name, type: 'CAA', status: 'ok', records: h.caa.records.map((r) => `${r.critical} ${r.tag} "${r.value}"`) }), tlsItem('the live certificate', t)],
        reproduction: digFor(h.caa.foundAt ?? h.name, 'CAA', dns.server),
        identity: [t.host, caDomains[0]!],
      });
    }
    if (findings.length) return { status: 'fail', findings };
    if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
    if (unknown.length && compared === 0) return { status: 'not-tested', reason: `cannot map the issuing CA to a CAA domain: ${unknown.join('; ')}` };
    return { status: 'pass', ...(unknown.length ? { reason: `not compared: ${unknown.join('; ')}` } : {}), judged: compared + unrestricted, of: compared + unrestricted + unknown.length, unit: 'hosts with a certificate' };
  },
});
