// Reasons say what the target model lacked, from where, and only reads that
// were made (issue 10, critic #8).
import { describe, expect, it } from 'vitest';
import type { AccessContext } from '../../src/evidence/gatherers/access/context.js';
import { noIdReason, noOperation, type ListRead } from '../../src/evidence/gatherers/access/missing.js';

/** The parts of a run's context the reasons read: the model's sources and operations, and the lists discovery read. */
function context(sources: string[], ops: string[], reads: Record<string, ListRead[]> = {}, allowed: { name: string; tenant: string }[] = []): AccessContext {
  const operations = ops.map((o) => ({ method: o.split(' ')[0]!, path: o.split(' ')[1]! }));
  return {
    target: { sources },
    op: (method: string, path: string) => operations.find((o) => o.method === method && o.path === path),
    listReads: new Map(Object.entries(reads)),
    allowed: () => allowed,
  } as unknown as AccessContext;
}

describe('reasons in terms of the target model', () => {
  it('names the missing operation and where the operations came from', () => {
    expect(noOperation(context(['page http://127.0.0.1:1'], []), 'POST', '/api/projects')).toBe("no POST /api/projects among the operations (from the page's scripts at http://127.0.0.1:1)");
    expect(noOperation(context(['openapi api.json', 'har owner.har'], []), 'GET', '/x')).toBe('no GET /x among the operations (from the API document api.json and the HAR recording owner.har)');
    expect(noOperation(context(['policy'], []), 'GET', '/x')).toBe('no GET /x among the operations (from the policy lines)');
  });

  it('says a list was read, and how, only when it was', () => {
    const ops = ['GET /api/invoices'];
    expect(noIdReason(context(['policy'], ops), '/api/invoices', 'main')).toBe('no id of tenant main is known for /api/invoices: no role of tenant main may call GET /api/invoices');
    expect(noIdReason(context(['policy'], ops, {}, [{ name: 'owner', tenant: 'main' }]), '/api/invoices', 'main')).toBe('no id of tenant main is known for /api/invoices: GET /api/invoices was not read as a role of tenant main');
    const read = { '/api/invoices': [{ role: 'owner', tenant: 'main', status: 200 }, { role: 'outsider', tenant: 'other', status: 200 }] };
    expect(noIdReason(context(['policy'], ops, read), '/api/invoices', 'main')).toBe('no id of tenant main is known for /api/invoices: GET /api/invoices (read as owner → 200) named none');
    const refused = { '/api/invoices': [{ role: 'viewer', tenant: 'main', status: 403 }] };
    expect(noIdReason(context(['policy'], ops, refused), '/api/invoices', 'main')).toBe('no id of tenant main is known for /api/invoices: GET /api/invoices was refused (viewer → 403)');
    const anyway = { '/api/invoices': [{ role: 'owner', tenant: 'main', status: 404 }] };
    expect(noIdReason(context(['policy'], [], anyway), '/api/invoices', 'main')).toBe(
      'no id of tenant main is known for /api/invoices: no GET /api/invoices among the operations (from the policy lines) to list them; GET /api/invoices, read anyway for ids (owner → 404), named none, and no other answer named one',
    );
    expect(noIdReason(context(['policy'], []), '/api/invoices', 'main')).toBe('no id of tenant main is known for /api/invoices: no GET /api/invoices among the operations (from the policy lines) to list them, and no other answer named one');
  });
});
