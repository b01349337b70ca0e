import { describe, expect, it } from 'vitest';
import { allowedRoles } from '../../src/config/policy.js';

const rules = [
  { operation: 'POST /api/invoices/{id}/approve', allow: ['owner'] },
  { operation: 'GET|PATCH /api/me', allow: ['owner', 'viewer'] },
  { operation: 'GET /api/admin/*', allow: ['owner'] },
  { operationId: 'login', allow: ['anonymous'] },
  { operation: '* /api/invoices/{id}', allow: ['owner', 'staff'] },
];

describe('policy matching', () => {
  it('matches method, templated params and wildcards; first rule wins', () => {
    expect(allowedRoles(rules, { method: 'POST', path: '/api/invoices/{invoiceId}/approve' })).toEqual(['owner']);
    expect(allowedRoles(rules, { method: 'PATCH', path: '/api/me' })).toEqual(['owner', 'viewer']);
    expect(allowedRoles(rules, { method: 'DELETE', path: '/api/me' })).toBeUndefined();
    expect(allowedRoles(rules, { method: 'GET', path: '/api/admin/users/{id}' })).toEqual(['owner']);
    expect(allowedRoles(rules, { method: 'POST', path: '/api/auth/login', operationId: 'login' })).toEqual(['anonymous']);
    expect(allowedRoles(rules, { method: 'DELETE', path: '/api/invoices/{id}' })).toEqual(['owner', 'staff']);
    expect(allowedRoles(rules, { method: 'GET', path: '/api/invoices/{id}/approve' })).toBeUndefined();
  });
});
