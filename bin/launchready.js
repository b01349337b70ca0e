#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` / `npm ci`
// (the prepare script). Say so plainly when it has not been built.
// `launchready … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
let cli;
try {
  cli = await import('../dist/src/cli/main.js');
} catch (err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist')) {
    process.stderr.write('launchready: not built yet: run `npm run build` (npm ci and npm install do it for you)\n');
    process.exit(3);
  }
  throw err;
}
process.exitCode = await cli.main(process.argv);
