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

export interface InitOptions {
  dir: string;
  /** Config file to write; default DIR/launchready.yml. '-' prints it instead. */
  out?: string;
  force?: boolean;
  roles?: string[];
  appUrl?: string;
  apiUrl?: string;
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
  const roles = o.roles ?? ['owner', 'staff', 'viewer'];
  const bad = roles.find((r) => !ROLE_NAME.test(r));
  if (bad !== undefined) throw new UsageError(`--roles: "${bad}" is not a role name (lower-case letters, digits, - and _)`);
  const file = o.out === '-' ? undefined : path.resolve(o.out ?? path.join(root, 'launchready.yml'));
  if (file && existsSync(file) && !o.force) throw new UsageError(`${path.relative(process.cwd(), file) || file} already exists; use --force to replace it, or --out - to print the draft`);

  const facts = await detectProject(root);
  const doc = facts.openapi[0];
  const openapiText = doc ? await readFile(path.join(root, doc.path), 'utf8').catch(() => undefined) : undefined;
  const draft = draftConfig(facts, {
    configDir: file ? path.dirname(file) : root,
    roles,
    ...(o.appUrl ? { appUrl: o.appUrl } : {}),
    ...(o.apiUrl ? { apiUrl: o.apiUrl } : {}),
    ...(openapiText ? { openapiText } : {}),
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
  launchready init --roles admin,member,guest --out - | less`,
    )
    .action(async (dir: string | undefined, flags: { out?: string; force?: boolean; roles?: string[]; appUrl?: string; apiUrl?: string }) => {
      await runInit({ dir: dir ?? '.', ...flags });
      setExit(0);
    });
}
