import { describe, expect, it } from 'vitest';
import check from '../../src/checks/access/cors-reflects-any-origin.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const t = (variant: string, facts: Record<string, string | boolean | number | null>) =>
  trial('cors', variant, 'GET /api/me', { status: 200, reflected: false, allowCredentials: false, confirmed: false, wildcard: false, allowOrigin: null, ...facts }, { steps: [['request', 200]] });

describe('cors-reflects-any-origin', () => {
  it('passes when no foreign origin is granted', () => expect(check.run({ accessProbes: accessSet([t('arbitrary-origin', {})]) }, CTX).status).toBe('pass'));
  it('fails on a reflected origin with credentials, confirmed', () => {
    const out = check.run({ accessProbes: accessSet([t('null-origin', { reflected: true, allowCredentials: true, confirmed: true, allowOrigin: 'null' })]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings[0]!.title).toContain('`null`');
  });
  it('does not report a reflection without credentials as more than nothing', () => {
    expect(check.run({ accessProbes: accessSet([t('arbitrary-origin', { reflected: true, allowCredentials: false, confirmed: true })]) }, CTX).status).toBe('pass');
  });
  it('reports * without credentials as info only (warn)', () => {
    const out = check.run({ accessProbes: accessSet([t('arbitrary-origin', { wildcard: true, allowOrigin: '*' })]) }, CTX);
    expect(out.status).toBe('warn');
    if (out.status === 'warn') expect(out.findings[0]!.severity).toBe('info');
  });
});
