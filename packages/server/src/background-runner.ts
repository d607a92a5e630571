import type { Logger } from 'pino';
import { pruneIdempotencyKeys } from './core/idempotency-keys.ts';
import { pruneRateLimits } from './core/limits/prune-rate-limits.ts';
import { DEFAULT_OPERATION_LEASE_MS, runNextOperation } from './core/operations/run-operations.ts';
import { expireLeases } from './core/work/release-assignment.ts';
import type { Store } from './store/store.ts';

// Expired leases return to the pool within a lease + this poll, well inside the promised 5 s.
const IDLE_POLL_MS = 500;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The in-process loop that finishes queued operations, returns expired leases to the pool and forgets
 * expired idempotency keys and rate-limit buckets that are full again. Every server process runs one;
 * conditional updates in the store keep them from doing the same work twice.
 */
export function startBackgroundRunner(
  store: Store,
  logger: Logger,
  options: { operationLeaseMs?: number; credits?: boolean } = {},
): { wake(): void; stop(): Promise<void> } {
  const leaseMs = options.operationLeaseMs ?? DEFAULT_OPERATION_LEASE_MS;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let lastPrune = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = (await expireLeases(store)) > 0;
        busy = (await runNextOperation(store, leaseMs, options.credits ?? false)) || busy;
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = Date.now();
          await pruneIdempotencyKeys(store);
          await pruneRateLimits(store);
        }
      } catch (error) {
        logger.error({ err: error }, 'background work failed; retrying');
      }
      if (!busy && !stopped) await sleep(IDLE_POLL_MS);
    }
  })();

  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      stopped = true;
      wakeUp?.();
      await loop;
    },
  };
}
