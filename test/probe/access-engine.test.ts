// Probe-engine pieces of the access probes: the pool's limit, schema bodies
// (valid and negative) and the OpenAPI reader backed by swagger-parser.
import { describe, expect, it } from 'vitest';
import { parseSpecResolved } from '../../src/evidence/gatherers/openapi.js';
import { Pool } from '../../src/probe/pool.js';
import { HUGE_BODY_BYTES, negativeVariants, validValue } from '../../src/probe/schema-bodies.js';

describe('Pool', () => {
  it('never runs more than its size at once and keeps result order', async () => {
    const pool = new Pool(3);
    let active = 0;
    let peak = 0;
    const out = await pool.map([5, 1, 4, 2, 3, 0, 6], async (n) => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setImmediate(r));
      active--;
      return n * 2;
    });
    expect(peak).toBe(3);
    expect(out).toEqual([10, 2, 8, 4, 6, 0, 12]);
  });
});

const INVOICE = {
  type: 'object',
  required: ['customer', 'amount'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', readOnly: true },
    customer: { type: 'string', minLength: 1, maxLength: 200 },
    amount: { type: 'number', minimum: 0.01 },
    currency: { type: 'string', enum: ['USD', 'EUR'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

describe('schema bodies', () => {
  it('builds a minimal valid body: required fields only, bounds honoured', () => {
    expect(validValue(INVOICE)).toEqual({ customer: 'launchready-probe', amount: 1 });
    expect(validValue({ type: 'string', format: 'email' })).toMatch(/^launchready-probe\+\w+@example\.com$/);
    expect(validValue({ type: 'integer', minimum: 5 })).toBe(5);
  });

  it('builds each schema-negative variant', () => {
    const vs = negativeVariants(INVOICE, { customer: 'c', amount: 1 });
    const by = Object.fromEntries(vs.map((v) => [v.variant, v]));
    expect(Object.keys(by)).toEqual(['wrong-type', 'missing-required', 'oversize-string', 'oversize-array', 'invalid-json', 'wrong-content-type', 'huge-body']);
    expect(JSON.parse(by['wrong-type']!.body).customer).toEqual({ 'launchready-probe': true });
    expect(JSON.parse(by['missing-required']!.body)).toEqual({ amount: 1 });
    expect(JSON.parse(by['oversize-array']!.body).tags).toHaveLength(10_000);
    expect(() => JSON.parse(by['invalid-json']!.body)).toThrow();
    expect(by['wrong-content-type']!.contentType).toBe('application/xml');
    expect(by['huge-body']!.body.length).toBeGreaterThan(HUGE_BODY_BYTES);
    expect(negativeVariants(INVOICE, {}, { hugeBody: false }).some((v) => v.variant === 'huge-body')).toBe(false);
  });
});

describe('OpenAPI with $refs', () => {
  it('dereferences OpenAPI 3 request bodies', async () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      components: { schemas: { Invoice: INVOICE } },
      paths: { '/api/invoices': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Invoice' } } } }, responses: {} } } },
    };
    const spec = await parseSpecResolved(JSON.stringify(doc), 'x.json', [], ['owner']);
    expect(spec.operations[0]).toMatchObject({ method: 'POST', hasJsonBody: true, publicInSpec: true });
    expect((spec.operations[0]!.requestSchema as { required: string[] }).required).toEqual(['customer', 'amount']);
  });

  it('reads Swagger 2 body parameters, basePath and path parameters', async () => {
    const doc = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      basePath: '/v1',
      securityDefinitions: { key: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      security: [{ key: [] }],
      definitions: { Invoice: INVOICE },
      paths: {
        '/invoices/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true, type: 'string' }],
          patch: { parameters: [{ name: 'body', in: 'body', schema: { $ref: '#/definitions/Invoice' } }], responses: {} },
        },
      },
    };
    const spec = await parseSpecResolved(JSON.stringify(doc), 'x.json', [], ['owner']);
    const op = spec.operations[0]!;
    expect(op).toMatchObject({ method: 'PATCH', path: '/v1/invoices/{id}', hasJsonBody: true, publicInSpec: false, allowedRoles: ['owner'], expectationFrom: 'spec' });
    expect((op.requestSchema as { properties: object }).properties).toHaveProperty('customer');
    expect(op.parameters?.[0]).toMatchObject({ name: 'id', in: 'path', required: true });
  });

  it('survives circular schemas', async () => {
    const doc = {
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      components: { schemas: { Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } } } },
      paths: { '/n': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } }, responses: {} } } },
    };
    const spec = await parseSpecResolved(JSON.stringify(doc), 'x.json', [], []);
    expect(() => JSON.stringify(spec)).not.toThrow();
  });
});
