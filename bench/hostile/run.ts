// Memory on a hostile document: an OpenAPI document of ~1 MB with 5,000
// operations (1,000 collections, each list/create/read/update/delete, every
// operation with a summary and a description), served by a loopback API that
// answers every one of them. Each audit runs in its own process with the
// default request budget (2,000); its peak RSS is what the machine must
// have. Measured in the same run: the same audit on a 100-operation document
// (the baseline), and each process's floor (the same modules loaded, nothing
// run). Goal: the hostile audit stays under 300 MiB: memory follows the
// budget, not the document.
// Run: npm run build && npx tsx bench/hostile/run.ts [--src]
//   (--src: run the TypeScript sources through tsx instead of dist/; tsx adds ~45 MiB)
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { miniConfig, startMiniApi, type MiniApi } from '../../test/helpers/mini-api.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOAL_MIB = 300;
const useDist = !process.argv.includes('--src');

interface ChildResult {
  peakRssMiB: number;
  seconds?: number;
  requests?: number;
  reportMiB?: number;
  verdict?: string;
  budget?: string[];
}

function child(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'audit-child.ts'), ...args, ...(useDist ? ['--dist'] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('close', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`audit child failed (${code}): ${err.split('\n').slice(-5).join('\n')}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

/** The mini API's document, every operation given a summary and a description (what real documents carry, and what makes them big). */
function withProse(spec: object): object {
  const doc = structuredClone(spec) as { paths: Record<string, Record<string, Record<string, unknown>>> };
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(item)) {
      if (m === 'parameters') continue;
      op.summary = `${m.toUpperCase()} ${p}`;
      op.description = `Operates on ${p}: ${'Returns the items of the caller\'s workspace, paginated, newest first. '}`;
    }
  }
  return doc;
}

async function measure(label: string, resources: number, dir: string): Promise<ChildResult & { label: string; operations: number; specMiB: number }> {
  const api: MiniApi = await startMiniApi({ resources });
  try {
    const spec = JSON.stringify(withProse(api.spec));
    const sub = path.join(dir, label.split(' ')[0]!);
    await import('node:fs/promises').then((fs) => fs.mkdir(sub, { recursive: true }));
    await writeFile(path.join(sub, 'openapi.json'), spec);
    await writeFile(path.join(sub, 'launchready.yml'), `${miniConfig(api, { specFile: 'openapi.json', allowWrites: true, rate: 2000, maxRequests: 2000 })}repo: { path: ${JSON.stringify(sub)} }\n`);
    const r = await child([path.join(sub, 'launchready.yml')]);
    return { label, operations: resources * 5, specMiB: Math.round((spec.length / 1048576) * 100) / 100, ...r };
  } finally {
    await api.close();
  }
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'launchready-bench-hostile-'));
try {
  const floor = await child([path.join(dir, 'none.yml'), '--imports-only']);
  const base = await measure('baseline', 20, dir);
  const big = await measure('hostile', 1000, dir);
  console.log(`code: ${useDist ? 'dist/ (as installed)' : 'src/ through tsx'}`);
  console.log(`process floor (modules loaded, nothing run): ${floor.peakRssMiB} MiB`);
  for (const r of [base, big]) {
    console.log(
      `${r.label.padEnd(9)} ${String(r.operations).padStart(5)} operations, ${r.specMiB.toFixed(2)} MB document: peak RSS ${r.peakRssMiB} MiB (${r.peakRssMiB - floor.peakRssMiB} MiB above the floor), ${r.requests} requests in ${r.seconds} s, report ${r.reportMiB} MiB, verdict ${r.verdict}`,
    );
    for (const b of r.budget ?? []) console.log(`          ${b}`);
  }
  const ratio = (big.peakRssMiB - floor.peakRssMiB) / Math.max(1, base.peakRssMiB - floor.peakRssMiB);
  console.log(`hostile / baseline, above the floor: ${ratio.toFixed(2)}× for ${big.operations / base.operations}× the operations`);
  console.log(`goal: hostile peak under ${GOAL_MIB} MiB — ${big.peakRssMiB < GOAL_MIB ? 'met' : 'NOT met'}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
