import type { Config } from '../config.ts';

/**
 * What the main thread and its HTTP threads say to each other. The main thread owns the store's background
 * work (operations, lease expiry, webhook delivery); an HTTP thread serves requests on its own store
 * connection and wakes that work when a request queued some.
 */
export interface HttpThreadData {
  config: Config;
  /** The port the main thread listens on; every HTTP thread listens there too. */
  port: number;
  /** The SQLite write lock's shared memory (see ThreadWriteLock); null on PostgreSQL. */
  writeLock: SharedArrayBuffer | null;
  /** SQLite: the rate limiters' shared buckets (see createSharedRateLimiter); null on PostgreSQL (the store has them). */
  limiterMemory: { requests: SharedArrayBuffer; login: SharedArrayBuffer } | null;
}

export type FromHttpThread = { kind: 'ready' } | { kind: 'wake'; what: 'runner' | 'deliverer' };

export type ToHttpThread = { kind: 'stop' };
