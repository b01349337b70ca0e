// The full crash-injection campaign on the alert path (the test suite runs a
// small one): `launchready monitor` as a child process, killed with SIGKILL at
// every step of the alert path (see src/monitor/crash-points.ts, plus a kill
// from outside while a receiver holds the message), for a DOWN and its
// RESOLVED, on each of its three channels (a real SMTP server, a generic
// webhook receiver, a Slack-compatible receiver), restarted each time on the
// same database. Then every message is counted at the receivers.
//
//   npx tsx bench/monitor/crash.ts [ROUNDS]     default 5 rounds: 5 × 3 channels × 14 kills = 210 kills
//
// Pass: 0 lost; 0 duplicates at the receivers that honour the idempotency key
// (mail by Message-ID, webhook by Idempotency-Key); DOWN before RESOLVED.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCampaign } from '../../test/monitor/crash/harness.js';

const rounds = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(path.join(tmpdir(), 'lr-bench-crash-'));
try {
  let last = Date.now();
  const r = await runCampaign({
    dir,
    rounds,
    log: (line) => {
      if (Date.now() - last > 15_000) {
        last = Date.now();
        console.log(line);
      }
    },
  });
  console.log(`\nlaunchready monitor crash-injection campaign: ${r.episodes} outages (DOWN + RESOLVED), ${r.kills} SIGKILLs in ${(r.wallMs / 60_000).toFixed(1)} min\n`);
  console.log('kills per step:');
  for (const [step, n] of Object.entries(r.killsByStep).sort()) console.log(`  ${step.padEnd(24)} ${n}`);
  console.log(`\nmessages expected at the receivers: ${r.expected} (incident × channel × DOWN/RESOLVED)`);
  console.log(`lost:                                ${r.lost.length}`);
  console.log(`duplicates (mail, webhook; by key):  ${r.duplicates.length}`);
  console.log(`RESOLVED before its DOWN:            ${r.outOfOrder.length}`);
  console.log(`raw extra copies (dropped by key):   mail ${r.extraCopies.mail}, webhook ${r.extraCopies.hook}; Slack-compatible (keeps them): ${r.extraCopies.chat}`);
  if (r.missed.length) console.log(`\nsteps not reached (${r.missed.length}):\n  ${r.missed.join('\n  ')}`);
  for (const x of [...r.lost, ...r.duplicates, ...r.outOfOrder]) console.log(`  ${x}`);
  const pass = r.lost.length === 0 && r.duplicates.length === 0 && r.outOfOrder.length === 0 && r.kills >= 200;
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: ${r.kills} kills (goal ≥ 200), 0 lost and 0 duplicates required`);
  process.exitCode = pass ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
