// Repeatability of the verdict (issue 10): the demo audited again and again
// must give the same findings, fingerprint for fingerprint, and the same
// verdict. Vulnerable: one demo, audited N times, so what could differ is
// only what the audit itself does: a probe whose outcome depends on chance
// (a tampered token that sometimes still verifies), on timing, or on what an
// earlier audit left behind. (A fresh vulnerable demo per run would change
// its ports, planted secrets and log path, which are part of some
// fingerprints by design.) Hardened: a fresh demo per run, because its
// login lockout, set off by one audit's login bursts, is still on when the
// next audit starts, and a locked account answers differently from an
// unknown one (see the closing note of issue 10).
//
//   npx tsx bench/verdict/repeat.ts [RUNS] [vulnerable|hardened|both]   # default: 10 both
//
// Prints, per mode: runs with the first run's exact fingerprint set and
// verdict, the first difference when there is one (with that run's target
// problems from the coverage block), titles that changed
// under the same fingerprint (measured facts such as a session's age in
// seconds), and the median audit time. Exits 1 when a fingerprint or the
// verdict differs.
import { startDemo } from '../../demo/start.js';
import { runAudit } from '../../src/cli/run-audit.js';
import type { Report } from '../../src/report/model.js';

const RUNS = Number(process.argv[2] ?? 10);
const MODES = (process.argv[3] ?? 'both') === 'both' ? (['vulnerable', 'hardened'] as const) : ([process.argv[3]] as ('vulnerable' | 'hardened')[]);

export const findingKeys = (r: Report): string[] => r.checks.flatMap((c) => c.findings.map((f) => `${c.id} ${f.fingerprint}`)).sort();
const titles = (r: Report): Map<string, string> => new Map(r.checks.flatMap((c) => c.findings.map((f) => [`${c.id} ${f.fingerprint}`, f.title] as const)));

let differs = false;
for (const mode of MODES) {
  const fresh = mode === 'hardened';
  let demo = await startDemo({ mode });
  try {
    const runs: { keys: string[]; titles: Map<string, string>; verdict: string; ms: number; problems: string[] }[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (fresh && i > 0) {
        await demo.close();
        demo = await startDemo({ mode });
      }
      const started = performance.now();
      const { report } = await runAudit({
        config: demo.configPath,
        env: { ...process.env, ...demo.env },
        secrets: demo.secrets,
        failOn: 'never',
        color: false,
        quiet: true,
        emit: false,
      });
      runs.push({ keys: findingKeys(report), titles: titles(report), verdict: report.verdictLine, ms: performance.now() - started, problems: report.coverage.targetProblems.map((p) => p.summary) });
      process.stderr.write(`${mode} run ${i + 1}/${RUNS}: ${report.verdictLine}, ${runs.at(-1)!.keys.length} findings\n`);
    }
    const first = runs[0]!;
    const same = runs.filter((r) => r.keys.join('\n') === first.keys.join('\n') && r.verdict === first.verdict).length;
    const median = [...runs.map((r) => r.ms)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    console.log(`${mode} (${fresh ? 'a fresh demo per run' : 'one demo'}): ${same}/${runs.length} runs identical to the first (${first.keys.length} findings, ${first.verdict}); median audit ${(median / 1000).toFixed(1)} s`);
    const retitled = new Set<string>();
    for (const r of runs) for (const [k, t] of r.titles) if (first.titles.has(k) && first.titles.get(k) !== t) retitled.add(`${k}: "${first.titles.get(k)}" / "${t}"`);
    for (const t of [...retitled].slice(0, 6)) console.log(`  same fingerprint, title changed: ${t}`);
    for (const [i, r] of runs.entries()) {
      if (r.keys.join('\n') === first.keys.join('\n') && r.verdict === first.verdict) continue;
      differs = true;
      const onlyFirst = first.keys.filter((k) => !r.keys.includes(k));
      const onlyThis = r.keys.filter((k) => !first.keys.includes(k));
      console.log(`  run ${i + 1}: ${r.verdict}; only in run 1: ${onlyFirst.slice(0, 3).join(' | ') || '-'}; only in this run: ${onlyThis.slice(0, 3).join(' | ') || '-'}`);
      // What the coverage block said about the target in that run (a budget that ran out under load, the target down).
      for (const p of r.problems) console.log(`    target problem: ${p}`);
    }
  } finally {
    await demo.close();
  }
}
process.exitCode = differs ? 1 : 0;
