// The three secret checks with inline evidence: pass, fail, and missing or broken evidence.
import { describe, expect, it } from 'vitest';
import bundleCheck from '../../src/checks/repo/secret-in-client-bundle.js';
import historyCheck from '../../src/checks/repo/secret-in-git-history.js';
import repoCheck from '../../src/checks/repo/secret-in-repository.js';
import type { HistoryFinding, SecretFinding, SecretScanEvidence } from '../../src/evidence/secret-scan-types.js';
import { failed, notTested, ok } from '../../src/evidence/types.js';
import { CTX } from '../helpers/exchange.js';

function finding(over: Partial<SecretFinding> = {}): SecretFinding {
  return {
    ruleId: 'stripe-secret-key',
    description: 'Stripe secret or restricted API key',
    category: 'payment',
    severity: 'critical',
    mode: 'live',
    path: 'src/pay.js',
    line: 3,
    column: 7,
    masked: 'sk_l…AbCd',
    fingerprint: 'sha256:0123abcd0123abcd',
    context: "key = 'sk_l…AbCd'",
    baselineKey: 'k',
    ...over,
  };
}
const hist = (over: Partial<HistoryFinding> = {}): HistoryFinding => ({ ...finding(), commit: 'a'.repeat(40), commits: 1, inHead: false, ...over });

function scan(over: Partial<SecretScanEvidence> = {}): SecretScanEvidence {
  return {
    root: '/r',
    isGit: true,
    mode: 'full',
    tree: ok({ findings: [], filesScanned: 10, bytesScanned: 100, skipped: [], listing: 'git' }),
    history: ok({ findings: [], commitsScanned: 5, bytesScanned: 100, range: '--all' }),
    bundles: ok({ dirs: ['dist'], findings: [], filesScanned: 2, bytesScanned: 10, skipped: [], exposedEnv: [] }),
    ruleCount: 48,
    durationMs: 5,
    ...over,
  };
}

describe('secret-in-repository', () => {
  it('passes on a clean tree', () => {
    expect(repoCheck.run({ secretScan: scan() }, CTX).status).toBe('pass');
  });
  it('fails with a critical finding for a live key, low for a test key, identity without line numbers', () => {
    const out = repoCheck.run(
      {
        secretScan: scan({
          tree: ok({ findings: [finding(), finding({ mode: 'test', severity: 'low', path: 'b.js', fingerprint: 'sha256:ffff' })], filesScanned: 2, bytesScanned: 1, skipped: [], listing: 'git' }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.severity)).toEqual(['critical', 'low']);
    expect(out.findings[0]!.identity).toEqual(['stripe-secret-key', 'src/pay.js', 'sha256:0123abcd0123abcd']);
    expect(out.findings[0]!.location).toEqual({ path: 'src/pay.js', line: 3 });
  });
  it('is error / not-tested when the tree scan failed or was not run', () => {
    expect(repoCheck.run({ secretScan: scan({ tree: failed('git broke') }) }, CTX).status).toBe('error');
    expect(repoCheck.run({ secretScan: scan({ tree: notTested('staged only') }) }, CTX).status).toBe('not-tested');
  });
});

describe('secret-in-git-history', () => {
  it('passes when history holds nothing', () => {
    expect(historyCheck.run({ secretScan: scan() }, CTX).status).toBe('pass');
  });
  it('reports secrets removed from HEAD, leaving ones still in HEAD to the repository check', () => {
    const out = historyCheck.run(
      { secretScan: scan({ history: ok({ findings: [hist(), hist({ inHead: true, fingerprint: 'sha256:2' })], commitsScanned: 3, bytesScanned: 1, range: '--all' }) }) },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings).toHaveLength(1);
    expect(out.findings[0]!.detail).toContain('removed from HEAD');
    expect(out.findings[0]!.reproduction).toBe(`git show ${'a'.repeat(40)} -- 'src/pay.js'`);
  });
  it('reports everything when the tree was not scanned (--since)', () => {
    const out = historyCheck.run(
      { secretScan: scan({ tree: notTested('since'), history: ok({ findings: [hist({ inHead: true })], commitsScanned: 1, bytesScanned: 1, range: 'x..HEAD' }) }) },
      CTX,
    );
    expect(out.status).toBe('fail');
  });
  it('is not-tested without git, error when git failed', () => {
    expect(historyCheck.run({ secretScan: scan({ history: notTested('not a git repository') }) }, CTX).status).toBe('not-tested');
    expect(historyCheck.run({ secretScan: scan({ history: failed('timeout') }) }, CTX).status).toBe('error');
  });
});

describe('secret-in-client-bundle', () => {
  it('passes on a clean bundle', () => {
    expect(bundleCheck.run({ secretScan: scan() }, CTX).status).toBe('pass');
  });
  it('fails on a secret in a bundle file and on a browser-exposed env secret', () => {
    const out = bundleCheck.run(
      {
        secretScan: scan({
          bundles: ok({
            dirs: ['dist'],
            findings: [finding({ path: 'dist/app.js' })],
            filesScanned: 1,
            bytesScanned: 1,
            skipped: [],
            exposedEnv: [{ file: '.env', key: 'VITE_SECRET_TOKEN', line: 2, masked: 'ab…cd', fingerprint: 'sha256:9', reason: 'secret-like-name', severity: 'high' }],
          }),
        }),
      },
      CTX,
    );
    expect(out.status).toBe('fail');
    if (out.status !== 'fail') return;
    expect(out.findings.map((f) => f.severity)).toEqual(['critical', 'high']);
    expect(out.findings[1]!.identity).toEqual(['browser-env', 'VITE_SECRET_TOKEN', 'sha256:9']);
  });
  it('is error when the bundle scan failed', () => {
    expect(bundleCheck.run({ secretScan: scan({ bundles: failed('EACCES') }) }, CTX).status).toBe('error');
  });
});
