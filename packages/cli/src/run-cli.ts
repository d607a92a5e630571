import type { Writable } from 'node:stream';
import { AGGREGATE_HELP, aggregateCommand, UsageError } from './commands/aggregate.ts';

const HELP = `Usage: minga <command> [options]

Commands:
  aggregate   aggregate crowdsourced labels from a CSV, without a server

Run "minga <command> --help" for a command's options.
`;

const COMMANDS: Record<string, { run: (argv: string[], stdout: Writable, stderr: Writable) => Promise<number>; help: string }> = {
  aggregate: { run: aggregateCommand, help: AGGREGATE_HELP },
};

/**
 * The `minga` command line: dispatches to a command and turns usage mistakes into a message and exit code 2
 * (1 for anything else that went wrong).
 */
export async function runCli(argv: string[], stdout: Writable, stderr: Writable): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    stderr.write(`minga: unknown command ${JSON.stringify(name)}\n\n${HELP}`);
    return 2;
  }
  try {
    return await command.run(rest, stdout, stderr);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    stderr.write(`minga ${name}: ${(error as Error).message}\n${usage ? `\n${command.help}` : ''}`);
    return usage ? 2 : 1;
  }
}
