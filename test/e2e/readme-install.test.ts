// Critic #6: the README's first command was `npm i -D launchready`, which
// answers E404 (the package is not published). The install the README shows
// must be the one test/e2e/package.test.ts runs (npm pack, then npm i -D of the
// tarball this version packs to), and no command in it may install from the
// registry while package.json says nothing is published.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.js';

const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
const start = readme.slice(readme.indexOf('## Start'), readme.indexOf('\n## ', readme.indexOf('## Start') + 1));
/** Shell lines of the fenced blocks and the `code` of the table cells: what a reader copies and runs. */
const commands = [...start.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).concat([...start.matchAll(/^\|.*$/gm)].flatMap((m) => [...m[0].matchAll(/`([^`]+)`/g)].map((c) => c[1]!)));

describe('the README installs launchready the way the package test does', () => {
  it('packs the clone and installs the tarball this version packs to', () => {
    expect(commands.some((c) => /\bnpm pack\b/.test(c))).toBe(true);
    const tarball = `${pkg.name}-${pkg.version}.tgz`;
    expect(commands.some((c) => c.includes(`npm i -D `) && c.includes(tarball))).toBe(true);
  });

  it('says the package is not on the registry and never tells the reader to install it from there', () => {
    expect(start).toMatch(/not on the npm registry yet/);
    expect(commands.filter((c) => /\bnpm (i|install)\b[^|&;]*\blaunchready(@|\s|$)/.test(c))).toEqual([]);
  });
});
