import type { Writable } from 'node:stream';
import { AGGREGATE_HELP, aggregateCommand } from './commands/aggregate.ts';
import { CREDITS_HELP, creditsCommand } from './commands/credits.ts';
import { KEYS_HELP, keysCommand } from './commands/keys.ts';
import { PROJECTS_HELP, projectsCommand } from './commands/projects.ts';
import { SERVE_HELP, serveCommand } from './commands/serve.ts';
import { TASKS_HELP, tasksCommand } from './commands/tasks.ts';
import { ServerError } from './server-client.ts';
import { UsageError } from './usage-error.ts';

const HELP = `Usage: minga <command> [options]

Commands:
  serve       start the server (as npm start does)
  keys        create, list and revoke API keys
  projects    list and create projects
  tasks       import tasks from JSONL, CSV or JSON; export them; watch events
  credits     the account's credits; grant credits (instance admin)
  aggregate   aggregate crowdsourced labels from a CSV, without a server

Commands that talk to a server use MINGA_URL (default http://127.0.0.1:8080) and MINGA_API_KEY.

Run "minga <command> --help" for a command's options.
`;

type Command = (argv: string[], stdout: Writable, stderr: Writable, env: NodeJS.ProcessEnv) => Promise<number>;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: serveCommand, help: SERVE_HELP },
  keys: { run: keysCommand, help: KEYS_HELP },
  projects: { run: projectsCommand, help: PROJECTS_HELP },
  tasks: { run: tasksCommand, help: TASKS_HELP },
  credits: { run: creditsCommand, help: CREDITS_HELP },
  aggregate: { run: aggregateCommand, help: AGGREGATE_HELP },
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
