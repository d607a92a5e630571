import type { Store } from '../../store/store.ts';
import { createMemoryRateLimiter } from './create-memory-rate-limiter.ts';
import { createTableRateLimiter } from './create-table-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';
import { rateLimitsEnabled, type RateLimitSettings } from './rate-limit-settings.ts';

/**
 * The limiter for a store: shared through the `rate_limits` table when several processes may use the
 * store, in memory otherwise (one process owns an SQLite file); none when every limit is off. `clock` is
 * the time in epoch milliseconds; tests move it by hand.
 */
export function createRateLimiter(store: Store, settings: RateLimitSettings, clock: () => number = Date.now): RateLimiter | null {
  if (!rateLimitsEnabled(settings)) return null;
  return store.caps.multiProcess ? createTableRateLimiter(store, settings, clock) : createMemoryRateLimiter(settings, clock);
}
