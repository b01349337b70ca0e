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
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildLeakFixture, scoreLeaks } from '../../test/secrets/leak-fixture.js';
import { SecretEngine } from '../../src/secrets/engine.js';
import { fingerprintSecret } from '../../src/secrets/mask.js';
import { scanHistory } from '../../src/secrets/sources/history.js';
import { scanTree } from '../../src/secrets/sources/tree.js';

const run = promisify(execFile);
const small = process.argv.includes('--small');
const TREE_MB = small ? 10 : 100;
const COMMITS = small ? 1000 : 10_000;
const FILE_KB = 48;
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number, a = B62): string => Array.from({ length: n }, () => a[randomInt(a.length)]).join('');
const HEX = '0123456789abcdef';

/** Secrets to plant: [kind, line, the secret itself (what a finding's fingerprint is of)]. Kinds both tools know, and kinds only launchready knows. */
function secretLines(): [string, string, string][] {
  const v = {
    aws: 'AKIA' + rand(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
    github: 'ghp_' + rand(36),
    slack: 'xox' + 'b-' + rand(12, '0123456789') + '-' + rand(13, '0123456789') + '-' + rand(24),
    sendgrid: 'SG.' + rand(22) + '.' + rand(43),
    npm: 'npm_' + rand(36),
    postgres: rand(20),
    anthropic: 'sk-ant-' + 'api03-' + rand(93) + 'AA',
    openai: 'sk-proj-' + rand(40) + 'T3Blbk' + 'FJ' + rand(40),
    shopify: 'shpat_' + rand(32, HEX),
    stripe: ['sk', 'live', rand(24)].join('_'),
    signing: rand(40),
    session: rand(64, HEX),
  };
  return [
    ['aws', `const awsKeyId = "${v.aws}";`, v.aws],
    ['github', `const gh = "${v.github}";`, v.github],
    ['slack', `const slack = "${v.slack}";`, v.slack],
    ['sendgrid', `const mail = "${v.sendgrid}";`, v.sendgrid],
    ['npm', `//registry.npmjs.org/:_authToken=${v.npm}`, v.npm],
    ['postgres', `const db = "${'postgres' + '://app:' + v.postgres + '@db.internal:5432/app'}";`, v.postgres],
    ['anthropic', `const ai = "${v.anthropic}";`, v.anthropic],
    ['openai', `const oa = "${v.openai}";`, v.openai],
    ['shopify', `const shop = "${v.shopify}";`, v.shopify],
    ['stripe-live', `const pay = "${v.stripe}";`, v.stripe],
    ['signing', 'JWT' + `_SECRET=${v.signing}`, v.signing],
    ['session-secret', `SESSION_SECRET=${v.session}`, v.session],
  ];
}

function codeLine(i: number): string {
  const id = rand(6, 'abcdefghijklmnopqrstuvwxyz');
  switch (i % 6) {
    case 0: return `export function ${id}${i}(input, options = {}) {`;
    case 1: return `  const ${id} = await fetch(options.url + "/api/items/" + input.id, { headers: { accept: "application/json" } });`;
    case 2: return `  if (!${id}.ok) throw new Error("request failed with status " + ${id}.status);`;
    case 3: return `  const token = options.token ?? process.env.API_TOKEN; // read the key from the environment`;
    case 4: return `  return ${id}.json().then((rows) => rows.map((r) => ({ id: r.id, name: r.name, password: undefined })));`;
    default: return `}`;
  }
}

async function buildTree(dir: string): Promise<{ planted: number; secrets: string[] }> {
  const files = Math.ceil((TREE_MB * 1024) / FILE_KB);
  const plantEvery = Math.floor(files / 40);
  let planted = 0;
  const secrets: string[] = [];
  for (let f = 0; f < files; f++) {
    const lines: string[] = [];
    let bytes = 0;
    let i = 0;
    while (bytes < FILE_KB * 1024) {
      const l = codeLine(i++);
      lines.push(l);
      bytes += l.length + 1;
    }
    if (f % plantEvery === 0) {
      const all = secretLines();
      const [, line, secret] = all[planted % all.length]!;
      lines.splice(randomInt(lines.length), 0, line);
      secrets.push(secret);
      planted++;
    }
    const sub = path.join(dir, `pkg${f % 20}`, 'src');
    await mkdir(sub, { recursive: true });
    await writeFile(path.join(sub, `module${f}.js`), lines.join('\n') + '\n');
  }
  return { planted, secrets };
}

async function buildHistory(dir: string): Promise<{ planted: number; secrets: string[] }> {
  await run('git', ['init', '-q', '-b', 'main', dir]);
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let planted = 0;
  const secrets = secretLines();
  for (let c = 1; c <= COMMITS; c++) {
    const file = `src/mod${c % 200}.js`;
    const lines = Array.from({ length: 30 }, (_, i) => codeLine(i + c));
    // Every 250th commit adds a secret; the next commit to that file removes it.
    if (c % 250 === 0) {
      lines.splice(5, 0, secrets[planted % secrets.length]![1]);
      planted++;
    }
    parts.push(
      `commit refs/heads/main\nmark :${c}\ncommitter Bench <bench@example.test> ${1_700_000_000 + c * 60} +0000\n` +
        data(`change ${c}`) +
        (c > 1 ? `from :${c - 1}\n` : '') +
        `M 100644 inline ${file}\n` +
        data(lines.join('\n') + '\n'),
    );
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'fast-import', '--quiet'], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`))));
    child.stdin.end(parts.join(''));
  });
  await run('git', ['-C', dir, 'checkout', '-q', '-f', 'main']);
  // The same 12 values are planted over and over: each distinct one must be found.
  return { planted, secrets: secrets.slice(0, Math.min(planted, secrets.length)).map((s) => s[2]) };
}

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
    const [{ planted, secrets: treeSecrets }, tBuild] = await timeIt(() => buildTree(treeDir));
    const [{ planted: hPlanted, secrets: histSecrets }, tHist] = await timeIt(() => buildHistory(histDir));
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
