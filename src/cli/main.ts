#!/usr/bin/env node
/** The archdse command line. */
import { Command } from 'commander';
import { ARCHDSE_VERSION } from '../util/version.js';
import { registerCompareCommands } from './compare-command.js';
import { registerReportCommand } from './report-command.js';
import { registerSpaceCommands } from './space-commands.js';
import { registerSweepCommands } from './sweep-command.js';
import { registerWorkerCommand } from './worker-command.js';

// Output piped into `head` and the like: a closed pipe ends the command quietly, not with a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('archdse')
  .description('design-space exploration for computer-architecture hardware: search agents, parallel sweeps, Pareto fronts')
  .version(ARCHDSE_VERSION)
  .showHelpAfterError('(add --help for usage)');

registerSweepCommands(program);
registerCompareCommands(program);
registerReportCommand(program);
registerSpaceCommands(program);
registerWorkerCommand(program);

await program.parseAsync(process.argv);
