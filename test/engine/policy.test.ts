import { describe, expect, it } from 'vitest';
import { allowedRoles, expectedCallers, policyWarnings } from '../../src/config/policy.js';

const rules = [
  { operation: 'POST /api/invoices/{id}/approve', allow: ['owner'] },
  { operation: 'GET|PATCH /api/me', allow: ['owner', 'viewer'] },
  { operation: 'GET /api/admin/*', allow: ['owner'] },
  { operationId: 'login', allow: ['anonymous'] },
  { operation: '* /api/invoices/{id}', allow: ['owner', 'staff'] },
];

describe('policy matching', () => {
  it('matches method, templated params and wildcards', () => {
    expect(allowedRoles(rules, { method: 'POST', path: '/api/invoices/{invoiceId}/approve' })).toEqual(['owner']);
    expect(allowedRoles(rules, { method: 'PATCH', path: '/api/me' })).toEqual(['owner', 'viewer']);
    expect(allowedRoles(rules, { method: 'DELETE', path: '/api/me' })).toBeUndefined();
    expect(allowedRoles(rules, { method: 'GET', path: '/api/admin/users/{id}' })).toEqual(['owner']);
    expect(allowedRoles(rules, { method: 'POST', path: '/api/auth/login', operationId: 'login' })).toEqual(['anonymous']);
    expect(allowedRoles(rules, { method: 'DELETE', path: '/api/invoices/{id}' })).toEqual(['owner', 'staff']);
    expect(allowedRoles(rules, { method: 'GET', path: '/api/invoices/{id}/approve' })).toBeUndefined();
  });

  it('lets the most specific rule decide, whatever the order: literal > {param} > *', () => {
    // VAmPI's debug dump after the public profile rule; Conduit's feed after the article rule.
    const vampi = [
      { operation: 'GET /users/v1/{username}', allow: ['anonymous'] },
      { operation: 'GET /users/v1/*', allow: ['user'] },
      { operation: 'GET /users/v1/_debug', allow: ['admin'] },
    ];
    expect(allowedRoles(vampi, { method: 'GET', path: '/users/v1/_debug' })).toEqual(['admin']);
    expect(allowedRoles([...vampi].reverse(), { method: 'GET', path: '/users/v1/_debug' })).toEqual(['admin']);
    expect(allowedRoles(vampi, { method: 'GET', path: '/users/v1/{username}' })).toEqual(['anonymous']);
    expect(allowedRoles(vampi, { method: 'GET', path: '/users/v1/{username}/email' })).toEqual(['user']);
    const conduit = [
      { operation: 'GET /articles/{slug}', allow: ['anonymous'] },
      { operation: 'GET /articles/feed', allow: ['reader'] },
      { operation: '* /articles/*', allow: ['author'] },
    ];
    expect(allowedRoles(conduit, { method: 'GET', path: '/articles/feed' })).toEqual(['reader']);
    expect(allowedRoles(conduit, { method: 'DELETE', path: '/articles/{slug}' })).toEqual(['author']);
    // A named method beats * on the same path.
    expect(allowedRoles([{ operation: '* /x', allow: ['a'] }, { operation: 'GET /x', allow: ['b'] }], { method: 'GET', path: '/x' })).toEqual(['b']);
  });

  it('matches a rule written without the base path', () => {
    expect(allowedRoles([{ operation: 'GET /articles', allow: ['a'] }], { method: 'GET', path: '/api/articles' }, '/api')).toEqual(['a']);
    expect(allowedRoles([{ operation: 'GET /articles', allow: ['a'] }], { method: 'GET', path: '/api/articles' })).toBeUndefined();
  });

  it('adds the signed-in roles to anonymous, and falls back to the document', () => {
    const roles = ['owner', 'viewer'];
    expect(expectedCallers([{ operation: 'GET /pub', allow: ['anonymous'] }], { method: 'GET', path: '/pub', publicInSpec: false }, roles)).toEqual({ allowedRoles: ['anonymous', 'owner', 'viewer'], expectationFrom: 'policy' });
    expect(expectedCallers([], { method: 'GET', path: '/x', publicInSpec: true }, roles)).toEqual({ allowedRoles: ['anonymous', 'owner', 'viewer'], expectationFrom: 'spec' });
    expect(expectedCallers([], { method: 'GET', path: '/x', publicInSpec: false }, roles)).toEqual({ allowedRoles: ['owner', 'viewer'], expectationFrom: 'spec' });
  });
});

describe('policy warnings', () => {
  const ops = [
    { method: 'GET', path: '/api/users/v1/{username}' },
    { method: 'GET', path: '/api/users/v1/_debug' },
    { method: 'DELETE', path: '/api/users/v1/{username}' },
  ];
  it('names rules that can never match, shadowed duplicates and order that no longer decides', () => {
    const w = policyWarnings(
      [
        { operation: 'GET /users/v1/{username}', allow: ['anonymous'] },
        { operation: 'GET /users/v1/_debug', allow: ['admin'] },
        { operation: 'DELETE /users/v1/{name}', allow: ['admin'] },
        { operation: 'DELETE /users/v1/{username}', allow: ['user'] },
        { operation: 'GET /user/v1/{username}', allow: ['user'] },
        { operation: 'GET users', allow: ['user'] },
      ],
      ops,
      '/api',
    );
    expect(w).toEqual([
      'policy rule 6 (GET users) is not "METHOD /path": it can never match',
      'policy rule 1 (GET /users/v1/{username}) comes before the more specific policy rule 2 (GET /users/v1/_debug), which decides GET /api/users/v1/_debug (the most specific rule wins, whatever the order)',
      'policy rule 4 (DELETE /users/v1/{username}) is shadowed by policy rule 3 (DELETE /users/v1/{name}): both are as specific for DELETE /api/users/v1/{username}, so the first listed decides; merge them or make one more specific',
      'policy rule 5 (GET /user/v1/{username}) matches no operation of the API (paths are /api/…, with or without /api): it can never match',
      'policy rule 4 (DELETE /users/v1/{username}) decides nothing: every operation it matches is decided by a more specific rule',
    ]);
  });

  it('is quiet about a clean policy', () => {
    expect(policyWarnings([{ operation: 'GET /api/users/v1/_debug', allow: ['admin'] }, { operation: 'GET /api/users/v1/*', allow: ['user'] }], ops)).toEqual([]);
  });
});
