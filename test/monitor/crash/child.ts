// The process the crash-injection campaign kills: `launchready monitor`
// through its real command (commander, config loader, store, channels),
// without loading the audit commands, so a restart takes less time.
import { Command } from 'commander';
import { registerMonitor } from '../../../src/cli/commands/monitor.js';

const program = new Command('launchready').exitOverride();
registerMonitor(program, (code) => (process.exitCode = code));
await program.parseAsync(process.argv);
