// HSTS judged by RFC 6797 §6.1's grammar against a real HTTPS server: each
// host below sends one Strict-Transport-Security value (or two header lines),
// the edge gatherer's chain follower fetches it, and hsts-weak judges it the
// way browsers do: a header that breaks the grammar is no HSTS at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hstsWeak from '../../src/checks/edge/hsts-weak.js';
import { followChain } from '../../src/evidence/gatherers/edge/http-edge.js';
import { parseHsts } from '../../src/evidence/gatherers/edge/hsts-grammar.js';
import type { RedirectChain } from '../../src/evidence/edge-types.js';
import { CTX } from '../helpers/exchange.js';
import { edgeHttp } from '../helpers/edge.js';
import { startLab, type Lab } from './lab.js';

const YEAR = 'max-age=31536000';
/** host label → header value(s) it sends; an array is several header lines. */
const BROKEN: Record<string, string | string[]> = {
  glued: `${YEAR}max-age=31536000; includeSubDomains; preload`,
  trailing: `max-age=31536000x; includeSubDomains`,
  repeated: `${YEAR}; ${YEAR}`,
  repeatedsub: `${YEAR}; includeSubDomains; INCLUDESUBDOMAINS`,
  nosemicolon: `${YEAR} includeSubDomains`,
  strayequals: `${YEAR}; includeSubDomains=true`,
  twolines: [`${YEAR}; includeSubDomains`, `${YEAR}`],
  noage: 'includeSubDomains; preload',
  negative: 'max-age=-1',
  openquote: 'max-age="31536000; includeSubDomains',
};
const VALID: Record<string, string> = {
  spaced: `  max-age = 31536000 ;  includeSubDomains ;preload  `,
  upper: 'MAX-AGE=63072000; INCLUDESUBDOMAINS; PRELOAD',
  quoted: 'max-age="31536000"; includeSubDomains',
  extension: `${YEAR}; includeSubDomains; report-uri="https://r.example.test/a;b"`,
  emptydirectives: `;;${YEAR};;includeSubDomains;`,
};
const DEFECT: Record<string, RegExp> = {
  glued: /junk after the max-age number/,
  trailing: /junk after the max-age number: "31536000x"/,
  repeated: /max-age appears more than once/,
  repeatedsub: /INCLUDESUBDOMAINS appears more than once/,
  nosemicolon: /found "includeSubDomains" after max-age=31536000/,
  strayequals: /includeSubDomains takes no value/,
  twolines: /comma: the header was sent twice/,
  noage: /no max-age directive/,
  negative: /"-1" is not a whole number/,
  openquote: /quoted value of max-age is not closed/,
};

const host = (label: string) => `${label}.hsts.test`;
let lab: Lab;
let chains: RedirectChain[];

beforeAll(async () => {
  const labels = [...Object.keys(BROKEN), ...Object.keys(VALID)];
  lab = await startLab(labels.map(host));
  const server = await lab.https((req, res) => {
    const label = (req.headers.host ?? '').split('.')[0]!;
    res.setHeader('strict-transport-security', BROKEN[label] ?? VALID[label] ?? '');
    res.setHeader('content-type', 'text/plain');
    res.end('ok');
  });
  chains = await Promise.all(labels.map(async (l) => (await followChain(lab.client, { url: `https://${host(l)}:${server.port}/`, kind: 'https' })).chain));
}, 30_000);

afterAll(async () => lab?.close());

describe('hsts-weak reads Strict-Transport-Security by RFC 6797 §6.1', () => {
  it('reports every malformed header as "no valid HSTS", naming its defect', () => {
    const out = hstsWeak.run({ edgeHttp: edgeHttp({ chains }) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    for (const label of Object.keys(BROKEN)) {
      const f = out.findings.find((x) => x.title.startsWith(`${host(label)} `));
      expect(f?.title, label).toMatch(/sends no valid HSTS: /);
      expect(f?.title, label).toMatch(DEFECT[label]!);
      expect(f?.severity, label).toBeUndefined(); // the check's own severity: high, like a missing header
    }
    // Look-alikes with odd spacing, letter case, quoting and extension directives are valid and a year long.
    for (const label of Object.keys(VALID)) expect(out.findings.some((x) => x.title.startsWith(host(label))), label).toBe(false);
    expect(out.findings).toHaveLength(Object.keys(BROKEN).length);
  });

  it('passes the valid look-alikes on their own, with includeSubDomains seen', () => {
    const valid = chains.filter((c) => Object.keys(VALID).some((l) => c.start.includes(host(l))));
    expect(hstsWeak.run({ edgeHttp: edgeHttp({ chains: valid }) }, CTX)).toEqual({ status: 'pass' });
  });

  it('the two header lines arrived joined, as browsers see them', () => {
    const two = chains.find((c) => c.start.includes(host('twolines')))!;
    expect(two.hops[0]!.response!.headers['strict-transport-security']).toBe(`${YEAR}; includeSubDomains, ${YEAR}`);
  });

  it('parses the values the grammar allows', () => {
    expect(parseHsts(VALID.upper!)).toMatchObject({ valid: true, maxAge: 63072000, includeSubDomains: true, preload: true });
    expect(parseHsts(VALID.quoted!)).toMatchObject({ valid: true, maxAge: 31536000 });
    expect(parseHsts('max-age=0')).toMatchObject({ valid: true, maxAge: 0, includeSubDomains: false });
    expect(parseHsts('')).toEqual({ valid: false, defect: 'the header is empty' });
  });
});
