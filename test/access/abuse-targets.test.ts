// Abuse probes against targets built to fail them, each with a hardened twin:
// a login limit keyed on a client-supplied X-Forwarded-For, and logins that
// tell accounts apart by a nested status, the HTTP status or a header.
import { describe, expect, it } from 'vitest';
import bypassCheck from '../../src/checks/abuse/rate-limit-bypassable.js';
import rateLimitCheck from '../../src/checks/abuse/rate-limit-missing.js';
import enumerationCheck from '../../src/checks/access/user-enumeration-possible.js';
import { CTX } from '../helpers/exchange.js';
import { startEnumeration, type EnumerationMode } from '../targets/abuse/enumeration.js';
import { startXffRateLimit } from '../targets/abuse/xff-rate-limit.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();
const probes = probesOf;

describe('a login rate limit keyed on X-Forwarded-For', () => {
  it('is bypassed by rotating the header: rate-limit-bypassable fails on exactly that', async () => {
    const t = await startXffRateLimit('vulnerable');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['rate-limit', 'rate-limit-bypass'] });
      expect(rateLimitCheck.run({ accessProbes: probes(run) }, CTX).status).toBe('pass');
      const out = bypassCheck.run({ accessProbes: probes(run) }, CTX);
      expect(out.status).toBe('fail');
      if (out.status !== 'fail') return;
      expect(out.findings.map((f) => f.title)).toEqual(['The login rate limit is bypassed by x-forwarded-for']);
      expect(out.findings[0]!.reproduction).toMatch(/x-forwarded-for|\/api\/auth\/login/);
    } finally {
      await t.app.close();
    }
  });

  it('keyed on the socket address in the hardened twin: the bypasses are refused', async () => {
    const t = await startXffRateLimit('hardened');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['rate-limit', 'rate-limit-bypass'] });
      expect(rateLimitCheck.run({ accessProbes: probes(run) }, CTX).status).toBe('pass');
      const out = bypassCheck.run({ accessProbes: probes(run) }, CTX);
      expect(out.status).toBe('pass');
    } finally {
      await t.app.close();
    }
  });
});

describe('user enumeration by any difference', () => {
  const found: [EnumerationMode, RegExp][] = [
    ['nested', /^Login tells existing accounts apart \(message\)$/],
    ['status', /^Login tells existing accounts apart \(status\)$/],
    ['headers', /^Login tells existing accounts apart \(headers\)$/],
  ];
  for (const [mode, title] of found) {
    it(`finds a login that differs by ${mode}`, async () => {
      const t = await startEnumeration(mode);
      try {
        const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['user-enumeration'] });
        const out = enumerationCheck.run({ accessProbes: probes(run) }, CTX);
        expect(out.status).toBe('fail');
        expect(out.status === 'fail' && out.findings.map((f) => f.title)).toEqual([expect.stringMatching(title)]);
      } finally {
        await t.app.close();
      }
    });
  }

  it('passes the uniform twin', async () => {
    const t = await startEnumeration('uniform');
    try {
      const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['user-enumeration'] });
      expect(enumerationCheck.run({ accessProbes: probes(run) }, CTX).status).toBe('pass');
    } finally {
      await t.app.close();
    }
  });
});
