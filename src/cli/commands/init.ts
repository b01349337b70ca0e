// `launchready init [DIR]`: drafts a commented launchready.yml for the
// repository it is run in and prints the `export` lines that make the draft
// runnable. Non-interactive (nothing is asked), and it never overwrites a
// config without --force.
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { detectProject } from '../../init/detect.js';
import { draftConfig } from '../../init/draft.js';
import { UsageError } from '../options.js';
import { parseHarArg } from '../../evidence/gatherers/har.js';
import { HarError } from '../../target/har/read.js';
import { analyseTraffic, ANONYMOUS_RECORDING, type Traffic } from '../../target/har/traffic.js';

export interface InitOptions {
  dir: string;
  /** Config file to write; default DIR/launchready.yml. '-' prints it instead. */
  out?: string;
  force?: boolean;
  roles?: string[];
  appUrl?: string;
  apiUrl?: string;
  /** HAR recordings, `[ROLE=]FILE` (paths relative to the working folder): the login, auth scheme and policy are drafted from them. */
  har?: string[];
  stdout?: NodeJS.WritableStream;
}

export interface InitResult {
  file?: string;
  exports: { name: string; hint: string }[];
}

const ROLE_NAME = /^[a-z][a-z0-9_-]*$/;

export async function runInit(o: InitOptions): Promise<InitResult> {
  const out = o.stdout ?? process.stdout;
  const root = path.resolve(o.dir);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`${o.dir} is not a folder`);
  for (const u of [o.appUrl, o.apiUrl]) if (u !== undefined && !/^https?:\/\/[^\s/]+/i.test(u)) throw new UsageError(`expected an http(s) URL, got "${u}"`);
  let roles = o.roles ?? ['owner', 'staff', 'viewer'];
  const bad = roles.find((r) => !ROLE_NAME.test(r));
  if (bad !== undefined) throw new UsageError(`--roles: "${bad}" is not a role name (lower-case letters, digits, - and _)`);
  const file = o.out === '-' ? undefined : path.resolve(o.out ?? path.join(root, 'launchready.yml'));
  if (file && existsSync(file) && !o.force) throw new UsageError(`${path.relative(process.cwd(), file) || file} already exists; use --force to replace it, or --out - to print the draft`);

  const recorded = o.har?.length ? await readRecordings(o.har, roles, o.appUrl ?? o.apiUrl) : undefined;
  if (recorded) roles = recorded.roles;

  const facts = await detectProject(root);
  const doc = facts.openapi[0];
  const openapiText = doc ? await readFile(path.join(root, doc.path), 'utf8').catch(() => undefined) : undefined;
  const draft = draftConfig(facts, {
    configDir: file ? path.dirname(file) : root,
    roles,
    ...(o.appUrl ? { appUrl: o.appUrl } : {}),
    ...(o.apiUrl ? { apiUrl: o.apiUrl } : {}),
    ...(openapiText ? { openapiText } : {}),
    ...(recorded
      ? {
          traffic: {
            traffic: recorded.traffic,
            files: recorded.files.map((f) => ({ path: path.relative(file ? path.dirname(file) : root, path.resolve(f.file)).split(path.sep).join('/'), ...(f.role ? { role: f.role } : {}) })),
          },
        }
      : {}),
  });

  if (!file) {
    out.write(draft.yaml);
    return { exports: draft.exports };
  }
  await writeFile(file, draft.yaml, { flag: o.force ? 'w' : 'wx' });
  const shown = path.relative(process.cwd(), file) || file;
  const lines = [`Wrote ${shown}${facts.truncated ? ` (stopped reading after ${facts.visited} files)` : ''}:`, ...draft.summary.map((s) => `  ${s}`), ''];
  if (draft.exports.length) {
    lines.push('Set these (values are never written to the file), then run the audit:', '');
    const width = Math.max(...draft.exports.map((e) => e.name.length));
    // Padding after the value: a space before it would end the assignment in a shell.
    for (const e of draft.exports) lines.push(`  export ${e.name}=''${' '.repeat(width - e.name.length)}   # ${e.hint}`);
    lines.push('');
  }
  const cfg = path.relative(process.cwd(), file) === 'launchready.yml' ? '' : ` --config ${shown}`;
  lines.push(`  npx launchready audit${cfg} --out launchready-report`, '');
  lines.push('Read the comments in the file first: each guess says where it came from.', '');
  out.write(lines.join('\n'));
  return { file, exports: draft.exports };
}

/** Role names a recording's file name may carry (owner.har, recordings/viewer-2030-01-01.har). */
const KNOWN_ROLES = ['owner', 'admin', 'manager', 'staff', 'member', 'editor', 'viewer', 'guest', 'user', 'outsider'];

/**
 * Reads the recordings for init: each file's role from ROLE=FILE, else a role
 * word in its file name, else whatever the recording says (see
 * analyseTraffic). Roles in the draft: the recorded ones, in the order of
 * --roles and the known names.
 */
async function readRecordings(args: string[], wanted: string[], appUrl: string | undefined): Promise<{ traffic: Traffic; files: { file: string; role?: string }[]; roles: string[] }> {
  const names = [...new Set([...wanted, ...KNOWN_ROLES])];
  const files = args.map(parseHarArg).map((h) => {
    if (h.role) return h;
    const words: string[] = path.basename(h.file).toLowerCase().replace(/\.har$/, '').match(/[a-z0-9]+/g) ?? [];
    const role = names.find((n) => words.includes(n));
    return role ? { ...h, role } : h;
  });
  const inputs = await Promise.all(
    files.map(async (f) => ({ file: f.file, text: await readFile(f.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(`--har ${f.file}: ${err.code === 'ENOENT' ? 'file not found' : err.message}`);
    }), ...(f.role ? { role: f.role } : {}) })),
  );
  let traffic: Traffic;
  try {
    traffic = analyseTraffic(inputs, { origins: appUrl ? [new URL(appUrl).origin] : [], roles: wanted.map((role) => ({ role })) });
  } catch (err) {
    if (err instanceof HarError) throw new UsageError(err.message);
    throw err;
  }
  const byFile = new Map(traffic.recordings.map((r) => [r.file, r.role]));
  const recordedRoles = traffic.recordings.map((r) => r.role).filter((r): r is string => Boolean(r) && r !== ANONYMOUS_RECORDING && ROLE_NAME.test(r!));
  const order = (r: string) => (names.includes(r) ? names.indexOf(r) : names.length);
  const roles = [...new Set(recordedRoles)].sort((a, b) => order(a) - order(b));
  return { traffic, files: files.map((f) => ({ file: f.file, ...(byFile.get(f.file) ? { role: byFile.get(f.file)! } : {}) })), roles: roles.length ? roles : wanted };
}

export function registerInit(program: Command, setExit: (code: number) => void): void {
  program
    .command('init [dir]')
    .description('draft a commented launchready.yml for the repository in DIR (default: .)')
    .option('-o, --out <file>', 'where to write the config (default: DIR/launchready.yml; - prints it)')
    .option('--force', 'replace an existing config file')
    .option('--roles <list>', 'roles in your main workspace, comma-separated (an "outsider" in another workspace is always added)', (v: string) =>
      v.split(',').map((s) => s.trim()).filter(Boolean),
    )
    .option('--app-url <url>', 'where the environment to audit runs (otherwise read from env files)')
    .option('--api-url <url>', 'the API origin, when it differs from the app URL')
    .option('--har <[role=]file...>', 'HAR recordings of the app in use, one per role: the login, the auth scheme and the policy are drafted from what each role did')
    .option('-y, --yes', 'accept every guess without asking (the default: init never asks)')
    .addHelpText(
      'after',
      `
It reads (never changes) the repository: the framework (Express, Next.js,
NestJS, Fastify, Rails, Django, Flask, FastAPI, Laravel) and its usual login
route, OpenAPI documents (by name and content), env files per environment and
the app/API URLs they set. Each guess is a comment in the file saying where it
came from. It prints one export line per credential the config needs.

Examples:
  launchready init                                  draft ./launchready.yml
  launchready init ../my-app --app-url https://staging.my-app.com
  launchready init --roles admin,member,guest --out - | less
  launchready init --har owner.har staff.har viewer.har outsider.har`,
    )
    .action(async (dir: string | undefined, flags: { out?: string; force?: boolean; roles?: string[]; appUrl?: string; apiUrl?: string; har?: string[] }) => {
      await runInit({ dir: dir ?? '.', ...flags });
      setExit(0);
    });
}
