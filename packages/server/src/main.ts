import { setFlagsFromString } from 'node:v8';
import { parseConfig } from './config.ts';
import { startServer } from './start-server.ts';
import { YOUNG_GENERATION_MB } from './threads/start-http-threads.ts';

// A request allocates a few hundred short-lived objects; a young generation larger than V8's default
// collects them less often (set before the heap grows; HTTP threads get the same through resourceLimits).
setFlagsFromString(`--max-semi-space-size=${YOUNG_GENERATION_MB / 3}`);

/** The process entry point: the only place that reads the environment and writes to stdout. */
async function main(): Promise<void> {
  const config = parseConfig(process.env);
  // A dead HTTP thread leaves the process serving less than configured: end it, for a supervisor to restart.
  const server = await startServer(config, undefined, () => process.exit(1));
  if (server.bootstrap) {
    process.stdout.write(`Owner login: ${server.bootstrap.email} ${server.bootstrap.password}\n`);
    process.stdout.write(`API key: ${server.bootstrap.apiKey}\n`);
  }
  process.stdout.write(`Listening on ${server.url}\n`);
  const shutdown = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
