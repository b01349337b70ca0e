// Secret-scanner benchmark: launchready vs secretlint@12 (recommended preset)
// on the same generated tree, and launchready's history scan vs `git log -p`
// alone on a generated history. Everything is built at run time in a temp
// folder; planted secrets are assembled from random pieces. Both runs fail
// (exit 1) when any planted secret is not found; the history plants 12
// distinct secrets and must report all 12. A third part scans the
// leaked-credential-files fixture (test/secrets/leak-fixture.ts) and reports
// recall over its risky lines and the clean files it flagged.
//
//   npx tsx bench/secrets/run.ts            100 MB tree, 10,000 commits
//   npx tsx bench/secrets/run.ts --small    10 MB tree, 1,000 commits
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildLeakFixture, scoreLeaks } from '../../test/secrets/leak-fixture.js';
import { SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { scanHistory } from '../../src/secrets/sources/history.js';
import { scanTree } from '../../src/secrets/sources/tree.js';
import { buildHistory, buildTree } from './generate.js';

const run = promisify(execFile);
const small = process.argv.includes('--small');
const TREE_MB = small ? 10 : 100;
const COMMITS = small ? 1000 : 10_000;
async function timeIt<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const v = await fn();
  return [v, (performance.now() - t) / 1000];
}

interface SecretlintResult {
  filePath: string;
  messages: { ruleId: string; loc: { start: { line: number } } }[];
}

async function runSecretlint(dir: string): Promise<SecretlintResult[]> {
  const bin = path.resolve('node_modules/.bin/secretlint');
  await writeFile(path.join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  // --output: secretlint exits before a large piped stdout is flushed.
  const outFile = path.join(path.dirname(dir), 'secretlint.json');
  await run(bin, ['**/*', '--format', 'json', '--output', outFile, '--secretlintrc', path.join(dir, '.secretlintrc.json')], {
    cwd: dir,
    maxBuffer: 1 << 28,
    // Rules are resolved from launchready's node_modules.
    env: { ...process.env, NODE_PATH: path.resolve('node_modules') },
  }).catch((err: { code?: number }) => {
    // Exit 1 means "found something".
    if (err.code !== 1) throw err as Error;
  });
  return JSON.parse(await readFile(outFile, 'utf8')) as SecretlintResult[];
}

async function gitLogBytes(dir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'log', '-p', '-U0', '--all', '--no-color'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let n = 0;
    child.stdout.on('data', (c: Buffer) => (n += c.length));
    child.on('error', reject);
    child.on('close', () => resolve(n));
  });
}

async function main(): Promise<void> {
  const base = await mkdtemp(path.join(tmpdir(), 'lr-bench-'));
  try {
    const treeDir = path.join(base, 'tree');
    const histDir = path.join(base, 'history');
    process.stderr.write(`building a ${TREE_MB} MB tree and a ${COMMITS}-commit history in ${base}…\n`);
    const [{ planted, secrets: treeSecrets }, tBuild] = await timeIt(() => buildTree(treeDir, TREE_MB));
    const [{ planted: hPlanted, secrets: histSecrets }, tHist] = await timeIt(() => buildHistory(histDir, COMMITS));
    process.stderr.write(`built in ${tBuild.toFixed(1)}s + ${tHist.toFixed(1)}s\n`);

    const engine = new SecretEngine();
    const [tree, tLr] = await timeIt(() => scanTree(engine, treeDir));
    const mb = tree.bytesScanned / 1024 / 1024;
    process.stderr.write(`launchready: ${tLr.toFixed(2)}s\nrunning secretlint…\n`);
    const [sl, tSl] = await timeIt(() => runSecretlint(treeDir));
    const slFindings = sl.flatMap((r) => r.messages.map((m) => ({ file: path.relative(treeDir, r.filePath), line: m.loc.start.line, rule: m.ruleId })));
    const lrAt = new Set(tree.findings.map((f) => `${f.path}:${f.line}`));
    const missed = slFindings.filter((s) => !lrAt.has(`${s.file}:${s.line}`));

    const [logBytes, tLog] = await timeIt(() => gitLogBytes(histDir));
    const [hist, tLrHist] = await timeIt(() => scanHistory(engine, histDir));

    // Every planted secret must be found, in the tree and in the history.
    const treeFps = new Set(tree.findings.map((f) => f.fingerprint));
    const histFps = new Set(hist.findings.map((f) => f.fingerprint));
    const treeMissed = treeSecrets.filter((s) => !treeFps.has(fingerprintSecret(s)));
    const histMissed = histSecrets.filter((s) => !histFps.has(fingerprintSecret(s)));

    const leakDir = path.join(base, 'leaks');
    const fx = await buildLeakFixture(leakDir);
    const leakScan = await scanTree(engine, leakDir);
    const leaks = scoreLeaks(fx, leakScan.findings);

    const out = {
      tree: {
        sizeMB: Number(mb.toFixed(1)),
        files: tree.filesScanned,
        plantedSecrets: planted,
        launchready: { seconds: Number(tLr.toFixed(2)), MBps: Number((mb / tLr).toFixed(1)), findings: tree.findings.length },
        secretlint: { seconds: Number(tSl.toFixed(2)), MBps: Number((mb / tSl).toFixed(1)), findings: slFindings.length },
        speedup: Number((tSl / tLr).toFixed(1)),
        secretlintFindingsMissedByLaunchready: missed,
        plantedMissed: treeMissed.length,
      },
      history: {
        commits: hist.commitsScanned,
        plantedSecrets: hPlanted,
        gitLogMB: Number((logBytes / 1024 / 1024).toFixed(1)),
        gitLogSeconds: Number(tLog.toFixed(2)),
        launchreadySeconds: Number(tLrHist.toFixed(2)),
        ratioToGitLog: Number((tLrHist / tLog).toFixed(2)),
        distinctPlanted: histSecrets.length,
        uniqueSecretsFound: hist.findings.length,
        plantedMissed: histMissed.length,
        stillInHead: hist.findings.filter((f) => f.inHead).length,
      },
      leakedCredentialFiles: {
        files: fx.files,
        riskyLines: leaks.riskyLines,
        found: leaks.found,
        recall: Number(leaks.recall.toFixed(3)),
        missed: leaks.missed,
        findingsOnNoRiskyLine: leaks.falseAlarms.length,
        cleanFilesFlagged: leaks.cleanFlagged,
      },
    };
    console.log(JSON.stringify(out, null, 2));
    const goals = [
      `tree: ${out.tree.speedup}× faster than secretlint (goal ≥ 10×) ${out.tree.speedup >= 10 ? 'MET' : 'NOT MET'}`,
      `tree: finds every secretlint finding: ${missed.length === 0 ? 'MET' : `NOT MET (${missed.length} missed)`}`,
      `history: ${out.history.ratioToGitLog}× the time of git log -p alone (goal ≤ 2×) ${out.history.ratioToGitLog <= 2 ? 'MET' : 'NOT MET'}`,
      `leaked credential files: ${(leaks.recall * 100).toFixed(1)}% of ${leaks.riskyLines} risky lines (goal ≥ 90%), ${leaks.cleanFlagged.length} clean files flagged (goal 0) ${leaks.recall >= 0.9 && leaks.cleanFlagged.length === 0 ? 'MET' : 'NOT MET'}`,
    ];
    console.log(goals.join('\n'));
    // Not a timing assertion: a planted secret the scan misses is a wrong answer, whatever the speed.
    if (treeMissed.length || histMissed.length) {
      throw new Error(`planted secrets missed: tree ${treeMissed.length} of ${treeSecrets.length}, history ${histMissed.length} of ${histSecrets.length}`);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

await main();
