// Which operations the audit never calls: the config's exclude list, and the
// dangerous ones by default, without taking out the flows it must test.
import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '../../src/evidence/types.js';
import { applyExclusions, dangerOf, exclusionGuard } from '../../src/target/exclusions.js';

const op = (method: string, path: string, extra: Partial<ApiOperation> = {}): ApiOperation => ({
  method,
  path,
  publicInSpec: false,
  hasJsonBody: method !== 'GET',
  expectationFrom: 'spec',
  ...extra,
});

describe('dangerous operations are excluded by default', () => {
  it('reset, seed, drop, truncate, wipe and createdb in the path', () => {
    expect(dangerOf(op('POST', '/api/reset-db'))).toBe('its path says reset');
    expect(dangerOf(op('GET', '/createdb'))).toBe('its path says createdb');
    expect(dangerOf(op('POST', '/api/admin/seedData'))).toBe('its path says seed');
    expect(dangerOf(op('POST', '/internal/tables/{name}/truncate'))).toBe('its path says truncate');
    expect(dangerOf(op('DELETE', '/api/test/wipe_all'))).toBe('its path says wipe');
  });

  it('a summary that says it wipes the database, and deleting your own account', () => {
    expect(dangerOf(op('POST', '/api/maintenance', { summary: 'Resets the database to the fixtures' }))).toMatch(/^its summary says/);
    expect(dangerOf(op('DELETE', '/api/me'))).toBe("it deletes the caller's own account");
    expect(dangerOf(op('DELETE', '/api/v1/user'))).toBe("it deletes the caller's own account");
    expect(dangerOf(op('POST', '/api/me/close', { summary: 'Delete your account permanently' }))).toBeUndefined();
    expect(dangerOf(op('DELETE', '/api/me/close', { summary: 'Delete your account permanently' }))).toBe("it deletes the caller's own account");
  });

  it('keeps the flows the audit must test: password reset, deleting an item, reset filters, drop-downs', () => {
    expect(dangerOf(op('POST', '/api/auth/password-reset/request'))).toBeUndefined();
    expect(dangerOf(op('POST', '/api/auth/password-reset/confirm', { summary: 'Reset your password with the emailed token' }))).toBeUndefined();
    expect(dangerOf(op('POST', '/users/resetPassword'))).toBeUndefined();
    expect(dangerOf(op('DELETE', '/api/invoices/{id}'))).toBeUndefined();
    expect(dangerOf(op('GET', '/api/options', { summary: 'Values for the drop-down of the invoice form' }))).toBeUndefined();
    expect(dangerOf(op('POST', '/api/search', { summary: 'Search; reset filters with an empty body' }))).toBeUndefined();
    expect(dangerOf(op('DELETE', '/api/admin/users/{id}'))).toBeUndefined();
  });

  it('the base path is not read as part of the operation', () => {
    expect(dangerOf(op('GET', '/seed-app/api/items'), '/seed-app')).toBeUndefined();
    expect(dangerOf(op('GET', '/seed-app/api/items'))).toBe('its path says seed');
  });
});

describe('exclude: in the config', () => {
  const ops = [op('GET', '/api/items'), op('POST', '/api/items'), op('POST', '/api/imports/{id}/run', { operationId: 'runImport' }), op('GET', '/createdb')];

  it('by METHOD /path with wildcards, or operationId; defaults on top', () => {
    const { ops: kept, excluded } = applyExclusions(ops, ['POST /api/items', 'runImport']);
    expect(kept.map((o) => `${o.method} ${o.path}`)).toEqual(['GET /api/items']);
    expect(excluded).toEqual([
      { operation: 'POST /api/items', by: 'config', reason: 'exclude: POST /api/items' },
      { operation: 'POST /api/imports/{id}/run', by: 'config', reason: 'exclude: runImport' },
      { operation: 'GET /createdb', by: 'default', reason: 'its path says createdb' },
    ]);
    expect(applyExclusions(ops, ['* /api/imports/*']).excluded.map((e) => e.operation)).toContain('POST /api/imports/{id}/run');
  });

  it('the client guard refuses the same requests by URL, ids filled in', () => {
    const { excluded } = applyExclusions(ops, ['runImport', 'DELETE /api/everything']);
    const guard = exclusionGuard(excluded, ['runImport', 'DELETE /api/everything']);
    expect(guard('POST', '/api/imports/42/run')).toBe('exclude: runImport');
    expect(guard('GET', '/createdb')).toBe('excluded by default: its path says createdb');
    expect(guard('DELETE', '/api/everything')).toBe('exclude: DELETE /api/everything');
    expect(guard('GET', '/api/items')).toBeUndefined();
    expect(guard('GET', '/api/imports/42/run')).toBeUndefined();
  });
});
