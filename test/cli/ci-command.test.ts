// `launchready ci` for GitHub Actions and GitLab CI: the files validate
// against each format's published schema (vendored in test/fixtures/schemas),
// and their commands run here for real: in a small project with launchready
// installed as a dev dependency and a git history, against the bundled demo on
// loopback, with harmless deploy and rollback commands. The hardened demo
// passes the gate and the smoke check, so nothing rolls back; run against the
// vulnerable demo the smoke check fails and the rollback step runs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startDemo, type DemoHandle } from '../../demo/start.js';
import { runGithubWorkflow, runGitlabPipeline, type StepRun } from '../helpers/ci-runner.js';
import { CLI_ENTRY, REPO_ROOT, TSX_LOADER, runCli } from '../helpers/run-cli.js';
import { validateSarif } from '../helpers/sarif.js';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
function validator(file: string) {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'test/fixtures/schemas', file), 'utf8')) as object);
}
const validateGithub = validator('github-workflow.json');
const validateGitlab = validator('gitlab-ci.json');

const DEPLOY = 'echo deployed >> deploy.log';
const ROLLBACK = 'echo rolled back >> deploy.log';

let project: string;
let before: string;
let hardened: DemoHandle;
let vulnerable: DemoHandle;
const files: Record<string, string> = {};

/** The machine the jobs run on: this one's PATH and Node, npm offline, none of the demo's values. */
function machineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ACME_')));
  return { ...env, NO_COLOR: '1', npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: project, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } }).trim();

async function generate(provider: 'github' | 'gitlab', name: string, extra: string[]): Promise<string> {
  const out = path.join(project, name);
  const configRel = path.relative(project, path.join(REPO_ROOT, 'demo/launchready.yml'));
  const r = await runCli(['ci', '--provider', provider, '--config', configRel, '--output', out, '--force', ...extra], { cwd: project });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return out;
}

beforeAll(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), 'launchready-ci-'));
  // A small app repository with launchready as a dev dependency (a local package that runs this checkout's CLI).
  mkdirSync(path.join(project, 'vendor/launchready'), { recursive: true });
  writeFileSync(
    path.join(project, 'vendor/launchready/package.json'),
    JSON.stringify({ name: 'launchready', version: '0.0.0-test', type: 'module', bin: { launchready: 'cli.mjs' } }),
  );
  writeFileSync(
    path.join(project, 'vendor/launchready/cli.mjs'),
    `#!/usr/bin/env node
import { spawn } from 'node:child_process';
const child = spawn(process.execPath, ['--import', ${JSON.stringify(TSX_LOADER)}, ${JSON.stringify(CLI_ENTRY)}, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('close', (code) => process.exit(code ?? 1));
`,
  );
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'acme-ops-ci', version: '1.0.0', private: true, scripts: { test: 'node -e "console.log(\'3 passed, 0 failed\')"' }, devDependencies: { launchready: 'file:vendor/launchready' } }, null, 2),
  );
  writeFileSync(path.join(project, '.gitignore'), 'node_modules/\nlaunchready-report/\nlaunchready-smoke/\ndeploy.log\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline'], { cwd: project, env: machineEnv(), stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', 'first');
  before = git('rev-parse', 'HEAD');
  writeFileSync(path.join(project, 'README.md'), '# Acme Ops\n');
  git('add', '-A');
  git('commit', '-qm', 'second');

  [hardened, vulnerable] = await Promise.all([startDemo({ mode: 'hardened' }), startDemo({ mode: 'vulnerable' })]);
  files.github = await generate('github', '.github/workflows/launchready.yml', ['--deploy', DEPLOY, '--rollback', ROLLBACK]);
  files.gitlab = await generate('gitlab', '.gitlab-ci.yml', ['--deploy', DEPLOY, '--rollback', ROLLBACK]);
  files.githubPlaceholder = await generate('github', 'placeholder-github.yml', []);
  files.gitlabPlaceholder = await generate('gitlab', 'placeholder-gitlab.yml', []);
}, 180_000);

afterAll(async () => {
  await Promise.all([hardened?.close(), vulnerable?.close()]);
  if (project) await rm(project, { recursive: true, force: true });
});

const step = (steps: StepRun[], pattern: RegExp): StepRun => {
  const s = steps.find((x) => pattern.test(x.name));
  expect(s, String(pattern)).toBeDefined();
  return s!;
};
const resetLog = () => rmSync(path.join(project, 'deploy.log'), { force: true });
const deployLog = () => (existsSync(path.join(project, 'deploy.log')) ? readFileSync(path.join(project, 'deploy.log'), 'utf8') : '');

describe('the generated files validate against their published schemas', () => {
  it('GitHub Actions: with commands and with placeholders', () => {
    for (const f of [files.github!, files.githubPlaceholder!]) {
      const ok = validateGithub(parse(readFileSync(f, 'utf8')));
      expect(validateGithub.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('GitLab CI: with commands and with placeholders', () => {
    for (const f of [files.gitlab!, files.gitlabPlaceholder!]) {
      const ok = validateGitlab(parse(readFileSync(f, 'utf8')));
      expect(validateGitlab.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema checks are live: a broken file fails them', () => {
    const gh = parse(readFileSync(files.github!, 'utf8')) as { jobs: Record<string, Record<string, unknown>> };
    delete gh.jobs.deploy!['runs-on'];
    expect(validateGithub(gh)).toBe(false);
    const gl = parse(readFileSync(files.gitlab!, 'utf8')) as Record<string, Record<string, unknown>>;
    gl.rollback!.when = 'sometimes';
    expect(validateGitlab(gl)).toBe(false);
  });

  it('carry every part: test, scan of the pushed range, audit of staging with SARIF and the gate, deploy, smoke, rollback', () => {
    const gh = readFileSync(files.github!, 'utf8');
    expect(gh).toContain('npm test');
    expect(gh).toContain('$LAUNCHREADY scan --since "$BEFORE" .');
    expect(gh).toContain('--environment staging --out launchready-report');
    expect(gh).toContain('github/codeql-action/upload-sarif@v3');
    expect(gh).toContain('--environment production --only smoke');
    expect(gh).toContain("failure() && steps.smoke.outcome == 'failure'");
    expect(gh).toContain(`run: ${DEPLOY}`);
    // Every env: of the demo config comes from a repository secret; comments in the config are not variables.
    expect(gh).toContain('ACME_OWNER_PASSWORD: ${{ secrets.ACME_OWNER_PASSWORD }}');
    expect(gh).not.toMatch(/\bNAME: \$\{\{/);
    const placeholder = readFileSync(files.githubPlaceholder!, 'utf8');
    expect(placeholder).toContain('Deploy (PLACEHOLDER');
    expect(placeholder).toContain('LAUNCHREADY-PLACEHOLDER: no deploy command yet');
    const gl = readFileSync(files.gitlab!, 'utf8');
    expect(gl).toContain('$LAUNCHREADY scan --since "$CI_COMMIT_BEFORE_SHA" .');
    expect((parse(gl) as { rollback: { rules: unknown[] } }).rollback.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"', when: 'on_failure' }]);
  });

  it('refuses to overwrite a workflow without --force', async () => {
    const r = await runCli(['ci', '--provider', 'github', '--output', files.github!], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exists; pass --force');
  });
});

describe('GitHub Actions, run locally', () => {
  it('a push to main against the hardened demo: tests, scan, gate pass; deploys; the smoke check passes; no rollback', async () => {
    resetLog();
    const { jobs, steps } = await runGithubWorkflow(files.github!, {
      cwd: project,
      env: machineEnv(),
      secrets: hardened.env,
      github: { event_name: 'push', ref: 'refs/heads/main', event: { before } },
    });
    expect(jobs, JSON.stringify(steps.filter((s) => s.outcome === 'failure').map((s) => [s.name, s.output.slice(-800)]))).toEqual({ test: 'success', 'audit-staging': 'success', deploy: 'success' });
    expect(step(steps, /^Test$/).output).toContain('3 passed, 0 failed');
    expect(step(steps, /^Scan the pushed commits/).output).toMatch(/since|READY/i);
    const sarif = JSON.parse(readFileSync(path.join(project, 'launchready-report/report.sarif'), 'utf8')) as Log;
    expect(validateSarif(sarif)).toBe(true);
    expect(step(steps, /^Upload SARIF/).outcome).toBe('success');
    expect(step(steps, /^Gate/).outcome).toBe('success');
    expect(step(steps, /^Smoke check production/).output).toContain('READY');
    expect(step(steps, /^Roll back/).outcome).toBe('skipped');
    expect(deployLog()).toBe('deployed\n');
  }, 240_000);

  it('the smoke check fails against the vulnerable demo, and the rollback step runs', async () => {
    resetLog();
    const { jobs, steps } = await runGithubWorkflow(files.github!, {
      cwd: project,
      env: machineEnv(),
      secrets: vulnerable.env,
      github: { event_name: 'push', ref: 'refs/heads/main', event: { before } },
      assumeSucceeded: ['test', 'audit-staging'],
      jobs: ['deploy'],
    });
    expect(jobs.deploy).toBe('failure');
    const smoke = step(steps, /^Smoke check production/);
    expect(smoke.outcome).toBe('failure');
    expect(smoke.output).toContain('NOT READY');
    expect(step(steps, /^Roll back/).outcome).toBe('success');
    expect(deployLog()).toBe('deployed\nrolled back\n');
  }, 120_000);

  it('a placeholder deploy fails loudly and rolls nothing back; a pull request never deploys', async () => {
    resetLog();
    const run = await runGithubWorkflow(files.githubPlaceholder!, {
      cwd: project,
      env: machineEnv(),
      secrets: hardened.env,
      github: { event_name: 'push', ref: 'refs/heads/main', event: { before } },
      assumeSucceeded: ['test', 'audit-staging'],
      jobs: ['deploy'],
    });
    expect(step(run.steps, /^Deploy \(PLACEHOLDER/)).toMatchObject({ outcome: 'failure', output: expect.stringContaining('LAUNCHREADY-PLACEHOLDER') });
    expect(step(run.steps, /^Smoke check/).outcome).toBe('skipped');
    expect(step(run.steps, /^Roll back/).outcome).toBe('skipped');
    const pr = await runGithubWorkflow(files.github!, {
      cwd: project,
      env: machineEnv(),
      secrets: hardened.env,
      github: { event_name: 'pull_request', ref: 'refs/pull/1/merge', event: {} },
      assumeSucceeded: ['test', 'audit-staging'],
      jobs: ['deploy'],
    });
    expect(pr.jobs.deploy).toBe('skipped');
    expect(deployLog()).toBe('');
  });
});

describe('GitLab CI, run locally', () => {
  const variables = (demo: DemoHandle, branch = 'main') => ({ ...demo.env, CI_COMMIT_BRANCH: branch, CI_DEFAULT_BRANCH: 'main', CI_COMMIT_BEFORE_SHA: before });

  it('a pipeline on main against the hardened demo: every stage passes, no rollback', async () => {
    resetLog();
    rmSync(path.join(project, 'launchready-report'), { recursive: true, force: true });
    const { jobs, steps } = await runGitlabPipeline(files.gitlab!, { cwd: project, env: machineEnv(), variables: variables(hardened) });
    expect(jobs, JSON.stringify(steps.filter((s) => s.outcome === 'failure').map((s) => [s.name, s.output.slice(-800)]))).toEqual({
      test: 'success',
      'audit-staging': 'success',
      deploy: 'success',
      smoke: 'success',
      rollback: 'skipped',
    });
    expect(existsSync(path.join(project, 'launchready-report/report.sarif'))).toBe(true);
    expect(existsSync(path.join(project, 'launchready-report/report.junit.xml'))).toBe(true);
    expect(deployLog()).toBe('deployed\n');
  }, 240_000);

  it('the smoke job fails against the vulnerable demo, and the rollback job runs', async () => {
    resetLog();
    const { jobs, steps } = await runGitlabPipeline(files.gitlab!, {
      cwd: project,
      env: machineEnv(),
      variables: variables(vulnerable),
      assumeSucceeded: ['test', 'audit-staging'],
      jobs: ['deploy', 'smoke', 'rollback'],
    });
    expect(jobs).toMatchObject({ deploy: 'success', smoke: 'failure', rollback: 'success' });
    expect(step(steps, /^smoke$/).output).toContain('NOT READY');
    expect(deployLog()).toBe('deployed\nrolled back\n');
  }, 120_000);

  it('a branch other than main runs no deploy, smoke or rollback', async () => {
    resetLog();
    const { jobs } = await runGitlabPipeline(files.gitlab!, {
      cwd: project,
      env: machineEnv(),
      variables: variables(hardened, 'feature'),
      assumeSucceeded: ['test', 'audit-staging'],
      jobs: ['deploy', 'smoke', 'rollback'],
    });
    expect(jobs).toMatchObject({ deploy: 'skipped', smoke: 'skipped', rollback: 'skipped' });
    expect(deployLog()).toBe('');
  });
});
