// `launchready audit` against a running demo started by the test, so the test
// knows every secret of the run (passwords, planted keys, the TLS key) and can
// prove none of them reaches any output. Also: offline replay, the baseline
// gate, config errors, and the SARIF of a real report against its schema.
import { readdir, readFile, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv-draft-04';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import type { Report } from '../../src/report/model.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';

let demo: DemoHandle;
let tmp: string;
let live: CliResult;
let env: NodeJS.ProcessEnv;
const out = () => path.join(tmp, 'live');
const evidenceDir = () => path.join(tmp, 'evidence');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

const fingerprints = (r: Report) => r.checks.flatMap((c) => c.findings.map((f) => f.fingerprint)).sort();

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'launchready-audit-'));
  demo = await startDemo({ mode: 'vulnerable' });
  env = { ...demo.env };
  live = await runCli(['audit', '--config', demo.configPath, '--out', out(), '--format', 'all', '--save-evidence', evidenceDir()], {
    env,
    timeoutMs: 150_000,
  });
}, 200_000);

afterAll(async () => {
  await demo?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('launchready audit (live, vulnerable demo)', () => {
  it('exits 1 and writes every report format', async () => {
    expect(live.stderr).not.toMatch(/internal error/);
    expect(live.code).toBe(1);
    const names = (await readdir(out())).sort();
    expect(names).toEqual(['handover.md', 'release-checklist.md', 'report.html', 'report.json', 'report.junit.xml', 'report.md', 'report.sarif', 'report.txt']);
  });

  it('never shows a secret of the demo unmasked: not in stdout, stderr, any report, nor the saved evidence', async () => {
    expect(demo.secrets.length).toBeGreaterThan(5);
    const texts = [live.stdout, live.stderr];
    for (const f of [...(await filesUnder(out())), ...(await filesUnder(evidenceDir()))]) texts.push(await readFile(f, 'utf8'));
    for (const secret of demo.secrets) {
      // The TLS private key PEM is multi-line; its body is what must not leak.
      const needle = secret.includes('PRIVATE KEY') ? secret.split('\n')[1]! : secret;
      for (const t of texts) expect(t.includes(needle), `a demo secret (${needle.slice(0, 4)}…) leaked`).toBe(false);
    }
    // The assistant's system prompt (issue 16): the vulnerable assistant repeats it, and its log holds it.
    const prompt = await readFile(path.join(demo.env.ACME_REPO!, 'src/assistant/system-prompt.md'), 'utf8');
    for (const line of prompt.split('\n').map((l) => l.replace(/ACME-SP-\w+\.?$/, '').trim()).filter((l) => l.length > 30)) {
      for (const t of texts) expect(t.includes(line), `system prompt text leaked: ${line.slice(0, 30)}…`).toBe(false);
    }
  });

  it('the SARIF of a real report validates against the 2.1.0 schema', async () => {
    const Ajv = AjvModule.default;
    const schema = JSON.parse(await readFile('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false }).compile(schema);
    const log = JSON.parse(await readFile(path.join(out(), 'report.sarif'), 'utf8')) as unknown;
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  });

  it('records every request in the ledger', async () => {
    const report = JSON.parse(await readFile(path.join(out(), 'report.json'), 'utf8')) as Report;
    expect(report.ledger.length).toBeGreaterThan(5);
    expect(report.ledger.every((e) => e.method && e.url && e.role && e.purpose)).toBe(true);
  });
});

describe('offline replay and baseline', () => {
  it('--from-evidence reproduces the same findings without the network', async () => {
    const replayOut = path.join(tmp, 'replay');
    const replay = await runCli(['audit', '--from-evidence', evidenceDir(), '--out', replayOut, '--format', 'json']);
    expect(replay.code).toBe(1);
    const a = JSON.parse(await readFile(path.join(out(), 'report.json'), 'utf8')) as Report;
    const b = JSON.parse(await readFile(path.join(replayOut, 'report.json'), 'utf8')) as Report;
    expect(fingerprints(b)).toEqual(fingerprints(a));
    expect(b.notes.some((n) => n.includes('replayed offline'))).toBe(true);
  });

  it('a baseline accepts today\'s findings: shown as accepted, gate passes; without it the gate fails', async () => {
    const baselineFile = path.join(tmp, 'baseline.json');
    const made = await runCli(['baseline', '--from-report', path.join(out(), 'report.json'), '--output', baselineFile]);
    expect(made.code).toBe(0);
    const gated = await runCli(['audit', '--from-evidence', evidenceDir(), '--baseline', baselineFile, '--format', 'json']);
    expect(gated.code).toBe(0);
    const report = JSON.parse(gated.stdout) as Report;
    const all = report.checks.flatMap((c) => c.findings);
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((f) => f.accepted)).toBe(true);
    expect(report.summary.accepted).toBe(all.length);
    expect(report.verdict).toBe('ready');
  });

  it('--fail-on never exits 0 and --fail-on launch-now still fails', async () => {
    expect((await runCli(['audit', '--from-evidence', evidenceDir(), '--fail-on', 'never', '-q', '--format', 'json'])).code).toBe(0);
    expect((await runCli(['audit', '--from-evidence', evidenceDir(), '--fail-on', 'launch-now', '-q', '--format', 'json'])).code).toBe(1);
  });
});

describe('usage and config errors exit 2', () => {
  it('a broken config names the file, the line and the key', async () => {
    const file = path.join(tmp, 'broken.yml');
    await writeFile(file, ['project:', '  name: Broken', 'environments:', '  production:', '    appUrl: https://app.example.test', '    allowWrites: yes-please', ''].join('\n'));
    const r = await runCli(['audit', '--config', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yml:6:\d+/);
    expect(r.stderr).toContain('environments.production.allowWrites');
    expect(r.stderr).toMatch(/expected a boolean/);
  });

  it('a missing config file, an unknown format and a bad flag value exit 2 with a clear message', async () => {
    const missing = await runCli(['audit', '--config', path.join(tmp, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml');
    const fmt = await runCli(['audit', '--format', 'pdf']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/pdf/);
    const failOn = await runCli(['audit', '--fail-on', 'sometimes']);
    expect(failOn.code).toBe(2);
  });

  it('--help teaches and exits 0', async () => {
    const r = await runCli(['audit', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('--fail-on');
  });
});
