import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from './core/webhooks/webhook-settings.ts';
import type { RateLimitSettings } from './core/limits/rate-limit-settings.ts';
import { parseAllowList } from './webhooks/address-policy.ts';

const bool = z.enum(['true', 'false', '1', '0', '']).transform((v) => v === 'true' || v === '1');
/** A rate: a non-negative number, where `0` or `off` turns the limit off. */
const rate = (max: number) => z.preprocess((v) => (v === 'off' ? 0 : v), z.coerce.number().min(0).max(max));

/** More threads than this rarely pay: the store's writes are one at a time whatever serves the requests. */
const MAX_DEFAULT_THREADS = 8;

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  MINGA_DATA_DIR: z.string().min(1).default('./data'),
  MINGA_PUBLIC_URL: z.url().optional(),
  MINGA_OPEN_SIGNUP: bool.default(false),
  MINGA_CREDITS: z.enum(['on', 'off']).default('off'),
  MINGA_OWNER_EMAIL: z.email().default('owner@minga.local'),
  MINGA_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  MINGA_WEBHOOK_ALLOW_PRIVATE: z.string().optional().superRefine((v, ctx) => {
    try {
      parseAllowList(v);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  }),
  MINGA_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(DEFAULT_WEBHOOK_SETTINGS.timeoutMs),
  MINGA_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(DEFAULT_WEBHOOK_SETTINGS.retryBaseMs),
  MINGA_WEBHOOK_RETRY_HOURS: z.coerce.number().positive().max(24 * 30).default(DEFAULT_WEBHOOK_SETTINGS.retryWindowMs / 3_600_000),
  MINGA_WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().max(24 * 365).default(DEFAULT_WEBHOOK_SETTINGS.disableAfterMs / 3_600_000),
  MINGA_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_WEBHOOK_SETTINGS.concurrency),
  MINGA_WEBHOOK_CONCURRENCY_PER_ENDPOINT: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_WEBHOOK_SETTINGS.concurrencyPerTarget),
  MINGA_OPERATION_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
  MINGA_RATE_LIMIT_REQUESTS_PER_SECOND: rate(1_000_000).default(100),
  MINGA_RATE_LIMIT_REQUESTS_BURST: z.coerce.number().int().min(1).max(100_000_000).optional(),
  MINGA_RATE_LIMIT_TASKS_PER_MINUTE: rate(1_000_000_000).default(600_000),
  MINGA_LOGIN_ATTEMPTS_PER_MINUTE: rate(1_000_000).default(10),
  MINGA_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  MINGA_PG_CONNECTIONS: z.coerce.number().int().min(1).max(1_000).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  publicUrl: string;
  openSignup: boolean;
  credits: boolean;
  ownerEmail: string;
  maxBodyBytes: number;
  /** MINGA_WEBHOOK_ALLOW_PRIVATE as given (validated): `true`/`all`, or a comma list of CIDRs. */
  webhookAllowPrivate: string | undefined;
  /** Timeouts, retry schedule and concurrency of webhook deliveries; tests shorten them. */
  webhooks: Readonly<WebhookSettings>;
  /**
   * How long a process may hold a background operation before another may take it over. On PostgreSQL
   * it is how long the operations of a crashed process wait; tests shorten it to see takeovers quickly.
   */
  operationLeaseMs: number;
  /** Requests per second and tasks per minute per API key or user; 0 turns a limit off. */
  rateLimits: RateLimitSettings;
  /** Login attempts per email: a minute's worth at once, then this many a minute (password guessing). */
  loginLimits: RateLimitSettings;
  logLevel: string;
  /** Threads serving HTTP, the main thread included: one per core unless MINGA_THREADS says otherwise. */
  threads: number;
  /** PostgreSQL connections the process may open, shared out among its threads. */
  pgConnections: number;
}>;

/**
 * Each thread's share of the process's PostgreSQL connections, at least two (a transaction and a read beside
 * it). More connections than cores only queue in PostgreSQL: on bench/claim, 2 threads × 10 connections made
 * 290–370 cycles/s, 2 × 5 made 390–430.
 */
export const pgPoolPerThread = (config: Pick<Config, 'pgConnections' | 'threads'>): number => Math.max(2, Math.ceil(config.pgConnections / config.threads));

/** Reads the environment once, at start-up; nothing else in Minga looks at `process.env`. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.MINGA_DATA_DIR,
    publicUrl: e.MINGA_PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
    openSignup: e.MINGA_OPEN_SIGNUP,
    credits: e.MINGA_CREDITS === 'on',
    ownerEmail: e.MINGA_OWNER_EMAIL,
    maxBodyBytes: e.MINGA_MAX_BODY_BYTES,
    webhookAllowPrivate: e.MINGA_WEBHOOK_ALLOW_PRIVATE,
    webhooks: Object.freeze({
      ...DEFAULT_WEBHOOK_SETTINGS,
      timeoutMs: e.MINGA_WEBHOOK_TIMEOUT_MS,
      retryBaseMs: e.MINGA_WEBHOOK_RETRY_BASE_MS,
      retryWindowMs: Math.round(e.MINGA_WEBHOOK_RETRY_HOURS * 3_600_000),
      disableAfterMs: Math.round(e.MINGA_WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000),
      concurrency: e.MINGA_WEBHOOK_CONCURRENCY,
      concurrencyPerTarget: e.MINGA_WEBHOOK_CONCURRENCY_PER_ENDPOINT,
    }),
    operationLeaseMs: e.MINGA_OPERATION_LEASE_SECONDS * 1000,
    rateLimits: Object.freeze({
      requestsPerSecond: e.MINGA_RATE_LIMIT_REQUESTS_PER_SECOND,
      // Ten seconds' worth by default: a page that loads many things at once, or a client catching up after
      // a pause, is not refused; a loop that keeps going is held to the rate.
      requestsBurst: e.MINGA_RATE_LIMIT_REQUESTS_BURST ?? Math.max(1, Math.ceil(e.MINGA_RATE_LIMIT_REQUESTS_PER_SECOND * 10)),
      tasksPerMinute: e.MINGA_RATE_LIMIT_TASKS_PER_MINUTE,
    }),
    loginLimits: Object.freeze({
      requestsPerSecond: e.MINGA_LOGIN_ATTEMPTS_PER_MINUTE / 60,
      requestsBurst: Math.max(1, Math.ceil(e.MINGA_LOGIN_ATTEMPTS_PER_MINUTE)),
      tasksPerMinute: 0,
    }),
    logLevel: e.LOG_LEVEL,
    threads: e.MINGA_THREADS ?? Math.min(availableParallelism(), MAX_DEFAULT_THREADS),
    pgConnections: e.MINGA_PG_CONNECTIONS,
  });
}
