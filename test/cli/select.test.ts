import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/registry.js';
import { UsageError } from '../../src/cli/options.js';
import { NAMED_SETS, checkFamilies, selectChecks } from '../../src/cli/select.js';

describe('--only', () => {
  it('knows the family of every registered check from its folder', () => {
    const fam = checkFamilies();
    for (const c of CHECKS) expect(fam.get(c.meta.id), c.meta.id).toMatch(/^[a-z]+$/);
    expect(fam.get('hsts-weak')).toBe('edge');
    expect(fam.get('dmarc-missing')).toBe('mail');
  });

  it('takes check ids, families, stages and sets, comma-separated and repeated', () => {
    const s = selectChecks(['hsts-weak,mail', 'stage-7']);
    const ids = s.checks.map((c) => c.meta.id);
    expect(ids).toContain('hsts-weak');
    expect(ids).toContain('dmarc-missing');
    expect(ids).toContain('env-var-inventory');
    expect(ids).not.toContain('unauthenticated-access');
    expect([...s.needs].sort()).toEqual(['edgeHttp', 'mail', 'repo']);
    expect(s.readOnly).toBe(false);
    expect(selectChecks(['3']).checks.every((c) => c.meta.stage === 3)).toBe(true);
    expect(selectChecks(['edge-and-domain']).checks.length).toBe(selectChecks(['stage:3']).checks.length);
  });

  it('smoke is read-only and needs no repository, access or monitoring evidence', () => {
    const s = selectChecks(['smoke']);
    expect(s.checks.map((c) => c.meta.id).sort()).toEqual([...NAMED_SETS.smoke!.checks].sort());
    expect(s.readOnly).toBe(true);
    expect([...s.needs].sort()).toEqual(['edgeHttp', 'httpProbes', 'tls']);
    expect(selectChecks(['smoke', 'access']).readOnly).toBe(false);
  });

  it('refuses an unknown term with the choices', () => {
    expect(() => selectChecks(['hsts-week'])).toThrow(UsageError);
    expect(() => selectChecks(['hsts-week'])).toThrow(/not a check id, family \(.*edge.*\), stage .* or set \(smoke\)/);
    expect(() => selectChecks([' , '])).toThrow(/at least one/);
  });
});

describe('--only with the coverage block\'s family names', () => {
  it('takes them slugged, as the coverage block names them', () => {
    const ids = selectChecks(['access-control']).checks.map((c) => c.meta.id);
    expect(ids).toContain('unauthenticated-access');
    expect(ids).toContain('object-level-authorization-missing');
    expect(ids).not.toContain('hsts-weak');
    expect(selectChecks(['https-and-redirects']).checks.map((c) => c.meta.id)).toContain('http-not-redirected-to-https');
  });
});
