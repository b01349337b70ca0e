// Unit tests of the mail checks with inline evidence: pass, fail, and
// missing or broken evidence for each.
import { describe, expect, it } from 'vitest';
import dkimKeyTooWeak from '../../src/checks/mail/dkim-key-too-weak.js';
import dkimSelectorMissing from '../../src/checks/mail/dkim-selector-missing.js';
import dmarcMissing from '../../src/checks/mail/dmarc-missing.js';
import dmarcPolicyNone from '../../src/checks/mail/dmarc-policy-none.js';
import dmarcRecordInvalid from '../../src/checks/mail/dmarc-record-invalid.js';
import mtaStsMissing from '../../src/checks/mail/mta-sts-missing.js';
import mxMissing from '../../src/checks/mail/mx-missing.js';
import spfAllowsAnySender from '../../src/checks/mail/spf-allows-any-sender.js';
import spfMissing from '../../src/checks/mail/spf-missing.js';
import spfRecordInvalid from '../../src/checks/mail/spf-record-invalid.js';
import spfTooManyLookups from '../../src/checks/mail/spf-too-many-lookups.js';
import tlsRptMissing from '../../src/checks/mail/tls-rpt-missing.js';
import type { RunContext } from '../../src/evidence/types.js';
import { CTX } from '../helpers/exchange.js';
import { answer, mail, withSpf } from '../helpers/edge.js';

const good = mail();
const run = (check: { run: (e: { mail: ReturnType<typeof mail> }, c: RunContext) => unknown }, m = good, ctx: RunContext = CTX) =>
  check.run({ mail: m }, ctx) as { status: string; findings?: { title: string; severity?: string; identity: string[] }[]; reason?: string };

describe('spf-missing', () => {
  it('passes with a record', () => expect(run(spfMissing).status).toBe('pass'));
  it('fails when no v=spf1 record exists', () => {
    const out = run(spfMissing, withSpf(good, { txt: answer('example.test', 'TXT', ['google-site-verification=x']), records: [], lint: undefined }));
    expect(out.status).toBe('fail');
    expect(out.findings?.[0]?.identity).toEqual(['missing', 'example.test']);
  });
  it('is an error when the lookup timed out', () => {
    expect(run(spfMissing, withSpf(good, { txt: answer('example.test', 'TXT', [], 'timeout'), records: [], lint: undefined })).status).toBe('error');
  });
});

describe('spf-allows-any-sender', () => {
  it('passes on -all', () => expect(run(spfAllowsAnySender).status).toBe('pass'));
  it('is critical on +all', () => {
    const out = run(spfAllowsAnySender, withSpf(good, { records: ['v=spf1 +all'], strangerResult: { ip: '192.0.2.1', result: 'pass' } }, { allQualifier: '+' }));
    expect(out.status).toBe('fail');
    expect(out.findings?.[0]?.severity).toBeUndefined(); // the check's default: critical
    expect(out.findings?.[0]?.title).toMatch(/\+all/);
  });
  it('catches a record that passes everyone without +all (ip4:0.0.0.0/0)', () => {
    const out = run(spfAllowsAnySender, withSpf(good, { records: ['v=spf1 ip4:0.0.0.0/0 -all'], strangerResult: { ip: '192.0.2.1', result: 'pass' } }, { allQualifier: '-' }));
    expect(out.findings?.[0]?.identity[0]).toBe('pass-all');
  });
  it('is a medium finding for ?all and for no all', () => {
    expect(run(spfAllowsAnySender, withSpf(good, {}, { allQualifier: '?' })).findings?.[0]?.severity).toBe('medium');
    expect(run(spfAllowsAnySender, withSpf(good, {}, { allQualifier: undefined })).findings?.[0]?.identity[0]).toBe('no-all');
  });
  it('is not applicable without a record', () => {
    expect(run(spfAllowsAnySender, withSpf(good, { records: [], lint: undefined })).status).toBe('not-applicable');
  });
  it('is an error when evaluation hit a DNS error and nothing else is wrong', () => {
    expect(run(spfAllowsAnySender, withSpf(good, { strangerResult: { ip: '192.0.2.1', result: 'temperror' } })).status).toBe('error');
  });
});

describe('spf-too-many-lookups', () => {
  it('passes under the limit', () => expect(run(spfTooManyLookups).status).toBe('pass'));
  it('warns at 9-10', () => expect(run(spfTooManyLookups, withSpf(good, {}, { lookupCount: 10 })).status).toBe('warn'));
  it('fails over 10', () => {
    const out = run(spfTooManyLookups, withSpf(good, {}, { lookupCount: 12, lookupsByDomain: { 'example.test': 3, '_spf.x.test': 9 } }));
    expect(out.status).toBe('fail');
    expect(out.findings?.[0]?.title).toMatch(/12 DNS lookups/);
  });
  it('is not applicable without a record', () => expect(run(spfTooManyLookups, withSpf(good, { lint: undefined })).status).toBe('not-applicable'));
});

describe('spf-record-invalid', () => {
  it('passes a clean record', () => expect(run(spfRecordInvalid).status).toBe('pass'));
  it('reports each issue and too many void lookups', () => {
    const out = run(
      spfRecordInvalid,
      withSpf(good, {}, {
        issues: [
          { domain: 'example.test', code: 'multiple-records', message: 'two records' },
          { domain: 'example.test', code: 'ptr', message: 'ptr used' },
        ],
        voidLookups: ['a', 'b', 'c'],
      }),
    );
    expect(out.status).toBe('fail');
    // More than two void lookups is a permerror like any other: high, as spf-too-many-lookups rates more than ten lookups.
    expect(out.findings?.map((f) => f.severity)).toEqual(['high', 'low', 'high']);
  });
});

describe('dmarc checks', () => {
  it('dmarc-missing passes with one record, fails with none or two, errors on SERVFAIL', () => {
    expect(run(dmarcMissing).status).toBe('pass');
    expect(run(dmarcMissing, mail({}, { records: [], txt: answer('_dmarc.example.test', 'TXT', [], 'nxdomain') })).findings?.[0]?.identity[0]).toBe('missing');
    expect(run(dmarcMissing, mail({}, { records: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] })).findings?.[0]?.identity[0]).toBe('duplicate');
    expect(run(dmarcMissing, mail({}, { records: [], txt: answer('_dmarc.example.test', 'TXT', [], 'servfail') })).status).toBe('error');
  });
  it('dmarc-policy-none fails on p=none (medium at first customers, low for a prototype)', () => {
    const none = mail({}, { policy: 'none' });
    expect(run(dmarcPolicyNone, none).findings?.[0]?.severity).toBe('medium');
    expect(run(dmarcPolicyNone, none, { ...CTX, profile: 'prototype' }).findings?.[0]?.severity).toBe('low');
    expect(run(dmarcPolicyNone).status).toBe('pass');
    expect(run(dmarcPolicyNone, mail({}, { pct: 20 })).findings?.[0]?.identity[0]).toBe('pct');
    expect(run(dmarcPolicyNone, mail({}, { records: [], policy: undefined })).status).toBe('not-applicable');
  });
  it('dmarc-record-invalid reports lint problems, missing rua and report domains without MX', () => {
    expect(run(dmarcRecordInvalid).status).toBe('pass');
    const out = run(
      dmarcRecordInvalid,
      mail({}, {
        problems: ['no p= tag: receivers treat the record as invalid'],
        rua: [{ uri: 'mailto:r@gone.test', valid: true, domain: 'gone.test', external: true, mx: answer('gone.test', 'MX', [], 'nxdomain') }],
      }),
    );
    expect(out.findings?.map((f) => f.severity)).toEqual(['high', 'medium']);
    expect(run(dmarcRecordInvalid, mail({}, { rua: [] })).findings?.[0]?.identity[0]).toBe('no-rua');
    expect(
      run(dmarcRecordInvalid, mail({}, { rua: [{ uri: 'mailto:r@x.test', valid: true, domain: 'x.test', external: true, mx: answer('x.test', 'MX', [], 'timeout') }] })).status,
    ).toBe('error');
  });
});

describe('dkim checks', () => {
  const key = good.dkim[0]!;
  it('dkim-selector-missing: pass, missing, revoked, testing, not configured, lookup error', () => {
    expect(run(dkimSelectorMissing).status).toBe('pass');
    expect(run(dkimSelectorMissing, mail({ dkim: [{ ...key, records: [], txt: answer(key.name, 'TXT', [], 'nxdomain') }] })).findings?.[0]?.identity[0]).toBe('missing');
    expect(run(dkimSelectorMissing, mail({ dkim: [{ ...key, revoked: true }] })).findings?.[0]?.identity[0]).toBe('revoked');
    expect(run(dkimSelectorMissing, mail({ dkim: [{ ...key, testing: true }] })).findings?.[0]?.severity).toBe('low');
    expect(run(dkimSelectorMissing, mail({ dkim: [] })).status).toBe('not-tested');
    expect(run(dkimSelectorMissing, mail({ dkim: [{ ...key, records: [], txt: answer(key.name, 'TXT', [], 'timeout') }] })).status).toBe('error');
  });
  it('dkim-key-too-weak: 512 fails high, 1024 warns low, 2048 and ed25519 pass', () => {
    expect(run(dkimKeyTooWeak, mail({ dkim: [{ ...key, keyBits: 512 }] }))).toMatchObject({ status: 'fail', findings: [{ severity: 'high' }] });
    expect(run(dkimKeyTooWeak, mail({ dkim: [{ ...key, keyBits: 1024 }] }))).toMatchObject({ status: 'warn', findings: [{ severity: 'low' }] });
    expect(run(dkimKeyTooWeak).status).toBe('pass');
    expect(run(dkimKeyTooWeak, mail({ dkim: [{ ...key, keyType: 'ed25519', keyBits: 256 }] })).status).toBe('pass');
    expect(run(dkimKeyTooWeak, mail({ dkim: [] })).status).toBe('not-applicable');
  });
});

describe('mx, mta-sts, tls-rpt', () => {
  it('mx-missing: pass, missing, null MX, error', () => {
    expect(run(mxMissing).status).toBe('pass');
    expect(run(mxMissing, mail({ mx: answer('example.test', 'MX', [], 'nodata') })).findings?.[0]?.identity[0]).toBe('missing');
    expect(run(mxMissing, mail({ mx: answer('example.test', 'MX', [{ exchange: '', priority: 0 }]) })).findings?.[0]?.identity[0]).toBe('null-mx');
    expect(run(mxMissing, mail({ mx: answer('example.test', 'MX', [], 'timeout') })).status).toBe('error');
  });
  it('mta-sts-missing and tls-rpt-missing are info warnings', () => {
    expect(run(mtaStsMissing).status).toBe('pass');
    expect(run(mtaStsMissing, mail({ mtaSts: answer('_mta-sts.example.test', 'TXT', [], 'nxdomain') })).status).toBe('warn');
    expect(run(tlsRptMissing, mail({ tlsRpt: answer('_smtp._tls.example.test', 'TXT', [], 'nxdomain') })).status).toBe('warn');
    expect(run(tlsRptMissing, mail({ tlsRpt: answer('_smtp._tls.example.test', 'TXT', [], 'servfail') })).status).toBe('error');
    expect(mtaStsMissing.meta.severity).toBe('info');
  });
});
