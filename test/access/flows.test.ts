// Flows as templates (issue 11, item 6): placeholders in bodies keep their
// value's type when they are the whole string, path parameters are filled by
// meaning from the flow's values or the user's own record, and the plain
// "METHOD /path" form still works.
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { fillBody, flowBody, flowOf, flowPath, userRecord } from '../../src/evidence/gatherers/access/flows.js';

describe('flows as templates', () => {
  it('reads both config forms, and the schema accepts both', () => {
    expect(flowOf('POST /api/me/password')).toEqual({ method: 'POST', path: '/api/me/password', name: 'POST /api/me/password' });
    const f = flowOf({ operation: 'put /users/{username}/password', body: { old: '{password}' } });
    expect(f).toEqual({ method: 'PUT', path: '/users/{username}/password', name: 'PUT /users/{username}/password', body: { old: '{password}' } });
    const parsed = configSchema.safeParse({
      project: { name: 'x' },
      environments: { e: { apiUrl: 'http://127.0.0.1:1' } },
      auth: { flows: { passwordChange: { operation: 'PUT /users/{username}/password', body: { a: '{newPassword}' } }, signup: 'POST /signup' } },
    });
    expect(parsed.success).toBe(true);
    expect(configSchema.safeParse({ project: { name: 'x' }, environments: { e: {} }, auth: { flows: { signup: '/api/signup' } } }).success).toBe(false);
  });

  it('fills whole-string placeholders with the value, interpolates the rest, and leaves unknown ones', () => {
    const out = fillBody({ user: { email: '{email}', note: 'hi {username}!' }, list: ['{token}'], keep: '{other}', n: 3 }, { email: 'a@b.test', username: 'ab', token: 't0k' });
    expect(out).toEqual({ user: { email: 'a@b.test', note: 'hi ab!' }, list: ['t0k'], keep: '{other}', n: 3 });
    expect(flowBody(flowOf('POST /x')!, {}, () => ({ guessed: true }))).toBe('{"guessed":true}');
  });

  it('fills path parameters by meaning, then from the user record, and says when one is missing', () => {
    const f = flowOf('PUT /users/{username}/password')!;
    const record = userRecord({ user: { id: 7, username: 'max', email: 'max@acme.test' } });
    expect(flowPath(f, {}, record)).toBe('/users/max/password');
    expect(flowPath(flowOf('POST /admin/users/{userId}/disable')!, { id: 'u 9' })).toBe('/admin/users/u%209/disable');
    expect(flowPath(flowOf('POST /orgs/{orgSlug}/x')!, {}, { orgSlug: 'acme' })).toBe('/orgs/acme/x');
    expect(flowPath(flowOf('POST /orgs/{orgSlug}/x')!, {}, {})).toBeUndefined();
  });
});
