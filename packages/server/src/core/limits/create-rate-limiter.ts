import type { Store } from '../../store/store.ts';
import { createMemoryRateLimiter } from './create-memory-rate-limiter.ts';
import { createSharedRateLimiter } from './create-shared-rate-limiter.ts';
import { createTableRateLimiter } from './create-table-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { rateLimitsEnabled, type RateLimitSettings } from './rate-limit-settings.ts';

/**
 * The limiter for a store: shared through the `rate_limits` table when several processes may use the
 * store, in memory otherwise (one process owns an SQLite file): in `shared` memory when several threads of
 * the process serve requests; none when every limit is off. `clock` is the time in epoch milliseconds;
 * tests move it by hand.
 */
export function createRateLimiter(
  store: Store,
  settings: RateLimitSettings,
  options: { clock?: () => number; shared?: SharedArrayBuffer | null } = {},
): RateLimiter | null {
  if (!rateLimitsEnabled(settings)) return null;
  const clock = options.clock ?? Date.now;
  if (store.caps.multiProcess) return createTableRateLimiter(store, settings, clock);
  return options.shared ? createSharedRateLimiter(settings, options.shared, clock) : createMemoryRateLimiter(settings, clock);
}
