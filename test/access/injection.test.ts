// Injection-shaped malformed input (issue 11, item 8) against a real SQLite
// target: a quote in the search text and in the id shows the database error,
// an operator object in a body field shows a stack trace; the hardened twin,
// which binds parameters and checks types, gives none of them.
import { describe, expect, it } from 'vitest';
import check from '../../src/checks/abuse/request-validation-missing.js';
import { CTX } from '../helpers/exchange.js';
import { startInjection } from '../targets/abuse/injection.js';
import { fileWorkdir, loadTargetConfig } from '../targets/support.js';
import { probesOf, runAccess } from './run-access.js';

const dir = fileWorkdir();
const probes = probesOf;

async function audit(mode: 'vulnerable' | 'hardened') {
  const t = await startInjection(mode);
  try {
    const run = await runAccess(await loadTargetConfig(dir.dir, t.spec, t.yml), { only: ['validation'] });
    return { run, out: check.run({ accessProbes: probes(run) }, CTX) };
  } finally {
    await t.app.close();
  }
}

describe('injection-shaped input', () => {
  it('finds the database error behind a quote in the path and the query, and the stack trace behind an operator object', async () => {
    const { run, out } = await audit('vulnerable');
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    const leaks = out.findings.filter((f) => f.title.includes('makes the server answer with'));
    expect(leaks.map((f) => f.title).sort()).toEqual([
      'a single quote makes the server answer with a database error on 2 operations',
      'an operator object ({"$ne": null}) makes the server answer with stack trace on 1 operation',
    ]);
    const sql = leaks.find((f) => f.title.startsWith('a single quote'))!;
    expect(sql.severity).toBe('high');
    expect(sql.detail).toContain('GET /api/items (query:q,search) and GET /api/items/{id} (path)');
    expect(sql.evidence.map((e) => e.excerpt).join('\n')).toMatch(/SQLITE_ERROR/);
    expect(probes(run).trials.filter((t) => t.variant.startsWith('injection-')).length).toBeGreaterThanOrEqual(10);
  });

  it('finds none of it in the hardened twin', async () => {
    const { out } = await audit('hardened');
    expect(out.status).toBe('pass');
  });
});
