import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';

export const SERVE_HELP = `Usage: minga serve [--port N] [--host H] [--data-dir DIR]

Starts the Minga server, as npm start does; the environment variables of the README configure it (these
options set PORT, HOST and MINGA_DATA_DIR).
Options:
  -h, --help   show this help
`;

/** Runs `minga serve`: the server in this process, until it is stopped (SIGINT or SIGTERM). */
export async function serveCommand(argv: string[], stdout: Writable, _stderr: Writable, env: NodeJS.ProcessEnv): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    stdout.write(SERVE_HELP);
    return 0;
  }
  if (values.port) env.PORT = values.port;
  if (values.host) env.HOST = values.host;
  if (values['data-dir']) env.MINGA_DATA_DIR = values['data-dir'];
  // The server's own entry point reads the environment, prints its lines and handles shutdown.
  await import('@minga/server/main');
  return new Promise<number>(() => {});
}
