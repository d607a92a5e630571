import { createAdaptorServer, type ServerType } from '@hono/node-server';
import { createServer as createNetServer } from 'node:net';
import pino, { type Logger } from 'pino';
import type { Config } from './config.ts';
import type { RateLimiter } from './core/limits/rate-limiter.ts';
import { buildApp } from './http/build-app.ts';
import type { Store } from './store/store.ts';

/** Fields that could hold a secret are replaced before a log line is written, wherever they appear. */
const REDACT = ['authorization', 'password', 'owner_password', 'api_key', 'secret', 'token', '*.authorization', '*.password', '*.api_key', '*.secret', '*.token', 'headers.authorization'];

/** The process's logger, the same in every thread. */
export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, redact: { paths: REDACT, censor: '[redacted]' } });
}

/** What a serving thread shares with the rest of the process. */
export interface ServingHooks {
  rateLimiter: RateLimiter | null;
  loginLimiter: RateLimiter | null;
  onOperationQueued: () => void;
  onWebhookReplayed: () => void;
}

/**
 * Builds the HTTP app of one serving thread (the main thread, or an HTTP thread) and starts listening. The
 * main thread passes `first`: a port shared between threads could also be shared with another process
 * started on it by the same user, which would then quietly take half the connections; so the port must be
 * free before the first thread claims it.
 */
export async function serveApp(store: Store, logger: Logger, config: Config, hooks: ServingHooks, port: number, first = false): Promise<ServerType> {
  if (first && config.threads > 1 && port !== 0) await assertPortFree(config.host, port);
  const app = buildApp({
    store,
    logger,
    config: { openSignup: config.openSignup, maxBodyBytes: config.maxBodyBytes, publicUrl: config.publicUrl, credits: config.credits },
    onOperationQueued: hooks.onOperationQueued,
    rateLimiter: hooks.rateLimiter,
    loginLimiter: hooks.loginLimiter,
    webhooks: config.webhooks,
    onWebhookReplayed: hooks.onWebhookReplayed,
  });
  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Every serving thread listens on the same port; the kernel spreads new connections among them.
    server.listen({ port, host: config.host, reusePort: config.threads > 1 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Binds the port without sharing it, and lets go: EADDRINUSE when anything listens there. */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
