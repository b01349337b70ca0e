// Each configured DKIM selector must publish a usable key: missing, revoked
// (empty p=), unreadable or duplicated keys make every signature with that
// selector fail. The testing flag (t=y) asks receivers to ignore failures.
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dkim-selector-missing',
    stage: 3,
    title: 'Every configured DKIM selector publishes a usable key',
    failureTitle: 'A DKIM selector has no usable key',
    severity: 'high',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation:
      "Publish the key your mail provider gives you at <selector>._domainkey.<domain> (usually a CNAME or TXT from the provider's domain settings page), and drop t=y once signing works.",
    requires: ['mail'],
  },
  run({ mail }) {
    if (mail.dkim.length === 0) return { status: 'not-tested', reason: 'no DKIM selectors configured (domains.dkimSelectors); DKIM keys cannot be discovered without them' };
    const findings: FindingInput[] = [];
    const undecided: string[] = [];
    for (const k of mail.dkim) {
      const repro = digFor(k.name, 'TXT', mail.dnsServer);
      const evidence = [dnsItem(`DKIM key at ${k.name}`, k.txt)];
      const t = k.txt.status;
      if (t !== 'ok' && t !== 'nxdomain' && t !== 'nodata') {
        undecided.push(`${k.name}: ${t}`);
        continue;
      }
      if (k.records.length === 0) {
        findings.push({
          title: `No DKIM key at selector ${k.selector} (${k.name})`,
          detail: 'Mail signed with this selector fails DKIM, so DMARC can only pass through SPF alignment — and forwarding breaks that.',
          evidence,
          reproduction: repro,
          identity: ['missing', k.name],
        });
      } else if (k.revoked) {
        findings.push({
          title: `DKIM key at selector ${k.selector} is revoked (empty p=)`,
          detail: 'An empty p= means the key was withdrawn: every signature with this selector fails.',
          evidence,
          reproduction: repro,
          identity: ['revoked', k.name],
        });
      } else if (k.parseError) {
        findings.push({
          title: `DKIM record at selector ${k.selector} is unusable: ${k.parseError}`,
          detail: 'Verifiers cannot read the key, so signatures with this selector fail.',
          evidence,
          reproduction: repro,
          identity: ['unreadable', k.name],
        });
      } else if (k.testing) {
        findings.push({
          title: `DKIM key at selector ${k.selector} is in testing mode (t=y)`,
          severity: 'low',
          detail: 'Receivers are asked to treat failures as if the mail were unsigned: DKIM gives no protection yet.',
          evidence,
          reproduction: repro,
          identity: ['testing', k.name],
        });
      }
    }
    if (findings.length) return { status: 'fail', findings, ...(undecided.length ? { reason: `could not read: ${undecided.join('; ')}` } : {}) };
    if (undecided.length) return { status: 'error', reason: undecided.join('; ') };
    return { status: 'pass', reason: mail.dkim.map((k) => `${k.selector}: ${k.keyType} ${k.keyBits ?? '?'}`).join(', ') };
  },
});
