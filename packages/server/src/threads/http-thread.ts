/**
 * An HTTP thread: serves requests on the port the main thread listens on, with its own store connection.
 * It starts no background work; it wakes the main thread's when a request queued some.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createRateLimiter } from '../core/limits/create-rate-limiter.ts';
import { closeServer, createLogger, serveApp } from '../serving-app.ts';
import { pgPoolPerThread } from '../config.ts';
import { openStore } from '../store/open-store.ts';
import { ThreadWriteLock } from '../store/thread-write-lock.ts';
import type { FromHttpThread, HttpThreadData, ToHttpThread } from './messages.ts';

if (!parentPort) throw new Error('http-thread.ts runs as a worker thread');
const port = parentPort;
const { config, port: listenPort, writeLock, limiterMemory } = workerData as HttpThreadData;
const send = (message: FromHttpThread) => port.postMessage(message);

const logger = createLogger(config);
const store = await openStore({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  poolSize: pgPoolPerThread(config),
  ...(writeLock ? { writeLock: new ThreadWriteLock(writeLock) } : {}),
  migrate: false,
});
const server = await serveApp(
  store,
  logger,
  config,
  {
    rateLimiter: createRateLimiter(store, config.rateLimits, { shared: limiterMemory?.requests ?? null }),
    loginLimiter: createRateLimiter(store, config.loginLimits, { shared: limiterMemory?.login ?? null }),
    onOperationQueued: () => send({ kind: 'wake', what: 'runner' }),
    onWebhookReplayed: () => send({ kind: 'wake', what: 'deliverer' }),
  },
  listenPort,
);

port.on('message', (message: ToHttpThread) => {
  if (message.kind !== 'stop') return;
  // Finish the requests in hand, then let the thread end.
  void closeServer(server)
    .then(() => store.close())
    .finally(() => port.close());
});
send({ kind: 'ready' });
