#!/usr/bin/env node
/* global process */
// Run by `npm test` before anything else: the browser tests drive Debian's
// Chromium at /usr/bin/chromium (playwright cannot download its own browser
// on these machines). When it is missing and this process may install Debian
// packages (root, apt-get present), install it and say so; otherwise say
// exactly what to run. Never silent: the user sees what was done.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM) || process.env.LAUNCHREADY_SKIP_DEPS === '1') process.exit(0);

const canApt = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!canApt) {
  process.stderr.write(
    `launchready tests: ${CHROMIUM} is missing and cannot be installed from here (needs root and apt-get).\n` +
      '  Install it with:  sudo apt-get install chromium   (the browser tests need it)\n',
  );
  process.exit(1);
}
process.stderr.write(`launchready tests: ${CHROMIUM} is missing; installing Debian's chromium (apt-get install chromium) for the browser tests…\n`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
try {
  execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env });
} catch (err) {
  process.stderr.write(`launchready tests: installing chromium failed (${err.message}); run: apt-get install chromium\n`);
  process.exit(1);
}
process.stderr.write(`launchready tests: installed ${execFileSync(CHROMIUM, ['--version']).toString().trim()}\n`);
