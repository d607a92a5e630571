import type { ServerType } from '@hono/node-server';
import type { Logger } from 'pino';
import { startBackgroundRunner } from './background-runner.ts';
import { pgPoolPerThread, type Config } from './config.ts';
import { bootstrapInstance, type BootstrapCredentials } from './core/accounts/bootstrap-instance.ts';
import { createRateLimiter } from './core/limits/create-rate-limiter.ts';
import { sharedRateLimiterMemory } from './core/limits/create-shared-rate-limiter.ts';
import { closeServer, createLogger, serveApp } from './serving-app.ts';
import { openStore } from './store/open-store.ts';
import { ThreadWriteLock } from './store/thread-write-lock.ts';
import { startHttpThreads } from './threads/start-http-threads.ts';
import { addressPolicy } from './webhooks/address-policy.ts';
import { createWebhookSender } from './webhooks/send-webhook.ts';
import { startDeliverer } from './webhooks/start-deliverer.ts';

export interface RunningServer {
  url: string;
  port: number;
  bootstrap: BootstrapCredentials | null;
  close(): Promise<void>;
}

/**
 * Opens the store, creates the first owner on an empty store, starts the background work and listens,
 * on the main thread and on `config.threads - 1` HTTP threads beside it. `onCrash` hears of an HTTP thread
 * that died; the process entry point exits then, so that a supervisor starts it afresh.
 */
export async function startServer(config: Config, logger: Logger = createLogger(config), onCrash: (error: Error) => void = () => {}): Promise<RunningServer> {
  const sqlite = !config.databaseUrl;
  // On SQLite each thread has its own connection to the one file: they take turns to write.
  const threaded = sqlite && config.threads > 1;
  const writeLock = threaded ? new ThreadWriteLock() : null;
  // ...and one allowance per principal, whichever thread serves it.
  const limiterMemory = threaded ? { requests: sharedRateLimiterMemory(), login: sharedRateLimiterMemory() } : null;
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: pgPoolPerThread(config), ...(writeLock ? { writeLock } : {}) });
  if (!store.caps.multiProcess) {
    // Only this process uses the file: leases left by a previous, crashed run can be reclaimed at once.
    await store.db.updateTable('operations').set({ lease_until: null }).where('status', 'in', ['pending', 'running']).execute();
  }
  const bootstrap = await bootstrapInstance(store, config.ownerEmail);
  const runner = startBackgroundRunner(store, logger, { operationLeaseMs: config.operationLeaseMs, credits: config.credits });
  const sender = createWebhookSender({ policy: addressPolicy(config.webhookAllowPrivate), timeoutMs: config.webhooks.timeoutMs });
  const deliverer = startDeliverer(store, logger, config.webhooks, sender);
  const rateLimiter = createRateLimiter(store, config.rateLimits, { shared: limiterMemory?.requests ?? null });
  const loginLimiter = createRateLimiter(store, config.loginLimits, { shared: limiterMemory?.login ?? null });
  const stopBackground = async () => {
    await runner.stop();
    await deliverer.stop();
    await store.close();
  };
  let server: ServerType | null = null;
  let threads: { stop(): Promise<void> };
  let port = config.port;
  try {
    server = await serveApp(
      store,
      logger,
      config,
      { rateLimiter, loginLimiter, onOperationQueued: () => runner.wake(), onWebhookReplayed: () => deliverer.wake() },
      config.port,
      true,
    );
    const address = server.address();
    if (typeof address === 'object' && address) port = address.port;
    threads = await startHttpThreads(
      {
        config,
        port,
        writeLock: writeLock?.buffer ?? null,
        limiterMemory,
        wake: (what) => (what === 'runner' ? runner.wake() : deliverer.wake()),
        onCrash: (error) => {
          logger.fatal({ err: error }, 'an HTTP thread died');
          onCrash(error);
        },
      },
      logger,
    );
  } catch (error) {
    if (server) await closeServer(server);
    await stopBackground();
    throw error;
  }
  const listening = server;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    bootstrap,
    close: async () => {
      await Promise.all([closeServer(listening), threads.stop()]);
      await stopBackground();
    },
  };
}
