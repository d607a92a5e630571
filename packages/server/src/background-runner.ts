import type { Logger } from 'pino';
import { pruneIdempotencyKeys } from './core/idempotency-keys.ts';
import { runNextOperation } from './core/operations/run-operations.ts';
import type { Store } from './store/store.ts';

const IDLE_POLL_MS = 500;
const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * The in-process loop that finishes queued operations and forgets expired idempotency keys. Every server
 * process runs one; leases in the store keep them from doing the same work twice.
 */
export function startBackgroundRunner(store: Store, logger: Logger): { wake(): void; stop(): Promise<void> } {
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
        busy = await runNextOperation(store);
        if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
          lastPrune = Date.now();
          await pruneIdempotencyKeys(store);
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
