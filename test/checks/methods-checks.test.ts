import { describe, expect, it } from 'vitest';
import undocumented from '../../src/checks/access/undocumented-method-answered.js';
import override from '../../src/checks/access/method-override-honoured.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

describe('undocumented-method-answered', () => {
  const t = (method: string, status: number, confirmStatus: number | null = null) =>
    trial('undocumented-method', method, `${method} /api/invoices/{id}`, { status, confirmStatus, documented: 'GET,PATCH' }, { attacker: 'owner' });
  it('passes on 405 and 404', () => expect(undocumented.run({ accessProbes: accessSet([t('PUT', 405), t('DELETE', 404)]) }, CTX).status).toBe('pass'));
  it('fails on a 2xx', () => {
    const out = undocumented.run({ accessProbes: accessSet([t('PUT', 200)]) }, CTX);
    expect(out.status === 'fail' && out.findings[0]!.identity).toEqual(['PUT /api/invoices/{id}']);
  });
  it('needs a GET to answer twice', () => expect(undocumented.run({ accessProbes: accessSet([t('GET', 200, 404)]) }, CTX).status).toBe('pass'));
  it('is not applicable without an API document: a method the policy or the page does not name is not "undocumented"', () => {
    const out = undocumented.run({ accessProbes: accessSet([t('PUT', 200)], { operationSources: ['page http://127.0.0.1:4100', 'policy'] }) }, CTX);
    expect(out).toEqual({
      status: 'not-applicable',
      reason: 'no API document (api.openapi): the operations came from page http://127.0.0.1:4100, policy, which name only what was seen or written down, so no method is undocumented',
    });
    const withDoc = undocumented.run({ accessProbes: accessSet([t('PUT', 200)], { operationSources: ['openapi openapi.yaml', 'har owner.har'] }) }, CTX);
    expect(withDoc.status).toBe('fail');
  });
});

describe('method-override-honoured', () => {
  const t = (variant: string, deleted: boolean) =>
    trial('method-override', variant, 'DELETE /api/invoices/{id}', { status: 200, readBackStatus: deleted ? 404 : 200, deleted }, { attacker: 'owner' });
  it('passes when the object survives', () => expect(override.run({ accessProbes: accessSet([t('x-http-method-override', false)]) }, CTX).status).toBe('pass'));
  it('groups the honoured variants into one finding', () => {
    const out = override.run({ accessProbes: accessSet([t('x-http-method-override', true), t('_method query', true)]) }, CTX);
    expect(out.status).toBe('fail');
    if (out.status === 'fail') expect(out.findings).toHaveLength(1);
  });
  it('is not-tested without writes', () => {
    expect(override.run({ accessProbes: accessSet([], { skipped: [{ family: 'method-override', reason: 'writes are not allowed (allowWrites: false, or a --read-only run)' }] }) }, CTX).status).toBe('not-tested');
  });
});
