// The deployment hygiene checks against the demo's repository fixture, both
// variants built in temp folders, gathered with the demo config's environment
// mapping: every planted problem is found, and the hardened repo raises
// nothing high or critical.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepoFixture, type RepoFixture } from '../../demo/infra/repo-fixture.js';
import { CHECKS } from '../../src/checks/registry.js';
import { runChecks } from '../../src/engine/run-checks.js';
import { gatherRepo } from '../../src/evidence/gatherers/repo.js';
import type { Evidence, Gathered, RepoEvidence } from '../../src/evidence/types.js';
import type { CheckResult } from '../../src/report/model.js';
import { CTX } from '../helpers/exchange.js';

const HYGIENE = new Set([
  'env-file-committed',
  'env-example-missing-keys',
  'secret-shared-between-environments',
  'test-credentials-in-production',
  'debug-enabled-in-production',
  'tls-verification-disabled',
  'cors-wildcard-with-credentials-in-code',
  'secrets-written-to-logs',
  'webhook-points-outside-production',
  'migration-not-reversible',
  'no-deployment-pipeline',
  'env-var-inventory',
]);
// As in demo/launchready.yml.
const ENVIRONMENTS = { production: ['.env.production'], staging: ['.env.staging'] };

interface Audited {
  fixture: RepoFixture;
  repo: Gathered<RepoEvidence>;
  results: Map<string, CheckResult>;
}

let base: string;
const audited: Partial<Record<'vulnerable' | 'hardened', Audited>> = {};

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'lr-hygiene-demo-'));
  for (const mode of ['vulnerable', 'hardened'] as const) {
    const fixture = await buildRepoFixture(mode, path.join(base, mode));
    const repo = await gatherRepo(fixture.path, ENVIRONMENTS);
    const checks = CHECKS.filter((c) => HYGIENE.has(c.meta.id));
    const results = runChecks(checks, { repo } as unknown as Evidence, CTX);
    audited[mode] = { fixture, repo, results: new Map(results.map((r) => [r.id, r])) };
  }
}, 60_000);

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (mode: 'vulnerable' | 'hardened'): Audited => {
  const a = audited[mode];
  if (!a) throw new Error(`${mode} fixture was not audited`);
  return a;
};
const findings = (mode: 'vulnerable' | 'hardened', id: string) => get(mode).results.get(id)?.findings ?? [];

describe('hygiene checks on the vulnerable demo repository', () => {
  it('registers every hygiene check', () => {
    expect([...get('vulnerable').results.keys()].sort()).toEqual([...HYGIENE].sort());
  });

  it('finds the committed .env with live-looking keys', () => {
    expect(findings('vulnerable', 'env-file-committed').map((f) => f.location?.path)).toContain('.env');
  });

  it('finds .env.production with DEBUG=true, NODE_ENV=development, a test-mode payment key and a staging webhook', () => {
    const debug = findings('vulnerable', 'debug-enabled-in-production').filter((f) => f.location?.path === '.env.production');
    expect(debug.some((f) => f.title.includes('DEBUG=true'))).toBe(true);
    expect(debug.some((f) => f.title.includes('NODE_ENV=development'))).toBe(true);
    expect(findings('vulnerable', 'test-credentials-in-production').map((f) => f.title)).toContain(
      'PAYMENTS_SECRET_KEY in .env.production is a test-mode payment key',
    );
    const hooks = findings('vulnerable', 'webhook-points-outside-production');
    expect(hooks.map((f) => [f.title, f.severity])).toEqual([['WEBHOOK_URL in .env.production points at a staging host (staging.acme.test)', 'high']]);
  });

  it('finds SESSION_SECRET shared between production and staging', () => {
    const shared = findings('vulnerable', 'secret-shared-between-environments').map((f) => f.title);
    expect(shared.some((t) => t.startsWith('SESSION_SECRET in .env.production') && t.includes('.env.staging'))).toBe(true);
  });

  it('finds the keys .env.example lacks', () => {
    const missing = findings('vulnerable', 'env-example-missing-keys').map((f) => f.title.split(' ')[0]);
    expect(missing).toEqual(expect.arrayContaining(['PAYMENTS_SECRET_KEY', 'MAIL_API_KEY', 'WEBHOOK_URL']));
    expect(missing).not.toContain('DATABASE_URL');
  });

  it('finds the DROP TABLE migration without a down path, rated high', () => {
    const m = findings('vulnerable', 'migration-not-reversible').find((f) => f.location?.path === 'migrations/002_drop_legacy_invoices.sql');
    expect(m?.severity).toBe('high');
    expect(m?.title).toContain('DROP TABLE');
  });

  it('notes that there is no deployment pipeline, and lists the env-var inventory', () => {
    expect(get('vulnerable').results.get('no-deployment-pipeline')?.status).toBe('fail');
    const repo = get('vulnerable').repo;
    expect(repo.state === 'ok' && repo.value.inventory?.map((v) => v.name)).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'SESSION_SECRET', 'PAYMENTS_SECRET_KEY', 'SLACK_BOT_TOKEN', 'WEBHOOK_URL']),
    );
    expect(get('vulnerable').results.get('env-var-inventory')?.status).toBe('warn');
  });

  it('keeps every planted secret out of evidence and results', () => {
    const a = get('vulnerable');
    const text = JSON.stringify(a.repo) + JSON.stringify([...a.results.values()]);
    expect(a.fixture.plantedSecrets.length).toBeGreaterThan(5);
    for (const s of a.fixture.plantedSecrets) expect(text).not.toContain(s);
  });
});

describe('hygiene checks on the hardened demo repository', () => {
  it('raises no finding of severity high or critical, and no error', () => {
    const results = [...get('hardened').results.values()];
    const serious = results.flatMap((r) => r.findings).filter((f) => f.severity === 'high' || f.severity === 'critical');
    expect(serious.map((f) => `${f.checkId}: ${f.title}`)).toEqual([]);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  });

  it('passes the checks the vulnerable repository fails', () => {
    for (const id of ['secret-shared-between-environments', 'test-credentials-in-production', 'debug-enabled-in-production', 'webhook-points-outside-production', 'migration-not-reversible', 'no-deployment-pipeline', 'env-example-missing-keys']) {
      expect([id, get('hardened').results.get(id)?.status]).toEqual([id, 'pass']);
    }
  });

  it('keeps every planted secret out of evidence', () => {
    const a = get('hardened');
    const text = JSON.stringify(a.repo);
    for (const s of a.fixture.plantedSecrets) expect(text).not.toContain(s);
  });
});
