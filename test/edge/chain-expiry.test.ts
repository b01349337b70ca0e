// Expiry judged on the whole chain against real TLS servers: each host gets
// its own root → intermediate → leaf with the validity windows of its case,
// served per SNI name from one loopback listener; the TLS probe records the
// chain and tls-certificate-expiring judges every certificate in it.
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import tlsCertificateExpiring from '../../src/checks/edge/tls-certificate-expiring.js';
import type { TlsHostEvidence } from '../../src/evidence/edge-types.js';
import { probeTlsHost } from '../../src/evidence/gatherers/edge/tls-probe.js';
import { createLookup } from '../../src/probe/resolver.js';
import type { FindingInput } from '../../src/checks/types.js';
import { CTX } from '../helpers/exchange.js';
import { bundle, makeCa, makeLeaf, type Window } from './chains.js';
import { startLab, type Lab } from './lab.js';
import { startHttps, type Running } from './servers.js';

const Z = 'chain.test';
interface Case {
  root: Window;
  inter: Window;
  leaf: Window;
  /** Hosts listed share this case's chain (same intermediate, own leaves). */
  hosts: string[];
}
const CASES: Record<string, Case> = {
  interFiveDays: { root: { toDays: 3000 }, inter: { toDays: 5 }, leaf: { toDays: 80 }, hosts: [`five.${Z}`] },
  interTwentyDays: { root: { toDays: 3000 }, inter: { toDays: 20 }, leaf: { toDays: 80 }, hosts: [`twenty.${Z}`] },
  interExpired: { root: { toDays: 3000 }, inter: { fromDays: -400, toDays: -2 }, leaf: { toDays: 80 }, hosts: [`gone.${Z}`] },
  rootSixDays: { root: { toDays: 6 }, inter: { toDays: 300 }, leaf: { toDays: 80 }, hosts: [`oldroot.${Z}`] },
  sharedInter: { root: { toDays: 3000 }, inter: { toDays: 3 }, leaf: { toDays: 80 }, hosts: [`one.${Z}`, `two.${Z}`] },
  // Look-alikes: an intermediate with years left, a leaf with 31 days left.
  interYears: { root: { toDays: 3650 }, inter: { toDays: 1095 }, leaf: { toDays: 80 }, hosts: [`years.${Z}`] },
  leaf31: { root: { toDays: 3650 }, inter: { toDays: 1095 }, leaf: { toDays: 31.5 }, hosts: [`leaf31.${Z}`] },
};
const HOSTS = Object.values(CASES).flatMap((c) => c.hosts);

let lab: Lab;
let server: Running;
let hosts: TlsHostEvidence[];
let findings: FindingInput[] = [];

beforeAll(async () => {
  lab = await startLab(HOSTS);
  const contexts = new Map<string, tls.SecureContext>();
  const roots: string[] = [];
  await Promise.all(
    Object.entries(CASES).map(async ([name, c]) => {
      const root = await makeCa(`${name} root`, c.root);
      const inter = await makeCa(`${name} intermediate`, c.inter, root);
      roots.push(root.cert);
      for (const host of c.hosts) {
        const leaf = await makeLeaf({ cn: host, san: [host], window: c.leaf, signer: inter });
        contexts.set(host, tls.createSecureContext({ key: leaf.key, cert: bundle(leaf, inter) }));
      }
    }),
  );
  server = await startHttps({ key: lab.leaf.key, cert: lab.leaf.cert, SNICallback: (n, cb) => cb(null, contexts.get(n)) }, (_q, r) => r.end('ok'));
  const lookup = createLookup({ dnsServer: lab.dnsServer, timeoutMs: 3000 });
  hosts = await Promise.all(HOSTS.map((host) => probeTlsHost({ host, port: server.port, servername: host, lookup, ca: roots, timeoutMs: 3000 })));
  const out = tlsCertificateExpiring.run({ tls: { hosts, originProbes: [] } }, CTX);
  findings = out.status === 'fail' || out.status === 'warn' ? out.findings : [];
}, 60_000);

afterAll(async () => {
  await server?.close();
  await lab?.close();
});

const about = (host: string) => findings.filter((f) => f.identity[0]!.split(',').includes(host));

describe('tls-certificate-expiring judges every certificate of the chain', () => {
  it('records leaf, intermediate and root for every host', () => {
    for (const h of hosts) expect(h.chain.map((c) => (c.selfSigned ? 'root' : 'cert')), h.host).toEqual(['cert', 'cert', 'root']);
  });

  it('an intermediate that lapses in 5 days is critical, like a leaf would be', () => {
    const [f] = about(`five.${Z}`);
    expect(f?.title).toMatch(/^five\.chain\.test: intermediate certificate CN=interFiveDays intermediate, O=launchready tests expires in [45] day\(s\)/);
    expect(f?.severity).toBe('critical');
    expect(about(`five.${Z}`)).toHaveLength(1); // the 80-day leaf is fine
  });

  it('an intermediate with 20 days left is a warning', () => {
    expect(about(`twenty.${Z}`).map((f) => f.severity)).toEqual(['medium']);
  });

  it('an expired intermediate is as severe as an expired leaf', () => {
    const [f] = about(`gone.${Z}`);
    expect(f?.title).toMatch(/intermediate certificate .* expired [23] day\(s\) ago/);
    expect(f?.severity).toBe('critical');
    expect(hosts.find((h) => h.host === `gone.${Z}`)?.trustError).toBe('CERT_HAS_EXPIRED');
  });

  it('the root that validation completed the chain with counts too', () => {
    const [f] = about(`oldroot.${Z}`);
    expect(f?.title).toMatch(/root certificate CN=rootSixDays root.* expires in [56] day\(s\)/);
    expect(f?.severity).toBe('critical');
  });

  it('hosts chaining through one expiring intermediate are one finding', () => {
    const shared = findings.filter((f) => f.title.includes('sharedInter'));
    expect(shared.map((f) => f.identity[0])).toEqual([`one.${Z},two.${Z}`]);
  });

  it('passes a chain whose intermediate has years left, and a leaf with 31 days left', () => {
    expect(about(`years.${Z}`)).toEqual([]);
    expect(about(`leaf31.${Z}`)).toEqual([]);
    const fine = hosts.filter((h) => h.host === `years.${Z}` || h.host === `leaf31.${Z}`);
    expect(tlsCertificateExpiring.run({ tls: { hosts: fine, originProbes: [] } }, CTX).status).toBe('pass');
  });

  it('finds nothing it was not asked to', () => {
    expect(findings).toHaveLength(5);
  });
});
