import type { Writable } from 'node:stream';
import { AGGREGATE_HELP, aggregateCommand } from './commands/aggregate.ts';
import { CREDITS_HELP, creditsCommand } from './commands/credits.ts';
import { ServerError } from './server-client.ts';
import { UsageError } from './usage-error.ts';

const HELP = `Usage: minga <command> [options]

Commands:
  aggregate   aggregate crowdsourced labels from a CSV, without a server
  credits     the account's credits; grant credits (instance admin)

Run "minga <command> --help" for a command's options.
`;

type Command = (argv: string[], stdout: Writable, stderr: Writable, env: NodeJS.ProcessEnv) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  aggregate: { run: aggregateCommand, help: AGGREGATE_HELP },
  credits: { run: creditsCommand, help: CREDITS_HELP },
};

/**
 * The `minga` command line: dispatches to a command and turns usage mistakes into a message and exit code 2
 * (1 for anything else that went wrong).
 */
export async function runCli(argv: string[], stdout: Writable, stderr: Writable, env: NodeJS.ProcessEnv = process.env): Promise<number> {
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
    return await command.run(rest, stdout, stderr, env);
  } catch (error) {
    const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    // The server's refusal is the message; a stack would only hide it.
    if (error instanceof ServerError) {
      stderr.write(`minga ${name}: ${error.message}\n`);
      return 1;
    }
    stderr.write(`minga ${name}: ${(error as Error).message}\n${usage ? `\n${command.help}` : ''}`);
    return usage ? 2 : 1;
  }
}
