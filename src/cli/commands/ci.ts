// `launchready ci`: writes one repeatable deployment path for GitHub Actions
// or GitLab CI: test, secret scan of the pushed range, audit of staging with
// the exit-code gate, deploy, smoke check of production, rollback on failure.
import { Option, type Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { GITHUB_PATH, githubWorkflow } from '../../ci/github.js';
import { GITLAB_PATH, gitlabPipeline } from '../../ci/gitlab.js';
import { envRefsOf, hasTestScript, readOnlyReason, type CiOptions } from '../../ci/plan.js';
import { UsageError } from '../options.js';
import { DEFAULT_CONFIG_NAMES } from '../run-audit.js';

interface CiFlags {
  provider: 'github' | 'gitlab';
  config?: string;
  deploy?: string;
  rollback?: string;
  staging?: string;
  production?: string;
  branch: string;
  node: string;
  output?: string;
  stdout?: boolean;
  force?: boolean;
}

export function registerCi(program: Command, setExit: (code: number) => void): void {
  program
    .command('ci')
    .description('write a CI workflow: test, secret scan, audit staging (gate), deploy, smoke-check production, roll back on failure')
    .addOption(new Option('-p, --provider <name>', 'CI system').choices(['github', 'gitlab']).makeOptionMandatory())
    .option('-c, --config <file>', 'the launchready config the workflow uses (default: ./launchready.yml)')
    .option('--deploy <command>', 'the deploy command (default: a marked placeholder that fails)')
    .option('--rollback <command>', 'the rollback command, run when the smoke check fails (default: a marked placeholder)')
    .option('--staging <env>', 'environment the gate audits (default: "staging" if the config has it, else the first)')
    .option('--production <env>', 'environment deployed to and smoke-checked (default: "production" if the config has it)')
    .option('--branch <name>', 'the branch that deploys', 'main')
    .option('--node <version>', 'Node.js version of the jobs', '20')
    .option('-o, --output <file>', `where to write it (default: ${GITHUB_PATH} or ${GITLAB_PATH})`)
    .option('--stdout', 'print the workflow instead of writing it')
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      `
The smoke check is \`launchready audit --environment <production> --only smoke\`: home, login page
(monitor.loginPath, where the app has one), health, TLS and redirects, read-only. The gate audit
runs read-only (--read-only) when it audits production, the only environment, or production's URL.
Every env:NAME the config reads is passed from the CI system's secrets (GitHub) or CI/CD variables
(GitLab). Without a test script in package.json the workflow has no test step.

Examples:
  launchready ci --provider github --deploy "npm run deploy" --rollback "npm run rollback"
  launchready ci --provider gitlab --stdout`,
    )
    .action(async (flags: CiFlags) => {
      const configFile = flags.config ?? DEFAULT_CONFIG_NAMES.find((n) => existsSync(n)) ?? DEFAULT_CONFIG_NAMES[0]!;
      let parsed: unknown;
      let environments: string[] = [];
      let envConfigs: Record<string, { appUrl?: unknown; apiUrl?: unknown; allowWrites?: unknown }> = {};
      if (existsSync(configFile)) {
        // Only the environment names and env: references are needed; their values are CI secrets, not here.
        try {
          parsed = parse(readFileSync(configFile, 'utf8'));
        } catch (err) {
          throw new UsageError(`${configFile}: ${(err as Error).message}`);
        }
        const envs = (parsed as { environments?: unknown } | null)?.environments;
        envConfigs = envs && typeof envs === 'object' ? (envs as typeof envConfigs) : {};
        environments = Object.keys(envConfigs);
      } else if (flags.config) {
        throw new UsageError(`${flags.config}: file not found`);
      }
      const pick = (given: string | undefined, preferred: string, fallback: number): string => {
        if (given) {
          if (environments.length && !environments.includes(given)) throw new UsageError(`${configFile} has no environment "${given}" (it has ${environments.join(', ')})`);
          return given;
        }
        return environments.includes(preferred) ? preferred : (environments[fallback] ?? environments[0] ?? preferred);
      };
      const staging = pick(flags.staging, 'staging', 1);
      const production = pick(flags.production, 'production', 0);
      // The gate runs on every push and pull request: never write probes against production (critic #5).
      const gateReadOnly = readOnlyReason(staging, production, environments.length ? envConfigs : { [staging]: {} });
      if (envConfigs[staging]?.allowWrites === true) {
        process.stderr.write(
          gateReadOnly
            ? `warning: ${configFile} sets allowWrites: true on ${staging}, which the workflow audits on every push and pull request; ${gateReadOnly}, so the workflow runs it read-only (--read-only). Set allowWrites: false there, and audit writes against a disposable copy.\n`
            : `warning: the workflow audits ${staging} with allowWrites: true on every push and pull request: write probes (POST/PUT/PATCH/DELETE on throwaway objects), login bursts and logouts go there. Make sure ${staging} holds no customer data.\n`,
        );
      }
      const pkgFile = path.resolve('package.json');
      let pkg: unknown;
      try {
        pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : undefined;
      } catch {
        pkg = undefined;
      }
      const loginPath = (parsed as { monitor?: { loginPath?: unknown } } | null)?.monitor?.loginPath;
      const o: CiOptions = {
        config: path.relative(process.cwd(), path.resolve(configFile)).split(path.sep).join('/') || configFile,
        staging,
        production,
        ...(gateReadOnly ? { gateReadOnly } : {}),
        hasTests: hasTestScript(pkg),
        ...(typeof loginPath === 'string' ? { loginPath } : {}),
        deploy: flags.deploy?.trim() || undefined,
        rollback: flags.rollback?.trim() || undefined,
        branch: flags.branch,
        nodeVersion: flags.node,
        envRefs: envRefsOf(parsed),
      };
      const body = flags.provider === 'github' ? githubWorkflow(o) : gitlabPipeline(o);
      if (flags.stdout) {
        process.stdout.write(body);
        setExit(0);
        return;
      }
      const out = flags.output ?? (flags.provider === 'github' ? GITHUB_PATH : GITLAB_PATH);
      if (existsSync(out) && !flags.force) throw new UsageError(`${out} exists; pass --force to overwrite it, or --output to write elsewhere`);
      await mkdir(path.dirname(path.resolve(out)), { recursive: true });
      await writeFile(out, body);
      const todo = [!o.deploy && '--deploy', !o.rollback && '--rollback'].filter(Boolean);
      process.stdout.write(
        `Written: ${out} (audits ${o.staging}, deploys and smoke-checks ${o.production}).\n` +
          (o.envRefs.length ? `Add these ${flags.provider === 'github' ? 'repository secrets' : 'CI/CD variables'}: ${o.envRefs.join(', ')}.\n` : '') +
          (todo.length ? `Placeholders left: rerun with ${todo.join(' and ')} "<command>".\n` : ''),
      );
      setExit(0);
    });
}
