// The engine's rule "a pass needs evidence", family by family: every check
// that talks to the target, given evidence in which nothing could be judged
// (the target went down, the budget ran out, nothing listened, every DNS
// lookup failed), must end not-tested or error — never pass. Run through the
// engine, as the audit runs them, over every check in the registry.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run-checks.js';
import type { AttackFamily, Trial } from '../../src/evidence/access-types.js';
import type { DnsAnswer } from '../../src/evidence/edge-types.js';
import type { Evidence, EvidenceKey, HttpExchange } from '../../src/evidence/types.js';
import { accessSet, API } from '../helpers/access.js';
import { chain, dnsEv, dnsHost, edgeHttp, mail, tlsHost } from '../helpers/edge.js';
import { CTX } from '../helpers/exchange.js';

const FAMILIES: AttackFamily[] = [
  'malformed-token', 'expired-token', 'function-level', 'object-level', 'mass-assignment', 'validation', 'rate-limit', 'rate-limit-bypass',
  'user-enumeration', 'reset-token-exposed', 'reset-token-reuse', 'revoked-invite', 'invite-tampering', 'weak-password', 'session-after-logout',
  'session-after-password-change', 'session-after-disable', 'session-cookie', 'cors', 'undocumented-method', 'method-override',
];

const DOWN = { origin: API, seq: 36, time: '2025-01-01T00:00:36.000Z' };

/** A request the target did not answer: it had gone down, or the budget was spent before it was sent. */
function lost(url: string, how: 'down' | 'budget', method = 'GET'): HttpExchange {
  return {
    request: { method, url, headers: {}, role: 'viewer' },
    error: how === 'down' ? 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' : 'not sent: request budget of 2 used up',
    durationMs: 0,
    ...(how === 'down' ? { targetDown: DOWN } : {}),
  };
}

// Facts as a gatherer would record them when nothing answered: statuses null, flags unset.
function lostTrial(family: AttackFamily, how: 'down' | 'budget'): Trial {
  const ex = lost(`${API}/api/items/7`, how);
  return {
    family,
    variant: 'v',
    target: 'GET /api/items/{id}',
    attacker: 'viewer',
    victim: 'outsider',
    steps: ['baseline', 'attack', 'confirm', 'read-back', 'before', 'after'].map((label) => ({ label, exchange: ex })),
    facts: { status: null, beforeStatus: null, afterStatus: null, confirmStatus: null, sent: 0, burst: 10, limitedAt: null, reachedHandler: null, cookie: 'sid' },
  };
}

const failedDns = <T>(name: string, type: string): DnsAnswer<T> => ({ name, type, status: 'timeout', records: [], error: 'DNS query timed out' });

function evidence(how: 'down' | 'budget'): Evidence {
  const refused = (url: string) => ({ ...lost(url, how), targetDown: undefined, error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' });
  const ok = <T>(value: T) => ({ state: 'ok' as const, value });
  const m = mail();
  return {
    repo: { state: 'not-tested', reason: 'out of scope here' },
    secretScan: { state: 'not-tested', reason: 'out of scope here' },
    monitoring: { state: 'not-tested', reason: 'out of scope here' },
    openapi: { state: 'not-tested', reason: 'out of scope here' },
    accessProbes: ok(accessSet(FAMILIES.map((f) => lostTrial(f, how)))),
    unauthProbes: ok({
      probes: [{ operation: { method: 'GET', path: '/api/items' }, expectationFrom: 'policy', baseline: { ...lost(`${API}/api/items`, how), role: 'owner' }, anonymous: lost(`${API}/api/items`, how) }],
      skipped: [],
      loginErrors: {},
    }),
    httpProbes: ok({ appHome: refused('https://app.example.test/'), apiHealth: refused(`${API}/health`), notFound: refused(`${API}/nope`), skipped: {} }),
    edgeHttp: ok(
      edgeHttp({
        chains: ['http://app.example.test/', 'https://app.example.test/'].map((u) => chain(u.startsWith('https') ? 'https' : 'http-to-https', [refused(u)], 'error')),
        apiResponses: [{ exchange: refused(`${API}/health`), authenticated: false }],
      }),
    ),
    tls: ok({ hosts: [tlsHost({ status: 'unreachable', error: 'ECONNREFUSED', chain: [], trusted: undefined, protocol: undefined, cipher: undefined })], originProbes: [] }),
    dns: ok(dnsEv([dnsHost('app.example.test', { a: failedDns('app.example.test', 'A'), aaaa: failedDns('app.example.test', 'AAAA'), cname: failedDns('app.example.test', 'CNAME'), caa: { records: [], status: 'timeout', error: 'timed out' } })])),
    mail: ok({
      ...m,
      mx: failedDns(m.domain, 'MX'),
      spf: { ...m.spf, txt: failedDns(m.domain, 'TXT'), records: [], lint: undefined, strangerResult: undefined },
      dmarc: { ...m.dmarc, txt: failedDns(`_dmarc.${m.domain}`, 'TXT'), records: [], tags: {}, policy: undefined, rua: [] },
      dkim: m.dkim.map((k) => ({ ...k, txt: failedDns(k.name, 'TXT'), records: [], tags: {}, keyType: undefined, keyBits: undefined })),
      mtaSts: failedDns(`_mta-sts.${m.domain}`, 'TXT'),
      tlsRpt: failedDns(`_smtp._tls.${m.domain}`, 'TXT'),
    }),
  } as unknown as Evidence;
}

const TARGET_FACING: EvidenceKey[] = ['accessProbes', 'unauthProbes', 'httpProbes', 'edgeHttp', 'tls', 'dns', 'mail'];
const network = CHECKS.filter((c) => c.meta.requires.every((k) => TARGET_FACING.includes(k)));

describe('nothing judged is never a pass', () => {
  it('covers every family that talks to the target', () => {
    const families = new Set(network.flatMap((c) => c.meta.requires));
    expect([...families].sort()).toEqual([...TARGET_FACING].sort());
    expect(network.length).toBeGreaterThan(40);
  });

  for (const how of ['down', 'budget'] as const) {
    it(`when the target ${how === 'down' ? 'went down' : 'budget ran out'} and nothing answered: no check passes`, () => {
      const results = runChecks(network, evidence(how), CTX);
      const passed = results.filter((r) => r.status === 'pass').map((r) => `${r.id}: ${r.reason ?? ''}`);
      expect(passed).toEqual([]);
    });
  }

  it('after the target went down, the access checks are errors that say when', () => {
    const results = runChecks(network, evidence('down'), CTX).filter((r) => r.family === 'access control');
    // Checks judged from these trials are errors that say when; a check with no trial of its own here is not tested.
    for (const r of results) expect(['error', 'not-tested'], r.id).toContain(r.status);
    const errors = results.filter((r) => r.status === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(FAMILIES.length - 2);
    for (const r of errors) expect(r.reason, r.id).toContain('stopped answering at request #36 (2025-01-01T00:00:36.000Z)');
    expect(results.find((r) => r.id === 'unauthenticated-access')?.status).toBe('error');
  });
});

describe('nothing judged says why, never "not probed" when it was', () => {
  const trial = (variant: string, facts: Trial['facts']): Trial => ({ family: 'function-level', variant, target: 'POST /api/payouts', attacker: 'viewer', steps: [], facts });
  const fl = CHECKS.find((c) => c.meta.id === 'function-level-authorization-missing')!;

  it('a policy that denies no one: the reason says there was nothing to refuse', () => {
    const [r] = runChecks([fl], { accessProbes: { state: 'ok', value: accessSet([trial('allowed-role', { expected: 'allow', status: 201, changed: true })]) } } as unknown as Evidence, CTX);
    expect(r).toMatchObject({ status: 'not-tested', reason: expect.stringContaining('the policy denies no signed-in role any probed operation') });
  });

  it('calls that could not be judged: counted in the reason', () => {
    const [r] = runChecks([fl], { accessProbes: { state: 'ok', value: accessSet([trial('denied-role', { expected: 'deny', status: 201, changed: null })]) } } as unknown as Evidence, CTX);
    expect(r).toMatchObject({ status: 'not-tested', reason: '1 call could not be judged (no working baseline, or the effect could not be read back)' });
  });
});
