import { describe, expect, it } from 'vitest';
import check from '../../src/checks/abuse/request-validation-missing.js';
import { CTX } from '../helpers/exchange.js';
import { accessSet, trial } from '../helpers/access.js';

const v = (variant: string, target: string, facts: Record<string, number | boolean | string | null>) =>
  trial('validation', variant, target, { property: null, stored: null, confirmStatus: null, bodyBytes: 100, ...facts }, { attacker: 'anonymous' });

describe('request-validation-missing', () => {
  it('passes when every variant got a 4xx', () => {
    const out = check.run({ accessProbes: accessSet([v('wrong-type', 'POST /api/contact', { status: 400 }), v('huge-body', 'POST /api/contact', { status: 413 })]) }, CTX);
    expect(out.status).toBe('pass');
  });
  it('groups a confirmed 5xx of one variant across operations', () => {
    const out = check.run(
      {
        accessProbes: accessSet([
          v('invalid-json', 'POST /api/contact', { status: 500, confirmStatus: 500 }),
          v('invalid-json', 'POST /api/invoices', { status: 500, confirmStatus: 500 }),
          v('wrong-type', 'POST /api/invoices', { status: 500, confirmStatus: 400 }),
        ]),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.title).toContain('2 operations');
  });
  it('reports a stored bad value and a missing size limit, not a bare 2xx', () => {
    const out = check.run(
      {
        accessProbes: accessSet([
          v('wrong-type', 'PATCH /api/invoices/{id}', { status: 200, stored: true, property: 'amount' }),
          v('oversize-string', 'PATCH /api/invoices/{id}', { status: 200, stored: false, property: 'customer' }),
          v('huge-body', 'POST /api/contact', { status: 200, bodyBytes: 2 * 1024 * 1024 }),
        ]),
      },
      CTX,
    );
    expect(out.status === 'fail' && out.findings.map((f) => f.identity)).toEqual([['stored', 'wrong-type'], ['no-limit', 'huge-body']]);
    if (out.status === 'fail') expect(out.findings[1]!.reproduction).toMatch(/^printf .*head -c 2097152 \/dev\/zero.*\| curl -i --data-binary @- /);
  });
  it('is not-tested without writes', () => {
    const out = check.run({ accessProbes: accessSet([], { skipped: [{ family: 'validation', reason: 'writes are not allowed on the target environment (allowWrites: false, or a --read-only run)' }] }) }, CTX);
    expect(out.status).toBe('not-tested');
  });
});
