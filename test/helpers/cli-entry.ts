// Runs the CLI from source (through tsx) so end-to-end tests exercise the
// current code without a build step, in a real child process with real exit codes.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
