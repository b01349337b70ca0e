// The leaked-credential-files fixture: at least 90% of its risky lines
// found, and no file that holds no risk flagged.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretEngine } from '../../src/secrets/engine.js';
import { scanTree } from '../../src/secrets/sources/tree.js';
import { buildLeakFixture, scoreLeaks, type LeakFixture } from './leak-fixture.js';

let dir: string;
let fx: LeakFixture;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lr-leaks-'));
  fx = await buildLeakFixture(dir);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('leaked credential files', () => {
  it('finds at least 90% of the risky lines and flags no clean file', async () => {
    expect(fx.files).toBeGreaterThanOrEqual(40);
    const tree = await scanTree(new SecretEngine(), dir);
    const score = scoreLeaks(fx, tree.findings);
    expect(score.cleanFlagged, 'clean files flagged').toEqual([]);
    expect(score.falseAlarms, 'findings on no risky line').toEqual([]);
    expect(score.recall, `missed: ${score.missed.join(', ')}`).toBeGreaterThanOrEqual(0.9);
    expect(tree.skippedTrees).toEqual([{ dir: 'node_modules' }]);
    expect(tree.encrypted?.map((e) => e.format).sort()).toEqual(['SOPS', 'SealedSecret encryptedData']);
  });
});
