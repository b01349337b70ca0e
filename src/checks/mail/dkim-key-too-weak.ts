// RSA keys under 1024 bits can be factored and signatures forged; 1024 is
// still accepted but below what providers now issue (2048). Ed25519 keys are
// strong at 256 bits.
import { defineCheck, type FindingInput } from '../types.js';
import { digFor, dnsItem } from '../support/edge.js';

export default defineCheck({
  meta: {
    id: 'dkim-key-too-weak',
    stage: 3,
    title: 'DKIM keys are at least 2048-bit RSA (or Ed25519)',
    failureTitle: 'A DKIM key is too weak',
    severity: 'high',
    minimumBar: 'Mail from the app is authenticated with SPF, DKIM and DMARC.',
    remediation: 'Generate a 2048-bit RSA key at your mail provider, publish it under a new selector, switch signing to it, then revoke the old one (empty p=).',
    requires: ['mail'],
  },
  run({ mail }) {
    const keys = mail.dkim.filter((k) => k.keyBits !== undefined && !k.revoked);
    if (keys.length === 0) return { status: 'not-applicable', reason: 'no readable DKIM key (see dkim-selector-missing)' };
    const findings: FindingInput[] = [];
    for (const k of keys) {
      if (k.keyType !== 'rsa') continue;
      const bits = k.keyBits!;
      if (bits >= 2048) continue;
      const weak = bits < 1024;
      findings.push({
        title: `DKIM key at selector ${k.selector} is ${bits}-bit RSA`,
        severity: weak ? 'high' : 'low',
        detail: weak
          ? 'Keys this short can be factored with modest computing power; anyone who does can sign mail as your domain. Many receivers already treat such signatures as failing.'
          : '1024-bit RSA is the minimum still accepted; providers issue 2048-bit keys and 1024-bit keys are being phased out.',
        evidence: [dnsItem(`${k.name}: ${k.keyType} ${bits} bits`, k.txt)],
        reproduction: digFor(k.name, 'TXT', mail.dnsServer),
        identity: [weak ? 'weak' : 'minimum', k.name],
      });
    }
    if (findings.length === 0) return { status: 'pass', reason: keys.map((k) => `${k.selector}: ${k.keyType} ${k.keyBits}`).join(', ') };
    return { status: findings.some((f) => f.severity === 'high') ? 'fail' : 'warn', findings };
  },
});
