// Repeatability of the AI red team (issue 16): whole demo audits, run again
// and again, must give the same findings every time, because every verdict
// is judged without an LLM. Each run starts a fresh demo (new passwords,
// canaries, model key, ports), so nothing carries over between runs.
//
//   npx tsx bench/ai/repeat.ts [RUNS] [vulnerable|hardened|both]   # default: 10 both
//
// Reports, per mode: whether the AI checks' finding fingerprints and the AI
// red-team rows were identical in every run (and the first difference if
// not), the same for every other finding (fingerprints of some other checks
// carry the demo's random ports, so those are compared by title too), and
// the AI red team's share of the audit's requests and wall time, measured in
// the same run (the ledger's AI requests against the whole audit).
import { startDemo } from '../../demo/start.js';
import { runAudit } from '../../src/cli/run-audit.js';
import type { Report } from '../../src/report/model.js';

const RUNS = Number(process.argv[2] ?? 10);
const MODES = (process.argv[3] ?? 'both') === 'both' ? (['vulnerable', 'hardened'] as const) : ([process.argv[3]] as ('vulnerable' | 'hardened')[]);

const AI_CHECK = /^(prompt-injection-followed|indirect-prompt-injection-followed|system-prompt-leaked|ai-[a-z-]+|logs-expose-prompts) /;

interface Run {
  /** "check fingerprint title" of every finding. */
  fingerprints: string[];
  rows: string[];
  verdict: string;
  ms: number;
  requests: number;
  aiRequests: number;
  aiMs: number;
}

async function once(mode: 'vulnerable' | 'hardened'): Promise<Run> {
  const handle = await startDemo({ mode });
  try {
    const started = performance.now();
    const { report } = await runAudit({
      config: handle.configPath,
      env: { ...process.env, ...handle.env },
      secrets: handle.secrets,
      failOn: 'never',
      color: false,
      quiet: true,
      emit: false,
    });
    return summarise(report, performance.now() - started);
  } finally {
    await handle.close();
  }
}

function summarise(report: Report, ms: number): Run {
  const ai = report.ledger.filter((e) => e.purpose.startsWith('AI red team'));
  const aiMs = ai.length ? Date.parse(ai.at(-1)!.time) + ai.at(-1)!.durationMs - Date.parse(ai[0]!.time) : 0;
  return {
    // The demo's log file lives in a fresh temp dir each run: its path is in log findings' identity, so it is named alike here.
    fingerprints: report.checks.flatMap((c) => c.findings.map((f) => `${c.id} ${f.title.includes('launchready-demo-') ? '(log)' : f.fingerprint} ${f.title.replace(/launchready-demo-\w+/g, 'launchready-demo-RUN')}`)).sort(),
    rows: (report.deliverables?.redTeam ?? []).filter((r) => r.owasp).map((r) => `${r.attack}: ${r.status} ${r.rate ?? ''}`),
    verdict: report.verdict,
    ms,
    requests: report.ledger.length,
    aiRequests: ai.length,
    aiMs,
  };
}

function firstDifference(a: string[], b: string[]): string {
  const onlyA = a.filter((x) => !b.includes(x));
  const onlyB = b.filter((x) => !a.includes(x));
  return `only in run 1: ${onlyA.slice(0, 3).join(' | ') || '-'}; only in this run: ${onlyB.slice(0, 3).join(' | ') || '-'}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

for (const mode of MODES) {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(mode);
    runs.push(r);
    process.stderr.write(`${mode} run ${i + 1}/${RUNS}: ${r.verdict}, ${r.fingerprints.length} findings, ${(r.ms / 1000).toFixed(1)} s\n`);
  }
  const base = runs[0]!;
  const ai = (r: Run) => [...r.fingerprints.filter((f) => AI_CHECK.test(f)), ...r.rows];
  // Other checks by check and title, with what the fresh demo changes each run (ports, the fixture's commit hashes, a session's age, the certificate's expiry time) named alike.
  const rest = (r: Run) => r.fingerprints.filter((f) => !AI_CHECK.test(f)).map((f) => f.replace(/ [0-9a-f]{24} /, ' ').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'TIME').replace(/:\d{2,5}\b/g, ':PORT').replace(/\d+ s old/, 'N s old').replace(/commit [0-9a-f]{7,40}/, 'commit HASH')).sort();
  const differing = runs.map((r, i) => ({ r, i })).filter(({ r }) => ai(r).join('\n') !== ai(base).join('\n'));
  const otherDiffering = runs.map((r, i) => ({ r, i })).filter(({ r }) => rest(r).join('\n') !== rest(base).join('\n'));
  console.log(`\n${mode}: ${RUNS} runs, ${base.fingerprints.length} findings (${base.fingerprints.filter((f) => AI_CHECK.test(f)).length} from the AI checks), ${base.rows.length} AI red-team rows`);
  console.log(differing.length === 0 ? '  AI findings (by fingerprint) and AI red-team rows identical in every run' : `  ${differing.length} run(s) differ from run 1 in AI findings or rows:`);
  for (const { r, i } of differing.slice(0, 3)) console.log(`  run ${i + 1}: ${firstDifference(ai(base), ai(r))}`);
  console.log(otherDiffering.length === 0 ? '  other findings (by check and title) identical in every run' : `  ${otherDiffering.length} run(s) differ from run 1 in other findings:`);
  for (const { r, i } of otherDiffering.slice(0, 3)) console.log(`  run ${i + 1}: ${firstDifference(rest(base), rest(r))}`);
  const share = (x: number, of: number) => `${((100 * x) / of).toFixed(0)}%`;
  console.log(`  median audit ${(median(runs.map((r) => r.ms)) / 1000).toFixed(1)} s; AI red team ${(median(runs.map((r) => r.aiMs)) / 1000).toFixed(1)} s (${share(median(runs.map((r) => r.aiMs)), median(runs.map((r) => r.ms)))} of the audit), ${median(runs.map((r) => r.aiRequests))} of ${median(runs.map((r) => r.requests))} requests (${share(median(runs.map((r) => r.aiRequests)), median(runs.map((r) => r.requests)))})`);
  if (differing.length) process.exitCode = 1;
}
