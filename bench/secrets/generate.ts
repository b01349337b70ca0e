// The secret benchmarks' generated input: code lines of an ordinary JS
// project with secrets planted at random, as a tree of files or as a git
// history. Planted values are assembled at run time from random pieces, so
// nothing that looks like a credential is ever committed.
import { execFile, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FILE_KB = 48;

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const rand = (n: number, a = B62): string => Array.from({ length: n }, () => a[randomInt(a.length)]).join('');
const HEX = '0123456789abcdef';

/** Secrets to plant: [kind, line, the secret itself (what a finding's fingerprint is of)]. Kinds both tools know, and kinds only launchready knows. */
export function secretLines(): [string, string, string][] {
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

export function codeLine(i: number): string {
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

/** Writes about `mb` MB of 48 KB code files under `dir`, with 40 planted secrets spread over them. */
export async function buildTree(dir: string, mb: number): Promise<{ planted: number; secrets: string[] }> {
  const files = Math.ceil((mb * 1024) / FILE_KB);
  const plantEvery = Math.max(1, Math.floor(files / 40));
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

/** A git repository of `commits` one-file commits; every 250th adds one of 12 secrets, the next commit to that file removes it. */
export async function buildHistory(dir: string, commits: number): Promise<{ planted: number; secrets: string[] }> {
  await run('git', ['init', '-q', '-b', 'main', dir]);
  const parts: string[] = [];
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  let planted = 0;
  const secrets = secretLines();
  for (let c = 1; c <= commits; c++) {
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
