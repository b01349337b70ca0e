// The HAR and policy builders joining the target model: who may call an
// operation only recordings know, operations from policy lines alone, and
// bodies learned from the app's own reads.
import { describe, expect, it } from 'vitest';
import { INLINE, parseConfigText } from '../../src/config/load.js';
import type { ApiOperation } from '../../src/evidence/types.js';
import { notTested, ok } from '../../src/evidence/types.js';
import { fromPolicy } from '../../src/target/from-policy.js';
import { bodyFromItem, learnBodies } from '../../src/target/learn-bodies.js';
import { buildTarget } from '../../src/target/model.js';

const config = (policy = '[]') =>
  parseConfigText(
    `project: { name: t }
environments: { staging: { appUrl: "http://127.0.0.1:9" } }
auth:
  roles: { owner: { tenant: a }, staff: { tenant: a }, viewer: { tenant: a }, outsider: { tenant: b } }
policy: ${policy}
`,
    INLINE,
  ).config;

const op = (method: string, path: string, extra: Partial<ApiOperation> = {}): ApiOperation => ({ method, path, publicInSpec: false, hasJsonBody: false, expectationFrom: 'spec', ...extra });

describe('operations only recordings describe', () => {
  const recorded = ok({
    source: 'har owner.har, staff.har, viewer.har',
    recordedRoles: ['owner', 'staff', 'viewer'],
    operations: [
      op('DELETE', '/api/invoices/{id}', { observedBy: ['owner'] }),
      op('GET', '/api/members', { observedBy: ['owner'] }),
      op('GET', '/api/status', { publicInSpec: true, observedBy: [] }),
    ],
  });

  it('are judged by who did them where no policy rule covers them', () => {
    const m = buildTarget(config(), [notTested('no document'), recorded]);
    if (m.state !== 'ok') throw new Error(m.reason);
    const by = (k: string) => m.value.operations.find((o) => `${o.method} ${o.path}` === k)!;
    // A write: the recorded roles that did it, and the role without a recording keeps the benefit of the doubt.
    expect(by('DELETE /api/invoices/{id}')).toMatchObject({ allowedRoles: ['owner', 'outsider'], expectationFrom: 'traffic' });
    // A read nobody else happened to make is no rule.
    expect(by('GET /api/members')).toMatchObject({ allowedRoles: ['owner', 'staff', 'viewer', 'outsider'], expectationFrom: 'traffic' });
    expect(by('GET /api/status').allowedRoles).toContain('anonymous');
  });

  it('are judged by the policy when a rule covers them, and by the document when it describes them', () => {
    const m = buildTarget(config('[{ operation: "DELETE /api/invoices/{id}", allow: [owner, staff] }]'), [
      ok({ source: 'openapi x.json', operations: [op('GET', '/api/members')] }),
      recorded,
    ]);
    if (m.state !== 'ok') throw new Error(m.reason);
    const by = (k: string) => m.value.operations.find((o) => `${o.method} ${o.path}` === k)!;
    expect(by('DELETE /api/invoices/{id}')).toMatchObject({ allowedRoles: ['owner', 'staff'], expectationFrom: 'policy' });
    expect(by('GET /api/members')).toMatchObject({ expectationFrom: 'spec', observedBy: ['owner'] });
  });
});

describe('operations from the policy alone', () => {
  it('makes each METHOD /path line an operation and says why others are not', () => {
    const built = fromPolicy(
      config(`
  - { operation: "GET|POST /api/invoices", allow: [owner, staff, viewer] }
  - { operation: "DELETE /api/invoices/{id}", allow: [owner] }
  - { operation: "POST /api/invoices/{id}/approve", allow: [owner] }
  - { operation: "GET /api/admin/*", allow: [owner] }
  - { operationId: listUsers, allow: [owner] }
  - { operation: "* /api/reports", allow: [owner] }`),
    );
    if (built.state !== 'ok') throw new Error(built.reason);
    expect(built.value.operations.map((o) => [`${o.method} ${o.path}`, o.hasJsonBody])).toEqual([
      ['GET /api/invoices', false],
      ['POST /api/invoices', true],
      ['DELETE /api/invoices/{id}', false],
      ['POST /api/invoices/{id}/approve', false],
    ]);
    expect(built.value.notes).toEqual([
      expect.stringMatching(/rule 4 .* has a \* wildcard/),
      expect.stringMatching(/rule 5 .* names an operationId/),
      expect.stringMatching(/rule 6 .* covers every method/),
    ]);
  });

  it('is not tested, with the lines that would help, when no rule names an operation', () => {
    const built = fromPolicy(config());
    expect(built).toMatchObject({ state: 'not-tested', unlock: expect.stringMatching(/api\.openapi.*api\.har.*policy/) });
  });
});

describe('bodies learned from reads', () => {
  it('keeps what a client sets and drops what the server keeps', () => {
    expect(bodyFromItem({ id: 7, tenantId: 'a', customer: 'Initech', amount: 12, tags: ['x'], lines: [{ sku: 1 }], createdAt: '2030-01-01', owner: { id: 1 } })).toEqual({
      customer: 'Initech',
      amount: 12,
      tags: ['x'],
    });
  });

  it('fills creates and updates from the fuller item read, and says which it could not fill', async () => {
    const cfg = config(`
  - { operation: "GET|POST /api/invoices", allow: [owner, staff, viewer] }
  - { operation: "GET|PATCH /api/invoices/{id}", allow: [owner, staff, viewer] }
  - { operation: "POST /api/notes", allow: [owner] }`);
    const built = buildTarget(cfg, [fromPolicy(cfg)]);
    if (built.state !== 'ok') throw new Error(built.reason);
    const reads: string[] = [];
    const model = await learnBodies(built.value, async (path, role) => {
      reads.push(`${role} ${path}`);
      if (path === '/api/invoices') return [{ id: 7, customer: 'Initech' }];
      if (path === '/api/invoices/7') return { id: 7, customer: 'Initech', amount: 12, currency: 'EUR' };
      return undefined;
    });
    expect(reads).toEqual(['owner /api/invoices', 'owner /api/invoices/7']);
    const by = (k: string) => model.operations.find((o) => `${o.method} ${o.path}` === k)!;
    expect(by('POST /api/invoices').requestExample).toEqual({ customer: 'Initech', amount: 12, currency: 'EUR' });
    expect(by('PATCH /api/invoices/{id}').requestExample).toEqual({ customer: 'Initech', amount: 12, currency: 'EUR' });
    expect(by('POST /api/notes').requestExample).toBeUndefined();
    expect(model.notes).toEqual([
      expect.stringMatching(/^2 request bodies were learned/),
      expect.stringMatching(/^POST \/api\/notes: no request body was learned \(no GET \/api\/notes to read an object from\)/),
    ]);
  });
});
