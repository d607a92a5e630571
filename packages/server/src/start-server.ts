import { serve, type ServerType } from '@hono/node-server';
import pino, { type Logger } from 'pino';
import { startBackgroundRunner } from './background-runner.ts';
import type { Config } from './config.ts';
import { bootstrapInstance, type BootstrapCredentials } from './core/accounts/bootstrap-instance.ts';
import { createRateLimiter } from './core/limits/create-rate-limiter.ts';
import { buildApp } from './http/build-app.ts';
import { openStore } from './store/open-store.ts';
import { addressPolicy } from './webhooks/address-policy.ts';
import { createWebhookSender } from './webhooks/send-webhook.ts';
import { startDeliverer } from './webhooks/start-deliverer.ts';

export interface RunningServer {
  url: string;
  port: number;
  bootstrap: BootstrapCredentials | null;
  close(): Promise<void>;
}

/** Opens the store, creates the first owner on an empty store, and starts listening. */
/** Fields that could hold a secret are replaced before a log line is written, wherever they appear. */
const REDACT = ['authorization', 'password', 'owner_password', 'api_key', 'secret', 'token', '*.authorization', '*.password', '*.api_key', '*.secret', '*.token', 'headers.authorization'];

export async function startServer(config: Config, logger: Logger = pino({ level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } })): Promise<RunningServer> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (!store.caps.multiProcess) {
    // Only this process uses the file: leases left by a previous, crashed run can be reclaimed at once.
    await store.db.updateTable('operations').set({ lease_until: null }).where('status', 'in', ['pending', 'running']).execute();
  }
  const bootstrap = await bootstrapInstance(store, config.ownerEmail);
  const runner = startBackgroundRunner(store, logger, { operationLeaseMs: config.operationLeaseMs, credits: config.credits });
  const sender = createWebhookSender({ policy: addressPolicy(config.webhookAllowPrivate), timeoutMs: config.webhooks.timeoutMs });
  const deliverer = startDeliverer(store, logger, config.webhooks, sender);
  const app = buildApp({
    store,
    logger,
    config: { openSignup: config.openSignup, maxBodyBytes: config.maxBodyBytes, publicUrl: config.publicUrl, credits: config.credits },
    onOperationQueued: () => runner.wake(),
    rateLimiter: createRateLimiter(store, config.rateLimits),
    loginLimiter: createRateLimiter(store, config.loginLimits),
    webhooks: config.webhooks,
    onWebhookReplayed: () => deliverer.wake(),
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    bootstrap,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runner.stop();
      await deliverer.stop();
      await store.close();
    },
  };
}
