// CPU-time A/B of the secret engine: this checkout's code against a base
// commit's, both loaded into ONE process and run alternately on the same
// generated input. Wall-clock ratios against secretlint or `git log -p` swing
// by 3× on a shared machine; CPU time of the same process, old and new run
// back to back, best of N rounds, moves by a few percent. That ratio (new ÷
// old) is the figure to trust for "did the engine get slower".
//
//   npx tsx bench/secrets/ab.ts --base fe03a1e [--mb 20] [--rounds 7] [--commits 2000] [--no-history]
//
// The base commit's src/ is extracted with `git archive` into a temp folder
// (node_modules symlinked), so the working tree is never touched. Reported:
//   - tree: scanTree over a generated tree (reads included), CPU ms;
//   - engine: engine.scan over the same files already in memory, CPU ms;
//   - history: scanHistory over a generated history, CPU ms of this process
//     (git's own CPU, in a child process, is not counted: it is the same for both).
// Both sides must find every planted secret in the tree (exit 1 otherwise).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import * as newEngine from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import * as newHistory from '../../src/secrets/sources/history.js';
import * as newTree from '../../src/secrets/sources/tree.js';
import { buildHistory, buildTree } from './generate.js';

const run = promisify(execFile);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const BASE = arg('--base', 'fe03a1e');
const MB = Number(arg('--mb', '20'));
const ROUNDS = Number(arg('--rounds', '7'));
const COMMITS = Number(arg('--commits', '2000'));
const HISTORY = !process.argv.includes('--no-history');

interface Finding {
  fingerprint: string;
}
/** The slice of each side's API the benchmark calls (the same in the base and here). */
interface Side {
  name: string;
  engine: () => { scan(text: string, path: string): Finding[] };
  scanTree: (engine: never, root: string) => Promise<{ findings: Finding[] }>;
  scanHistory: (engine: never, root: string) => Promise<{ findings: Finding[] }>;
}

async function loadBase(dir: string): Promise<Side> {
  const root = path.resolve('.');
  await mkdir(dir, { recursive: true });
  const { stdout } = await run('git', ['rev-parse', '--verify', `${BASE}^{commit}`]);
  const tarFile = path.join(dir, 'src.tar');
  await run('git', ['archive', '--format=tar', '-o', tarFile, stdout.trim(), 'src', 'package.json']);
  await run('tar', ['-x', '-f', tarFile, '-C', dir]);
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const load = (rel: string): Promise<Record<string, unknown>> => import(pathToFileURL(path.join(dir, rel)).href) as Promise<Record<string, unknown>>;
  const engine = await load('src/secrets/engine.ts');
  const tree = await load('src/secrets/sources/tree.ts');
  const history = await load('src/secrets/sources/history.ts');
  const Engine = engine.SecretEngine as new () => ReturnType<Side['engine']>;
  return {
    name: `base ${BASE}`,
    engine: () => new Engine(),
    scanTree: tree.scanTree as Side['scanTree'],
    scanHistory: history.scanHistory as Side['scanHistory'],
  };
}

const current: Side = {
  name: 'this checkout',
  engine: () => new newEngine.SecretEngine(),
  scanTree: newTree.scanTree as Side['scanTree'],
  scanHistory: newHistory.scanHistory as Side['scanHistory'],
};

async function cpuMs<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = process.cpuUsage();
  const v = await fn();
  const d = process.cpuUsage(t);
  return [v, (d.user + d.system) / 1000];
}

/** Best (lowest) CPU ms of each side over ROUNDS rounds; the side that goes first alternates. */
async function ab<T>(label: string, sides: [Side, Side], fn: (s: Side) => Promise<T> | T): Promise<[number, number]> {
  const best = [Infinity, Infinity];
  // One untimed round each: JIT warm-up and lazily compiled regexes. Finding
  // counts are shown because they cost CPU of their own (a history finding
  // means one more `git show` to tell whether it is still in HEAD).
  const counts: string[] = [];
  for (const s of sides) {
    const v = await fn(s);
    const findings = (v as { findings?: unknown[] } | undefined)?.findings;
    if (findings) counts.push(`${s.name}: ${findings.length} findings`);
  }
  if (counts.length) process.stderr.write(`${label}: ${counts.join(', ')}\n`);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const [, ms] = await cpuMs(() => fn(sides[i]!));
      best[i] = Math.min(best[i]!, ms);
    }
  }
  const [o, n] = best as [number, number];
  process.stderr.write(`${label}: base ${o.toFixed(0)} ms, new ${n.toFixed(0)} ms, new/base ${(n / o).toFixed(3)}\n`);
  return [o, n];
}

async function main(): Promise<void> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'lr-ab-'));
  try {
    const base = await loadBase(path.join(tmp, 'base'));
    const treeDir = path.join(tmp, 'tree');
    process.stderr.write(`base ${BASE} extracted; building a ${MB} MB tree…\n`);
    const { secrets } = await buildTree(treeDir, MB);
    const sides: [Side, Side] = [base, current];

    // Correctness first: both sides must find every planted secret.
    for (const s of sides) {
      const found = new Set((await s.scanTree(s.engine() as never, treeDir)).findings.map((f) => f.fingerprint));
      const missed = secrets.filter((v) => !found.has(fingerprintSecret(v))).length;
      if (missed) throw new Error(`${s.name} missed ${missed} of ${secrets.length} planted secrets`);
    }

    const engines = sides.map((s) => s.engine());
    const engineOf = (s: Side): ReturnType<Side['engine']> => engines[sides.indexOf(s)]!;
    const tree = await ab('tree scan (scanTree)', sides, (s) => s.scanTree(engineOf(s) as never, treeDir));

    const files = (await newTree.listTreeFiles(treeDir)).files;
    const texts = await Promise.all(files.map(async (f) => [f, await readFile(path.join(treeDir, f), 'utf8')] as const));
    const engine = await ab('engine only (scan, files in memory)', sides, (s) => {
      const e = engineOf(s);
      for (const [f, t] of texts) e.scan(t, f);
    });

    let history: [number, number] | undefined;
    if (HISTORY) {
      const histDir = path.join(tmp, 'history');
      process.stderr.write(`building a ${COMMITS}-commit history…\n`);
      await buildHistory(histDir, COMMITS);
      history = await ab('history scan (scanHistory, this process only)', sides, (s) => s.scanHistory(engineOf(s) as never, histDir));
    }

    const row = ([o, n]: [number, number]) => ({ baseMs: Math.round(o), newMs: Math.round(n), ratio: Number((n / o).toFixed(3)) });
    const out = {
      base: BASE,
      treeMB: MB,
      rounds: ROUNDS,
      tree: row(tree),
      engine: row(engine),
      ...(history ? { history: { commits: COMMITS, ...row(history) } } : {}),
    };
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
