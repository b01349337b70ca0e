// Runs a generated GitHub Actions workflow or GitLab CI pipeline on this
// machine, the way the CI system would run its shell steps: jobs in order,
// `if:` / `rules:` / `when:` decided from their outcomes, each script run by
// bash with the job's environment, GitHub step outputs through $GITHUB_OUTPUT.
// Actions (`uses:`) cannot run here: checkout and setup-node are no-ops (the
// test's folder is the checkout, this Node is the runtime) and the upload
// actions are checked to find the file they would upload.
//
// Only the expression syntax the generated files use is understood; anything
// else throws, so a workflow that drifts from it fails the test loudly.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

export type Outcome = 'success' | 'failure' | 'skipped';

export interface StepRun {
  job: string;
  name: string;
  id?: string;
  outcome: Outcome;
  output: string;
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // GitHub's default shell on Linux: bash --noprofile --norc -eo pipefail {0}; GitLab stops at the first failing line too.
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

// ---- GitHub expressions (${{ … }}) -----------------------------------------

type Value = string | number | boolean | null | undefined;

interface ExprContext {
  lookup(pathParts: string[]): Value;
  status: { failed: boolean };
  cwd: string;
}

/** Evaluates the subset used by the generated workflow: literals, dotted context, ==, !=, &&, ||, !, (), always/success/failure/cancelled/hashFiles. */
export function evaluate(expr: string, ctx: ExprContext): Value {
  const tokens = expr.match(/'(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|,|[A-Za-z_][A-Za-z0-9_.-]*|\d+/g) ?? [];
  const rest = expr.replace(/'(?:[^']|'')*'|&&|\|\||==|!=|!|\(|\)|,|[A-Za-z_][A-Za-z0-9_.-]*|\d+|\s+/g, '');
  if (rest) throw new Error(`unsupported expression syntax "${rest}" in ${expr}`);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const truthy = (v: Value) => v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      next();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): Value => {
    let v = eq();
    while (peek() === '&&') {
      next();
      const r = eq();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const eq = (): Value => {
    let v = unary();
    while (peek() === '==' || peek() === '!=') {
      const op = next();
      const r = unary();
      const same = String(v ?? '').toLowerCase() === String(r ?? '').toLowerCase();
      v = op === '==' ? same : !same;
    }
    return v;
  };
  const unary = (): Value => {
    if (peek() === '!') {
      next();
      return !truthy(unary());
    }
    return primary();
  };
  const primary = (): Value => {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end of ${expr}`);
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (/^\d+$/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (peek() === '(') {
      next();
      const args: Value[] = [];
      while (peek() !== ')') {
        args.push(or());
        if (peek() === ',') next();
      }
      next();
      switch (t) {
        case 'always':
          return true;
        case 'success':
          return !ctx.status.failed;
        case 'failure':
          return ctx.status.failed;
        case 'cancelled':
          return false;
        case 'hashFiles':
          return args.some((a) => existsSync(path.join(ctx.cwd, String(a)))) ? 'hash' : '';
        default:
          throw new Error(`unsupported function ${t}() in ${expr}`);
      }
    }
    return ctx.lookup(t.split('.'));
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`trailing tokens in ${expr}`);
  return v;
}

const EXPR = /\$\{\{\s*([\s\S]+?)\s*\}\}/g;
const substitute = (text: string, ctx: ExprContext): string => text.replace(EXPR, (_m, e: string) => String(evaluate(e, ctx) ?? ''));
/** An `if:` is an expression with or without ${{ }}. */
const condition = (text: string, ctx: ExprContext): boolean => {
  const inner = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(text)?.[1] ?? text;
  const v = evaluate(inner, ctx);
  return v !== undefined && v !== null && v !== false && v !== '' && v !== 0;
};

export interface GithubRunOptions {
  cwd: string;
  /** The machine's environment for the shell (PATH and so on). */
  env: NodeJS.ProcessEnv;
  /** The repository secrets. */
  secrets: Record<string, string>;
  github: { event_name: string; ref: string; event: Record<string, unknown> };
  /** Jobs to treat as already succeeded (a rerun of a later job). */
  assumeSucceeded?: string[];
  /** Jobs to run, in order; default: every job in file order. */
  jobs?: string[];
}

interface GhStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

interface GhJob {
  needs?: string | string[];
  if?: string;
  env?: Record<string, string>;
  steps: GhStep[];
}

export async function runGithubWorkflow(file: string, o: GithubRunOptions): Promise<{ jobs: Record<string, Outcome>; steps: StepRun[] }> {
  const wf = parse(readFileSync(file, 'utf8')) as { env?: Record<string, string>; jobs: Record<string, GhJob> };
  const jobs: Record<string, Outcome> = Object.fromEntries((o.assumeSucceeded ?? []).map((j) => [j, 'success' as Outcome]));
  const steps: StepRun[] = [];
  for (const jobId of o.jobs ?? Object.keys(wf.jobs)) {
    const job = wf.jobs[jobId]!;
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    const stepState: Record<string, { outcome: Outcome; outputs: Record<string, string> }> = {};
    const status = { failed: false };
    const lookup = (p: string[]): Value => {
      const [root, ...rest] = p;
      if (root === 'github') return rest.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o.github) as Value;
      if (root === 'secrets') return o.secrets[rest[0]!];
      if (root === 'steps') {
        const s = stepState[rest[0]!];
        if (rest[1] === 'outcome' || rest[1] === 'conclusion') return s?.outcome;
        if (rest[1] === 'outputs') return s?.outputs[rest[2]!];
      }
      throw new Error(`unsupported context ${p.join('.')}`);
    };
    const ctx: ExprContext = { lookup, status, cwd: o.cwd };
    if (needs.some((n) => jobs[n] !== 'success') || (job.if !== undefined && !condition(job.if, ctx))) {
      jobs[jobId] = 'skipped';
      continue;
    }
    const baseEnv = { ...o.env, ...sub(wf.env, ctx), ...sub(job.env, ctx) };
    for (const step of job.steps) {
      const name = step.name ?? step.uses ?? step.run ?? '';
      const run = step.if === undefined ? !status.failed : condition(step.if, ctx);
      if (!run) {
        steps.push({ job: jobId, name, id: step.id, outcome: 'skipped', output: '' });
        if (step.id) stepState[step.id] = { outcome: 'skipped', outputs: {} };
        continue;
      }
      let outcome: Outcome;
      let output = '';
      const outputs: Record<string, string> = {};
      if (step.uses) {
        // Upload actions: the file or folder they would upload must exist.
        const target = step.with?.sarif_file ?? step.with?.path;
        outcome = target === undefined || existsSync(path.join(o.cwd, target)) ? 'success' : 'failure';
        output = `(action ${step.uses}${target ? `: ${target}` : ''})`;
      } else {
        const outFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'gh-output-')), 'out');
        writeFileSync(outFile, '');
        const env = { ...baseEnv, ...sub(step.env, ctx), GITHUB_OUTPUT: outFile };
        const r = await bash(substitute(step.run ?? '', ctx), o.cwd, env);
        outcome = r.code === 0 ? 'success' : 'failure';
        output = r.output;
        for (const line of readFileSync(outFile, 'utf8').split('\n')) {
          const m = /^([^=]+)=(.*)$/.exec(line);
          if (m) outputs[m[1]!] = m[2]!;
        }
      }
      if (outcome === 'failure') status.failed = true;
      if (step.id) stepState[step.id] = { outcome, outputs };
      steps.push({ job: jobId, name, id: step.id, outcome, output });
    }
    jobs[jobId] = status.failed ? 'failure' : 'success';
  }
  return { jobs, steps };
}

function sub(env: Record<string, string> | undefined, ctx: ExprContext): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
}

// ---- GitLab -----------------------------------------------------------------

interface GlJob {
  stage?: string;
  needs?: string[];
  script: string[];
  when?: string;
  rules?: { if?: string; when?: string }[];
  variables?: Record<string, string>;
}

export interface GitlabRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** CI/CD variables (the project's masked variables) and predefined ones (CI_COMMIT_BRANCH…). */
  variables: Record<string, string>;
  assumeSucceeded?: string[];
  jobs?: string[];
}

const RESERVED = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

/** `$VAR == "text"` joined by &&: the rule syntax the generated pipeline uses. */
function ruleIf(text: string, vars: Record<string, string>): boolean {
  return text.split('&&').every((part) => {
    const m = /^\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=)\s*(?:"([^"]*)"|\$([A-Za-z_][A-Za-z0-9_]*))\s*$/.exec(part);
    if (!m) throw new Error(`unsupported rules:if "${part}"`);
    const right = m[3] ?? vars[m[4]!] ?? '';
    return m[2] === '==' ? (vars[m[1]!] ?? '') === right : (vars[m[1]!] ?? '') !== right;
  });
}

export async function runGitlabPipeline(file: string, o: GitlabRunOptions): Promise<{ jobs: Record<string, Outcome>; steps: StepRun[] }> {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { stages: string[]; variables?: Record<string, string> };
  const all = Object.entries(doc).filter(([k]) => !RESERVED.has(k) && !k.startsWith('.')) as [string, GlJob][];
  const ordered = doc.stages.flatMap((stage) => all.filter(([, j]) => (j.stage ?? 'test') === stage));
  const vars = { ...doc.variables, ...o.variables };
  const jobs: Record<string, Outcome> = Object.fromEntries((o.assumeSucceeded ?? []).map((j) => [j, 'success' as Outcome]));
  const steps: StepRun[] = [];
  for (const [id, job] of ordered) {
    if (o.jobs && !o.jobs.includes(id)) continue;
    let when = job.when ?? 'on_success';
    if (job.rules) {
      const hit = job.rules.find((r) => r.if === undefined || ruleIf(r.if, vars));
      if (!hit || hit.when === 'never') {
        jobs[id] = 'skipped';
        continue;
      }
      when = hit.when ?? 'on_success';
    }
    const earlier = ordered.slice(0, ordered.findIndex(([x]) => x === id)).map(([x]) => x);
    const upstream = (job.needs ?? earlier).map((n) => jobs[n]);
    const go =
      when === 'always' ||
      (when === 'on_success' && upstream.every((s) => s === 'success')) ||
      (when === 'on_failure' && upstream.some((s) => s === 'failure'));
    if (!go) {
      jobs[id] = 'skipped';
      steps.push({ job: id, name: id, outcome: 'skipped', output: '' });
      continue;
    }
    const r = await bash(job.script.join('\n'), o.cwd, { ...o.env, ...vars, ...job.variables });
    jobs[id] = r.code === 0 ? 'success' : 'failure';
    steps.push({ job: id, name: id, outcome: jobs[id], output: r.output });
  }
  return { jobs, steps };
}
